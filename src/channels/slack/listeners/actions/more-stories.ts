import type { App } from '@slack/bolt';
import type { DigestSource } from '../../../../content/digest-source.js';
import { selectForReader, sentRecordsOf } from '../../../../digest/reader-selection.js';
import type { Logger } from '../../../../logger.js';
import { renderSlackMessages } from '../../../../render/slack-blocks.js';
import type { DeliveredStoryStore, DeliveryKey, DeliveryLedger } from '../../../../store/types.js';
import { moreStoriesActionId, moreStoriesValue, toDeliveryError } from '../../scheduled-posts.js';

/** Dependencies of the "More stories" action listener. */
export interface MoreStoriesActionDeps {
  store: DeliveryLedger & DeliveredStoryStore;
  digestSource: DigestSource;
  logger: Logger;
  maxStories: number;
  timeZone: string;
  /** Words each digest channel follows (SLACK_DIGEST_CHANNELS). */
  channelTopics: Record<string, string[]>;
  now: () => Date;
}

function nextNumberOf(value: string | undefined): number {
  try {
    const next = (JSON.parse(value ?? '{}') as { next?: unknown }).next;
    return typeof next === 'number' && Number.isInteger(next) && next > 0 ? next : 1;
  } catch {
    return 1;
  }
}

/**
 * Answers the "More stories" button of a morning post: posts, in the same channel, the next stories it has not been
 * posted yet (matching its words), and records them so tomorrow's post does not repeat them.
 */
export function registerMoreStoriesAction(app: App, deps: MoreStoriesActionDeps): void {
  app.action(moreStoriesActionId, async ({ ack, body, action, client, respond }) => {
    // Slack wants the acknowledgement within 3 seconds, before the digest is built.
    await ack();
    const channel = body.channel?.id;
    if (!channel) return;
    const firstNumber = nextNumberOf('value' in action && typeof action.value === 'string' ? action.value : undefined);
    const now = deps.now();
    const digest = await deps.digestSource.getDigest({ now });
    const delivered = new Map((await deps.store.listDeliveredStories('slack', channel)).map((s) => [s.storyId, s.reports]));
    const selection =
      digest.coverage.fallbackDay === null ? selectForReader(digest.stories, delivered, { follow: deps.channelTopics[channel] ?? [], mute: [] }) : null;
    if (!selection || selection.stories.length === 0) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That’s all for today: this channel has every story.' });
      return;
    }
    const shown = selection.stories.slice(0, deps.maxStories);
    const messages = renderSlackMessages(
      { ...digest, stories: selection.stories },
      {
        maxStories: deps.maxStories,
        timeZone: deps.timeZone,
        title: 'Brief — more stories',
        updates: selection.updates,
        moreButton: { actionId: moreStoriesActionId, value: moreStoriesValue(firstNumber + shown.length) },
      },
    );
    const key: DeliveryKey = { channel: 'slack', target: channel, edition: `more ${now.toISOString()}` };
    await deps.store.beginDelivery(key);
    await deps.store.recordDeliveryStories(key, sentRecordsOf(shown));
    try {
      for (const [index, message] of messages.entries()) {
        await deps.store.recordPartStarted(key, index);
        await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
        await deps.store.recordPartSent(key, index + 1);
      }
    } catch (error) {
      const failure = toDeliveryError(error, channel);
      // Recorded as the morning posts are: a lost answer keeps its part in flight (uncertain), anything else fails.
      if (failure.code === 'uncertain') await deps.store.markUncertain(key, failure.message);
      else await deps.store.markFailed(key, `${failure.code}: ${failure.message}`, true);
      deps.logger.error('slack more stories not posted', { channel, code: failure.code, error: failure.message });
      // The reader pressed a button: say why nothing (or not everything) came, rather than stay silent.
      const text =
        failure.code === 'uncertain'
          ? 'Slack’s answer was lost while posting the next stories: they may or may not have appeared. Check the channel before pressing More stories again.'
          : `Brief could not post the next stories. ${failure.message}`;
      await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((respondError: unknown) =>
        deps.logger.warn('slack more stories: could not tell the reader', { channel, error: respondError }),
      );
      return;
    }
    await deps.store.markDelivered(key);
    deps.logger.info('slack more stories posted', { channel, stories: shown.length });
  });
}
