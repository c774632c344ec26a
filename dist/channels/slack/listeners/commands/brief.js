import { filterStories, parseSearchWords } from '../../../../digest/filter-stories.js';
import { escapeMrkdwn, renderSlackMessages } from '../../../../render/slack-blocks.js';
/** The slash command this listener answers; the manifest declares the same name. */
export const briefCommand = '/brief';
/** The help text, in mrkdwn; `<` and `>` are escaped, or Slack would read `<words>` as a link. */
export const briefUsage = [
    '*Brief* — today’s news digest',
    '• `/brief` — today’s digest, only for you',
    '• `/brief share` — post it in this channel for everyone',
    '• `/brief &lt;words&gt;` — only the stories that mention all the words, e.g. `/brief rubio putin`',
    '• `/brief share &lt;words&gt;` — post only those stories in this channel',
    '• `/brief help` — this help',
].join('\n');
/**
 * A response_url takes five messages; three for the digest leaves room for an apology if one fails,
 * and a digest longer than three messages is best narrowed with words anyway.
 */
const maxResponseMessages = 3;
function decodeSlackText(text) {
    return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
/**
 * Reads the text after `/brief`. Words starting with a dash are options Brief does not have, so they get
 * the usage text instead of a search nobody meant; `share` may be followed by words to share a selection.
 */
export function parseBriefArgs(text) {
    const tokens = decodeSlackText(text).trim().split(/\s+/).filter((token) => token !== '');
    const [first, ...rest] = tokens;
    if (first === undefined)
        return { kind: 'digest', share: false, words: [] };
    const head = first.toLowerCase();
    if (head === 'help' || head === '?' || head === '-h' || head === '--help')
        return { kind: 'help' };
    const option = tokens.find((token) => /^-{1,2}\p{L}/u.test(token) || /^—\p{L}/u.test(token));
    if (option !== undefined)
        return { kind: 'usage', problem: `Brief has no option \`${option.replace(/`/g, '')}\`.` };
    const share = head === 'share';
    const words = parseSearchWords((share ? rest : tokens).join(' '));
    if (!share && words.length === 0) {
        return { kind: 'usage', problem: `There is nothing to search for in \`${first.replace(/`/g, '')}\`.` };
    }
    return { kind: 'digest', share, words };
}
/** Pure: the messages a /brief request answers with, from the digest. */
export function composeBriefMessages(digest, request, options) {
    if (request.words.length === 0) {
        const messages = renderSlackMessages(digest, {
            maxStories: options.maxStories,
            timeZone: options.timeZone,
            maxMessages: maxResponseMessages,
            moreHint: 'Narrow the list with /brief <words>.',
        });
        return { messages, found: digest.stories.length > 0 };
    }
    const matching = filterStories(digest, request.words);
    const quoted = `“${request.words.join(' ')}”`;
    if (matching.stories.length === 0) {
        const total = digest.stories.length;
        const text = escapeMrkdwn(`No story in today’s digest mentions ${quoted}${request.share ? ', so nothing was posted' : ''}. ` +
            `Try fewer words, or /brief for all ${total} ${total === 1 ? 'story' : 'stories'}.`);
        return {
            messages: [{ text, blocks: [{ type: 'section', block_id: 'no-match', text: { type: 'mrkdwn', text, verbatim: true } }] }],
            found: false,
        };
    }
    const count = matching.stories.length;
    const messages = renderSlackMessages(matching, {
        maxStories: options.maxStories,
        timeZone: options.timeZone,
        maxMessages: maxResponseMessages,
        intro: `${count} of ${digest.stories.length} ${digest.stories.length === 1 ? 'story' : 'stories'} mention ${quoted}.`,
        moreHint: 'Add words to narrow the list.',
    });
    return { messages, found: true };
}
/**
 * Returns a function that resolves its callers one per event-loop cycle (check phase), so that a burst of
 * replies interleaves with the poll phase where new requests are read and acked.
 */
export function createTurns() {
    const waiting = [];
    let scheduled = false;
    const pump = () => {
        waiting.shift()?.();
        if (waiting.length > 0)
            setImmediate(pump);
        else
            scheduled = false;
    };
    return () => new Promise((resolve) => {
        waiting.push(resolve);
        if (!scheduled) {
            scheduled = true;
            setImmediate(pump);
        }
    });
}
/** Answers kept per digest: the source hands out the same cached digest object until it rebuilds it. */
const answersPerDigest = 64;
/** Registers `/brief`: acks at once, then answers through `respond()` with the digest as Block Kit. */
export function registerBriefCommand(app, deps) {
    const { digestSource, logger } = deps;
    const answers = new WeakMap();
    const nextTurn = createTurns();
    /** Renders once per digest and request, so a burst of /brief costs one render, not one each. */
    function answerFor(digest, request) {
        const key = `${request.share ? 'share' : 'own'}:${request.words.join(' ')}`;
        let cache = answers.get(digest);
        if (cache === undefined) {
            cache = new Map();
            answers.set(digest, cache);
        }
        let answer = cache.get(key);
        if (answer === undefined) {
            answer = composeBriefMessages(digest, request, deps);
            if (cache.size >= answersPerDigest)
                cache.delete(cache.keys().next().value);
            cache.set(key, answer);
        }
        return answer;
    }
    app.command(briefCommand, async ({ command, ack, respond }) => {
        const request = parseBriefArgs(command.text ?? '');
        if (request.kind === 'help') {
            await ack({ response_type: 'ephemeral', text: briefUsage });
            return;
        }
        if (request.kind === 'usage') {
            await ack({ response_type: 'ephemeral', text: `${escapeMrkdwn(request.problem)}\n\n${briefUsage}` });
            return;
        }
        await ack();
        // Slack enforces 3 seconds on the HTTP answer, while a response_url stays good for 30 minutes:
        // replies wait their turn, one per event-loop cycle, so waiting commands are acked first.
        await nextTurn();
        const context = { channel: command.channel_id, user: command.user_id, share: request.share };
        let answer;
        try {
            const digest = await digestSource.getDigest({ now: deps.now() });
            answer = answerFor(digest, request);
        }
        catch (error) {
            logger.error('slack /brief could not build the digest', { ...context, error });
            await respond({ response_type: 'ephemeral', text: 'Sorry, today’s digest could not be built just now. Please try again in a minute.' }).catch((respondError) => logger.error('slack respond failed', { ...context, error: respondError }));
            return;
        }
        // "Nothing found" is said only to the asker, never to the channel.
        const responseType = request.share && answer.found ? 'in_channel' : 'ephemeral';
        for (const [part, message] of answer.messages.entries()) {
            try {
                await respond({ response_type: responseType, replace_original: false, ...message });
            }
            catch (error) {
                logger.error('slack respond failed', { ...context, part, error });
                return;
            }
        }
    });
}
//# sourceMappingURL=brief.js.map