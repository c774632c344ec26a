import type { App } from '@slack/bolt';
import type { DigestSource } from '../../../../content/digest-source.js';
import { reportCount, selectForReader } from '../../../../digest/reader-selection.js';
import type { Logger } from '../../../../logger.js';
import { renderSlackMessages } from '../../../../render/slack-blocks.js';
import type { DeliveredStoryStore, DeliveryKey, DeliveryLedger } from '../../../../store/types.js';
import { moreStoriesActionId, moreStoriesValue } from '../../scheduled-posts.js';

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
    await deps.store.recordDeliveryStories(key, shown.map((story) => ({ storyId: story.id, reports: reportCount(story) })));
    for (const [index, message] of messages.entries()) {
      await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      await deps.store.recordPartSent(key, index + 1);
    }
    await deps.store.markDelivered(key);
    deps.logger.info('slack more stories posted', { channel, stories: shown.length });
  });
}
