import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, renderSlackMessages, sanitizeLinkUrl, type SlackMessage } from '../../src/render/slack-blocks.js';
import { hostileDigest, makeDigest, makeStory, morningDigest, rubioStory } from '../fixtures/slack-digests.js';
import { validateMessage } from '../servers/slack-api-server.js';

/** Every text Slack will parse in a message: the fallback and every text object in the blocks. */
function textsOf(message: SlackMessage): { text: string; type: string; verbatim?: boolean }[] {
  const texts: { text: string; type: string; verbatim?: boolean }[] = [{ text: message.text, type: 'fallback' }];
  for (const block of message.blocks) {
    const b = block as { text?: { type: string; text: string; verbatim?: boolean }; elements?: { type: string; text: string; verbatim?: boolean }[] };
    if (b.text) texts.push(b.text);
    for (const element of b.elements ?? []) texts.push(element);
  }
  return texts;
}

/** Slack control sequences (`<…>`) in a text, i.e. what Slack turns into mentions or links. */
function controlSequences(text: string): string[] {
  return text.match(/<[^>]*>/g) ?? [];
}

describe('escapeMrkdwn', () => {
  it('escapes the three control characters and nothing else', () => {
    expect(escapeMrkdwn('Tom & Jerry <!channel> > "quotes" \'s')).toBe('Tom &amp; Jerry &lt;!channel&gt; &gt; "quotes" \'s');
  });
});

describe('sanitizeLinkUrl', () => {
  it('keeps http(s) links and escapes what would end the link early', () => {
    expect(sanitizeLinkUrl('https://news.example/a|b>c<d?x=1&y=2')).toBe('https://news.example/a%7Cb%3Ec%3Cd?x=1&amp;y=2');
  });
  it('drops other schemes, junk and credentials', () => {
    expect(sanitizeLinkUrl('javascript:alert(1)')).toBeNull();
    expect(sanitizeLinkUrl('ftp://files.example/x')).toBeNull();
    expect(sanitizeLinkUrl('not a url')).toBeNull();
    expect(sanitizeLinkUrl(null)).toBeNull();
    expect(sanitizeLinkUrl('https://user:secret@news.example/x')).toBe('https://news.example/x');
    expect(sanitizeLinkUrl(`https://news.example/${'a'.repeat(3000)}`)).toBeNull();
  });
});

describe('renderSlackMessages', () => {
  it('renders the morning digest as one valid message: header, stories, quotes, what’s next, linked sources', () => {
    const messages = renderSlackMessages(morningDigest(), { maxStories: 8 });
    expect(messages).toHaveLength(1);
    const [message] = messages as [SlackMessage];
    expect(validateMessage(message)).toBeNull();
    expect(message.blocks[0]).toEqual({ type: 'header', block_id: 'header', text: { type: 'plain_text', text: 'Brief — Monday 1 December 2025', emoji: true } });
    const first = (message.blocks[1] as { text: { text: string; verbatim: boolean } }).text;
    expect(first.verbatim).toBe(true);
    expect(first.text).toBe(
      [
        '*Rubio and Witkoff meet Ukrainian delegation in Florida to refine peace plan*  ·  _3 sources_',
        rubioStory.summary,
        '> “There is more work to be done, but we are making progress.” — *Marco Rubio*, US Secretary of State',
        '> “We had a productive and substantive conversation.” — *Rustem Umerov*, secretary of Ukraine’s National Security and Defence Council',
        "*What's next:* Witkoff is expected to travel to Moscow to present the plan to Vladimir Putin. _(Tue 2 Dec)_",
        'Sources: <https://www.reuters.com/world/europe/us-ukraine-talks-florida-2025-11-30/|Reuters> · <https://apnews.com/article/ukraine-russia-rubio-florida?utm_source=feed&amp;utm_medium=rss|AP> · CRBC News',
      ].join('\n'),
    );
    expect(message.blocks.filter((block) => block.type === 'divider')).toHaveLength(7);
    expect(message.text).toMatch(/^Brief — Monday 1 December 2025: 1\) Rubio and Witkoff meet Ukrainian delegation/);
    expect(message.text).not.toContain('*');
  });

  it('dates the header in the given time zone', () => {
    const digest = makeDigest([rubioStory], { generatedAt: '2025-11-30T23:30:00.000Z' });
    const [message] = renderSlackMessages(digest, { maxStories: 8, timeZone: 'Europe/Kyiv' });
    expect((message!.blocks[0] as { text: { text: string } }).text.text).toBe('Brief — Monday 1 December 2025');
  });

  it('says "Latest news from <day>" when the digest fell back to an older day', () => {
    const digest = makeDigest([rubioStory], { coverage: { from: null, until: null, fallbackDay: '2025-11-30' } });
    const [message] = renderSlackMessages(digest, { maxStories: 8 });
    expect((message!.blocks[0] as { text: { text: string } }).text.text).toBe('Latest news from Sunday 30 November 2025');
    const [titled] = renderSlackMessages(digest, { maxStories: 8, title: 'Brief' });
    expect(JSON.stringify(titled!.blocks)).toContain('Latest news from Sunday 30 November 2025');
  });

  it('leaves no mention, broadcast or planted link live in hostile article text', () => {
    const messages = renderSlackMessages(hostileDigest(), { maxStories: 8 });
    for (const message of messages) {
      expect(validateMessage(message)).toBeNull();
      for (const text of textsOf(message)) {
        if (text.type === 'mrkdwn') expect(text.verbatim).toBe(true);
        for (const sequence of controlSequences(text.text)) {
          // The only control sequences left are links Brief made from sanitised source URLs.
          expect(sequence).toMatch(/^<https:\/\/[^|<>\s]+\|[^<>]*>$/);
        }
        expect(text.text).not.toMatch(/<[!@#]/);
      }
    }
    const all = JSON.stringify(messages);
    expect(all).toContain('Breaking &lt;!channel&gt; markets &lt;!here&gt; tumble');
    expect(all).toContain('&lt;@U123&gt;');
    expect(all).toContain('&lt;http://evil.example|click&gt;');
    expect(all).not.toContain('javascript:');
    expect(all).toContain('<https://news.example/a%7Cb%3Ec%3Cd?x=1&amp;y=%3C@U999%3E|Pipe News>');
  });

  it('splits a 60-story digest into messages of at most 50 blocks, every story once', () => {
    const digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index)));
    const messages = renderSlackMessages(digest, { maxStories: 60 });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(validateMessage(message)).toBeNull();
    }
    const headlines = messages.flatMap((message) =>
      message.blocks.flatMap((block) => {
        const text = (block as { text?: { text: string } }).text?.text ?? '';
        return block.type === 'section' ? [text.split('\n')[0]!.replace(/^\*(.*)\* {2}·.*$/, '$1')] : [];
      }),
    );
    expect(headlines).toEqual(digest.stories.map((story) => story.headline));
    expect(messages[1]!.text).toMatch(/^Brief — Monday 1 December 2025 \(continued\): 1\) /);
  });

  it('cuts to maxMessages and points to the rest', () => {
    const digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index)));
    const messages = renderSlackMessages(digest, { maxStories: 60, maxMessages: 1, moreHint: 'Narrow it with /brief <words>.' });
    expect(messages).toHaveLength(1);
    const last = messages[0]!.blocks.at(-1) as { type: string; elements: { text: string }[] };
    expect(last.type).toBe('context');
    const shown = messages[0]!.blocks.filter((block) => block.type === 'section').length;
    expect(last.elements[0]!.text).toBe(`${60 - shown} more stories are not shown. Narrow it with /brief &lt;words&gt;.`);
    expect(validateMessage(messages[0]!)).toBeNull();
  });

  it('counts stories beyond maxStories in the pointer', () => {
    const messages = renderSlackMessages(morningDigest(), { maxStories: 3 });
    expect(JSON.stringify(messages.at(-1)!.blocks.at(-1))).toContain('5 more stories are not shown.');
  });

  it('splits a story longer than a section into several sections without losing text', () => {
    const long = 'The talks went on late into the night. '.repeat(200);
    const story = { ...rubioStory, summary: long.trim(), quotes: [{ ...rubioStory.quotes[0]!, text: 'x'.repeat(5000) }] };
    const messages = renderSlackMessages(makeDigest([story]), { maxStories: 8 });
    const sections = messages.flatMap((message) => message.blocks).filter((block) => block.type === 'section');
    expect(sections.length).toBeGreaterThan(3);
    for (const message of messages) expect(validateMessage(message)).toBeNull();
    const joined = sections.map((block) => (block as { text: { text: string } }).text.text).join(' ');
    expect(joined.match(/The talks went on late into the night\./g)).toHaveLength(200);
    expect((joined.match(/x{20,}/g) ?? []).join('')).toHaveLength(5000);
  });

  it('keeps the header within 150 characters', () => {
    const [message] = renderSlackMessages(morningDigest(), { maxStories: 8, title: 'A'.repeat(400) });
    expect((message!.blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
    expect(validateMessage(message!)).toBeNull();
  });

  it('says so when there are no stories', () => {
    const [message] = renderSlackMessages(makeDigest([]), { maxStories: 8 });
    expect(validateMessage(message!)).toBeNull();
    expect(JSON.stringify(message!.blocks)).toContain('No stories in this digest yet.');
  });
});
