import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build-digest.js';
import { summarize, type CandidateSentence } from '../../src/digest/summarize.js';
import type { Article, Digest } from '../../src/digest/types.js';
import { renderSlackMessages } from '../../src/render/slack-blocks.js';
import { renderTelegramMessages } from '../../src/render/telegram-html.js';
import { renderText } from '../../src/render/text.js';

function article(id: string, source: string, published: string, title: string, paragraphs: string[]): Article {
  return { id, file: `${id}.md`, title, source, url: `https://${id}.example/news`, publishedAt: new Date(published), publishedOffsetMinutes: 0, author: null, standfirst: null, paragraphs };
}

// Three separately written reports of one bridge closure: the same names, places, numbers and quote, in other words.
const courier = article('courier-bridge', 'Northbay Courier', '2025-11-30T08:00:00Z', 'Harbour bridge to close for six weeks of repairs', [
  'The Kestrel Harbour Bridge will close to all traffic for six weeks from 8 December while engineers replace corroded cables, Northbay Council said on Sunday.',
  'Council leader Amara Velde said the closure could not wait. "We found corrosion that we cannot leave until the spring," Velde told reporters at the council offices.',
  'About 41,000 vehicles cross the bridge each day. Drivers will be sent along the Orrin ring road, adding around 20 minutes to journeys into Northbay.',
  'Ferry operator Bluewake will run extra sailings between Kestrel Point and the city centre during the works.',
]);
const gazette = article('gazette-bridge', 'Kestrel Gazette', '2025-11-30T11:30:00Z', 'Kestrel bridge shut from December as cables corrode', [
  'Engineers will shut the Kestrel Harbour Bridge on 8 December for emergency cable work expected to last six weeks, Northbay Council announced.',
  'Inspections in November found corrosion in several of the suspension cables, according to the council. "We found corrosion that we cannot leave until the spring," council leader Amara Velde said.',
  'Commuters face diversions via the Orrin ring road. The crossing normally carries 41,000 vehicles a day.',
  'Local businesses in Kestrel Point warned that trade would suffer over the Christmas period.',
]);
const radio = article('radio-bridge', 'Northbay Radio', '2025-11-30T15:10:00Z', 'What the Kestrel Harbour Bridge closure means for drivers', [
  'Northbay Council will close the Kestrel Harbour Bridge for six weeks from 8 December so that corroded cables can be replaced.',
  'Amara Velde, who leads the council, said the repairs were urgent. Traffic will be diverted along the Orrin ring road and Bluewake ferries will add sailings.',
  'The bridge is used by some 41,000 vehicles every day.',
]);

// The same kind of event, another place and people, the same day: a near miss that must stay apart.
const otherBridge = article('post-bridge', 'Eastmoor Post', '2025-11-30T09:45:00Z', 'Eastmoor viaduct closed after lorry strike', [
  'The Tarrow Viaduct in Eastmoor was closed on Sunday after a lorry struck one of its supports, Eastmoor Highways said.',
  'Highways director Jonas Pellin said engineers were assessing the damage. "Until we know the structure is sound, the viaduct stays closed," Pellin said.',
  'Traffic is being diverted through Eastmoor town centre, and police asked drivers to avoid the area.',
  'The viaduct carries about 12,000 vehicles a day on the Eastmoor bypass.',
]);

// A later meeting of the same council on the same bridge, eight days on: another event.
const laterMeeting = article('courier-bridge-later', 'Northbay Courier', '2025-12-08T09:00:00Z', 'Kestrel Harbour Bridge closes as cable work begins', [
  'The Kestrel Harbour Bridge closed on Monday morning as contractors began replacing corroded cables, Northbay Council said.',
  'Council leader Amara Velde visited the site. Queues built on the Orrin ring road during the morning rush, and Bluewake ferries ran full.',
  'The works are expected to last six weeks.',
]);

// One AP report on two sites, and a separately written report of the same storm.
const apText = [
  'LISBON, Portugal (AP) — Storm Halvard brought winds of 140 kilometers per hour to the coast of Portugal on Tuesday, cutting power to 90,000 homes and forcing the closure of Lisbon airport, officials said.',
  'The civil protection agency said two people were injured by falling trees in Setubal. Firefighters answered more than 1,200 calls overnight.',
  'Forecasters said the storm would move north toward Galicia in Spain on Wednesday, bringing heavy rain and high seas.',
  'Prime Minister Rui Damasceno asked people to stay indoors and avoid the coast until the warning is lifted.',
];
const apOnTimes = article('times-storm', 'Algarve Times (AP)', '2025-12-02T10:00:00Z', 'Storm Halvard cuts power to 90,000 homes in Portugal', apText);
const apOnHerald = article('herald-storm', 'Porto Herald', '2025-12-02T10:40:00Z', 'Storm Halvard hits Portugal, Lisbon airport closed', apText);
const ownReport = article('daily-storm', 'Iberia Daily', '2025-12-02T12:15:00Z', 'Lisbon airport shut as Halvard batters Portuguese coast', [
  'Portugal\u2019s capital closed its airport on Tuesday as Storm Halvard swept in from the Atlantic with gusts of 140 km/h.',
  'Some 90,000 households lost electricity, the national grid operator said, and two people were hurt in Setubal when trees fell.',
  'Prime Minister Rui Damasceno urged residents to stay at home. Galicia in northern Spain is expected to feel the storm on Wednesday.',
]);

const period = { since: new Date('2025-11-01T00:00:00Z'), until: new Date('2025-12-31T00:00:00Z'), now: new Date('2025-12-31T00:00:00Z') };

/** Each story as its sorted article ids, stories sorted: what the grouping decided, whatever the order shown. */
function grouping(digest: Digest): string[][] {
  return digest.stories.map((story) => story.sources.map((source) => source.file.replace(/\.md$/, '')).sort()).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

describe('grouping across outlets', () => {
  it('makes one story of three differently worded reports of one event, headed by a title of theirs', () => {
    const digest = buildDigest([courier, gazette, radio], period);
    expect(digest.stories).toHaveLength(1);
    const story = digest.stories[0]!;
    expect(story.sources.map((source) => source.name)).toEqual(['Northbay Courier', 'Kestrel Gazette', 'Northbay Radio']);
    expect(story.outletCount).toBe(3);
    expect([courier.title, gazette.title, radio.title]).toContain(story.headline);
    expect(renderText(digest, { maxStories: 8 })).toContain('3 sources: Northbay Courier, Kestrel Gazette, Northbay Radio');
  });

  it('keeps apart a report of another bridge the same day and a later event on the same bridge, linking the later one back', () => {
    const digest = buildDigest([courier, gazette, radio, otherBridge, laterMeeting], period);
    expect(grouping(digest)).toEqual([['courier-bridge', 'gazette-bridge', 'radio-bridge'], ['courier-bridge-later'], ['post-bridge']]);
    const first = digest.stories.find((story) => story.articleIds?.includes('courier-bridge'));
    const later = digest.stories.find((story) => story.articleIds?.includes('courier-bridge-later'));
    expect(later?.follows).toBe(first?.id);
    expect(first?.follows).toBeNull();
  });

  it('gives the same stories, ids and order whatever order the articles come in', () => {
    const articles = [courier, gazette, radio, otherBridge, laterMeeting, apOnTimes, apOnHerald, ownReport];
    const expected = buildDigest(articles, period);
    for (const order of [[...articles].reverse(), [radio, apOnHerald, otherBridge, courier, ownReport, laterMeeting, gazette, apOnTimes]]) {
      const digest = buildDigest(order, period);
      expect(digest.stories.map((story) => [story.id, story.headline, story.articleIds, story.follows])).toEqual(
        expected.stories.map((story) => [story.id, story.headline, story.articleIds, story.follows]),
      );
    }
  });

  it('keeps a story id when a later report joins it, and it does not depend on which report came in first', () => {
    const before = buildDigest([gazette, courier], period).stories[0]!;
    const after = buildDigest([radio, gazette, courier], period).stories[0]!;
    expect(after.articleIds).toEqual(['courier-bridge', 'gazette-bridge', 'radio-bridge']);
    expect(after.id).toBe(before.id);
    expect(buildDigest([courier, gazette], period).stories[0]!.id).toBe(before.id);
  });
});

describe('syndication', () => {
  it('recognises one AP report on two sites beside a separately written one, and says so', () => {
    const digest = buildDigest([apOnTimes, apOnHerald, ownReport], period);
    expect(digest.stories).toHaveLength(1);
    const story = digest.stories[0]!;
    expect(story.syndication).toEqual([{ files: ['times-storm.md', 'herald-storm.md'], agency: 'AP' }]);
    expect(renderText(digest, { maxStories: 8 })).toContain('3 sources; 2 carry the same AP report: Algarve Times (AP), Porto Herald, Iberia Daily');
    expect(renderTelegramMessages(digest, { maxStories: 8 }).join('\n')).toContain('<i>3 sources; 2 carry the same AP report:</i>');
    expect(JSON.stringify(renderSlackMessages(digest, { maxStories: 8 }))).toContain('_3 sources; 2 carry the same AP report_');
  });

  it('finds no copies among separately written reports', () => {
    const story = buildDigest([courier, gazette, radio], period).stories[0]!;
    expect(story.syndication).toEqual([]);
  });
});

describe('a summary of several reports', () => {
  it('leads with what every outlet reports rather than what one outlet repeats', () => {
    const sentence = (text: string, articleRank: number, position: number, terms: number[]): CandidateSentence => ({ text, articleRank, position, insideQuote: false, terms });
    const side = [1, 2, 3];
    const fact = [10, 11, 12];
    const candidates = [
      sentence('Tall ships filled Kestrel harbour on Sunday morning.', 0, 0, side),
      sentence('Crowds watched the tall ships in the harbour all day.', 0, 1, [...side, 4]),
      sentence('The harbour tall ships stayed until the evening tide.', 0, 2, [...side, 5]),
      sentence('Tall ships will return to the harbour next summer.', 0, 3, [...side, 6]),
      sentence('Northbay Council will close the harbour bridge for six weeks.', 0, 4, fact),
      sentence('The harbour bridge will close for six weeks, Northbay Council said.', 1, 0, [...fact, 13]),
      sentence('Northbay Council is closing the harbour bridge for six weeks of cable repairs.', 2, 0, [...fact, 14]),
    ];
    expect(summarize(candidates, { sentences: 1, maxChars: 275 })).toBe('The harbour bridge will close for six weeks, Northbay Council said.');
  });
});
