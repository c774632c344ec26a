import { describe, expect, it } from 'vitest';
import { eventDateLabel } from '../../src/render/common.js';
import { renderText } from '../../src/render/text.js';
import { renderTelegramMessages } from '../../src/render/telegram-html.js';
import { renderSlackMessages } from '../../src/render/slack-blocks.js';
import type { Digest } from '../../src/digest/types.js';

const today = '2025-11-30T07:00:00.000Z';

describe('eventDateLabel', () => {
  it('shows a day in the coming twelve months without its year', () => {
    expect(eventDateLabel({ text: 'The bridge shuts.', date: '2026-01-12', dateText: 'from 12 January' }, today)).toBe('Mon 12 Jan');
  });

  it('shows the year of a day already past or more than a year ahead', () => {
    expect(eventDateLabel({ text: 'The summit opens.', date: '2024-12-02', dateText: 'on 2 December' }, today)).toBe('Mon 2 Dec 2024');
    expect(eventDateLabel({ text: 'France votes.', date: '2027-04-11', dateText: 'on 11 April 2027' }, today)).toBe('Sun 11 Apr 2027');
  });

  it('shows a span of days as a span, and a deadline as "By"', () => {
    expect(eventDateLabel({ text: 'The bridge shuts.', date: '2025-12-05', dateText: 'from 5 to 7 December', until: '2025-12-07' }, today)).toBe('Fri 5 Dec – Sun 7 Dec');
    expect(eventDateLabel({ text: 'Putin meets Witkoff.', date: '2025-12-04', dateText: 'before Thursday' }, today)).toBe('By Thu 4 Dec');
  });

  it('adds the year to a vague span that is not in the coming year', () => {
    expect(eventDateLabel({ text: 'France votes.', date: '2027-01-01', dateText: 'in two years', until: '2027-12-31' }, today)).toBe('In two years (2027)');
  });

  it('is what the text, Telegram and Slack digests print beside each item', () => {
    const digest: Digest = {
      generatedAt: today,
      coverage: { from: null, until: null, fallbackDay: null },
      problems: [],
      stories: [{
        id: 'a', headline: 'Bridge to close', summary: 'The council will close the bridge.', quotes: [],
        sources: [{ name: 'Courier', title: 'Bridge to close', url: null, publishedAt: today, file: 'a.md' }],
        whatsNext: [{ text: 'The summit opens.', date: '2024-12-02', dateText: 'on 2 December' }],
      }],
    };
    expect(renderText(digest, { maxStories: 5 })).toContain('• Mon 2 Dec 2024: The summit opens.');
    expect(renderTelegramMessages(digest, { maxStories: 5 }).join('\n')).toContain('The summit opens. <i>(Mon 2 Dec 2024)</i>');
    expect(JSON.stringify(renderSlackMessages(digest, { maxStories: 5 }))).toContain('Mon 2 Dec 2024');
  });
});
