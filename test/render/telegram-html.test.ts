import { describe, expect, it } from 'vitest';
import type { Story } from '../../src/digest/types.js';
import { escapeHtml, renderTelegramMessages, TELEGRAM_MESSAGE_LIMIT } from '../../src/render/telegram-html.js';
import { digestOf, energyStory, morningDigest, talksStory } from '../fixtures/digests.js';
import { parseTelegramHtml } from '../servers/telegram-html.js';

/** Parses every message as the Bot API would, failing the test on the first one Telegram would refuse. */
function parsedTexts(messages: string[]): string[] {
  return messages.map((message) => {
    expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    const parsed = parseTelegramHtml(message);
    if (!parsed.ok) throw new Error(`${parsed.error}\n${message.slice(0, 300)}`);
    return parsed.text;
  });
}

const hostile: Story = {
  id: 'hostile',
  headline: 'Officials <script>alert("x")</script> & “partners” meet <b>unclosed',
  summary: 'Prices rose 5% & fell <3 times; AT&amp;T said </i> nothing. ' + 'Lorem ipsum dolor sit amet. '.repeat(400),
  sources: [
    { name: 'Bad <Outlet> & Co', title: 'x', url: 'https://evil.example/?q="><script>&x=1', publishedAt: null, file: 'a.md' },
    { name: null, title: 'No outlet title', url: 'javascript:alert(1)', publishedAt: null, file: 'b.md' },
  ],
  quotes: [
    { text: '“' + 'We will not <yield> & we will not stop. '.repeat(250) + '”', speaker: 'A <b>speaker</b>', role: 'Minister & envoy', sources: ['a'] },
    { text: 'Short <i>quote', speaker: null, role: null, sources: ['b'] },
  ],
  whatsNext: [{ text: 'Vote due <soon> & later', date: '2025-12-04', dateText: 'Thursday' }],
};

describe('renderTelegramMessages', () => {
  it('shows headline, summary, quote with speaker and role, what is next with its date, and linked sources', () => {
    const messages = renderTelegramMessages(morningDigest, { maxStories: 8 });
    expect(messages).toHaveLength(1);
    const [html] = messages as [string];
    expect(html).toContain('📰 <b>Brief</b> · Mon 1 Dec 2025');
    expect(html).toContain('<b>1. US and Ukrainian delegations meet in Florida on peace framework</b>');
    expect(html).toContain('Secretary of State Marco Rubio and envoy Steve Witkoff met a Ukrainian delegation');
    expect(html).toContain('<blockquote>“There is more work to be done, but we are more optimistic than ever.”\n— <i>Marco Rubio, US Secretary of State</i></blockquote>');
    expect(html).toContain('<b>What’s next:</b> Witkoff is expected to meet Vladimir Putin in Moscow. <i>(Tue 2 Dec)</i>');
    expect(html).toContain('<i>2 sources:</i> <a href="https://news.example/rubio-florida">CRBC News</a> · <a href="https://ledger.example/witkoff-moscow?ref=a&amp;b=c">Daily Ledger</a>');
    expect(html).toContain('<b>2. Kyiv restores power after overnight strikes on energy grid</b>');
    expect(html).toContain('<i>1 source:</i> <a href="https://kyivwire.example/power">Kyiv Wire</a>');
    parsedTexts(messages);
  });

  it('says how many stories are left out beyond maxStories', () => {
    const messages = renderTelegramMessages(morningDigest, { maxStories: 1 });
    const text = messages.join('\n');
    expect(text).toContain('1. US and Ukrainian');
    expect(text).not.toContain('Kyiv restores power');
    expect(text).toContain('…and 1 more story in today’s digest.');
  });

  it('says when it falls back to the latest day', () => {
    const digest = digestOf([energyStory], { coverage: { from: null, until: null, fallbackDay: '2025-11-28' } });
    expect(renderTelegramMessages(digest, { maxStories: 8 })[0]).toContain('Latest news from Fri 28 Nov 2025.');
  });

  it('says so when there is no news', () => {
    expect(renderTelegramMessages(digestOf([]), { maxStories: 8 })[0]).toContain('No news in this edition.');
  });

  it('escapes hostile article text and keeps every message valid and under 4,096 characters', () => {
    const digest = digestOf([hostile, talksStory, hostile, energyStory]);
    const messages = renderTelegramMessages(digest, { maxStories: 8 });
    const texts = parsedTexts(messages);
    const all = texts.join('\n');
    expect(all).toContain('Officials <script>alert("x")</script> & “partners” meet <b>unclosed');
    expect(all).toContain('Prices rose 5% & fell <3 times; AT&amp;T said </i> nothing.');
    expect(all).toContain('A <b>speaker</b>, Minister & envoy');
    expect(messages.join('')).not.toContain('<script>');
    expect(messages.join('')).not.toContain('href="javascript:');
    expect(messages.join('')).toContain('href="https://evil.example/?q=&quot;&gt;&lt;script&gt;&amp;x=1"');
    // The 10,000-character quote is shortened at a word, with an ellipsis, inside its blockquote.
    expect(all).toMatch(/We will not <yield> & we will not stop\.[^”]*…”/);
    // Splits happen between stories: each story's headline starts a block and all four are present.
    for (const n of [1, 2, 3, 4]) expect(all).toContain(`${n}. `);
    expect(messages.length).toBeGreaterThan(1);
  });

  it('splits between stories, never inside one, when stories together exceed a message', () => {
    const long: Story = { ...energyStory, summary: 'Substations were repaired overnight. '.repeat(60) };
    const stories = Array.from({ length: 6 }, (_, i) => ({ ...long, id: `s${i}`, headline: `Story number ${i + 1}` }));
    const messages = renderTelegramMessages(digestOf(stories), { maxStories: 8 });
    expect(messages.length).toBeGreaterThan(1);
    parsedTexts(messages);
    for (const message of messages.slice(1)) expect(message.startsWith('<b>')).toBe(true);
    const headlines = messages.join('\n').match(/<b>\d\. Story number \d<\/b>/g);
    expect(headlines).toHaveLength(6);
  });

  it('never splits a surrogate pair when shortening', () => {
    const emoji: Story = { ...energyStory, headline: '🔥'.repeat(400), summary: '🇺🇦'.repeat(3000) };
    const messages = renderTelegramMessages(digestOf([emoji]), { maxStories: 8 });
    parsedTexts(messages);
    for (const message of messages) expect(message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('escapes the three characters Telegram requires', () => {
    expect(escapeHtml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
  });
});
