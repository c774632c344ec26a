import { describe, expect, it } from 'vitest';
import {
  alignQuotes,
  hasProperName,
  listQuoteErrors,
  scoreQuotes,
  speakerMatchesSource,
  spansMatch,
  surnameOf,
  type FoundQuoteSpan,
  type GoldQuote,
} from '../../src/eval/quote-scoring.js';
import { parseAttributionRecords } from '../../src/eval/records.js';

/** Locates `part` in `text` as a span (throws if absent, so a typo in a fixture fails loudly). */
function at(text: string, part: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(part, from);
  if (start < 0) throw new Error(`fixture text lacks ${part}`);
  return { start, end: start + part.length };
}

const TEXT =
  'Secretary of State Marco Rubio said on Sunday that the talks with Moscow were “productive, but there is more work to do.” ' +
  '“We are not there yet,” Rubio told reporters in Florida, “but we are closer than we have ever been.” ' +
  'Kremlin aide Yuri Ushakov said the meeting with envoy Steve Witkoff would go ahead. ' +
  'A White House official called the plan a “living document.” ' +
  '“It is up to Kyiv,” he said.';

const productive = at(TEXT, '“productive, but there is more work to do.”');
const notYet = at(TEXT, '“We are not there yet,”');
const closer = at(TEXT, '“but we are closer than we have ever been.”');
const living = at(TEXT, '“living document.”');
const kyiv = at(TEXT, '“It is up to Kyiv,”');

const gold: GoldQuote[] = [
  // The gold content of a partial quote also holds the unquoted lead-in.
  { spans: [at(TEXT, 'that the talks with Moscow were “productive, but there is more work to do.”')], source: 'Secretary of State Marco Rubio' },
  { spans: [notYet, closer], source: 'Rubio' },
  { spans: [kyiv], source: 'he' },
];

describe('spansMatch', () => {
  it('needs an overlap of at least half the shorter span', () => {
    expect(spansMatch({ start: 0, end: 10 }, { start: 5, end: 40 })).toBe(true);
    expect(spansMatch({ start: 0, end: 10 }, { start: 6, end: 40 })).toBe(false);
    expect(spansMatch({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
  });
});

describe('alignQuotes', () => {
  it('counts the second half of a split quote as a continuation, not a false positive', () => {
    const alignment = alignQuotes(gold, [productive, notYet, closer, living, kyiv]);
    expect(alignment.matches.map((m) => [m.gold, m.found])).toEqual([
      [0, 0],
      // Both halves qualify for gold 1; the longer overlap (the second half) is the match.
      [1, 2],
      [2, 4],
    ]);
    expect(alignment.continuations).toEqual([1]);
    expect(alignment.falsePositives).toEqual([3]);
    expect(alignment.missed).toEqual([]);
  });

  it('counts a second fragment inside a matched gold content as a continuation, and a stray quote as a false positive', () => {
    const sentence = 'Trump tweeted that Machado was “disgusting” and “a con” and told reporters “check it out.”';
    const content = at(sentence, 'Machado was “disgusting” and “a con”');
    const alignment = alignQuotes([{ spans: [content], source: 'Trump' }], [at(sentence, '“disgusting”'), at(sentence, '“a con”'), at(sentence, '“check it out.”')]);
    expect(alignment.matches.map((m) => m.found)).toEqual([0]);
    expect(alignment.continuations).toEqual([1]);
    expect(alignment.falsePositives).toEqual([2]);
  });

  it('matches one to one, largest overlap first', () => {
    const a = { spans: [{ start: 0, end: 20 }], source: null };
    const b = { spans: [{ start: 15, end: 40 }], source: null };
    // The found quote overlaps a by 12 and b by 17: it goes to b, and a is missed.
    const alignment = alignQuotes([a, b], [{ start: 8, end: 32 }]);
    expect(alignment.matches).toEqual([{ gold: 1, found: 0, overlap: 17 }]);
    expect(alignment.missed).toEqual([0]);
  });
});

describe('proper names and surnames', () => {
  it('tells a named source from pronouns, titles and generic nouns', () => {
    for (const source of ['Secretary of State Marco Rubio', 'Rep. John Mica (R-Fla.)', 'NYPD', 'Kremlin aide Yuri Ushakov', 'Clinton’s campaign']) {
      expect([source, hasProperName(source)]).toEqual([source, true]);
    }
    for (const source of ['he', 'He', 'The Post', 'Officials', 'the President', 'a source', 'Sources familiar with the talks']) {
      expect([source, hasProperName(source)]).toEqual([source, false]);
    }
  });

  it('takes the last name, ignoring suffixes and possessives', () => {
    expect(surnameOf('Donald Trump Jr.')).toBe('trump');
    expect(surnameOf('Sen. Elizabeth Warren')).toBe('warren');
    expect(surnameOf('Rubio’s')).toBe('rubio');
  });

  it('accepts a speaker whose surname is in the source span', () => {
    expect(speakerMatchesSource('Marco Rubio', 'Secretary of State Marco Rubio')).toBe(true);
    expect(speakerMatchesSource('Rubio', 'Secretary of State Marco Rubio')).toBe(true);
    expect(speakerMatchesSource('Steve Witkoff', 'Secretary of State Marco Rubio')).toBe(false);
    expect(speakerMatchesSource('Rubio', 'Rubio-Witkoff delegation')).toBe(true);
    expect(speakerMatchesSource(null, 'Rubio')).toBe(false);
  });
});

describe('scoreQuotes', () => {
  it('computes precision, recall, F1 and speaker accuracy over named sources only', () => {
    const found: FoundQuoteSpan[] = [
      { ...productive, speaker: 'Marco Rubio' },
      { ...notYet, speaker: 'Rubio' },
      { ...closer, speaker: 'Yuri Ushakov' },
      { ...living, speaker: null },
      { ...kyiv, speaker: 'Ushakov' },
    ];
    const scores = scoreQuotes([{ id: 'talks', gold, found }]);
    expect(scores).toMatchObject({ gold: 3, found: 5, matched: 3, continuations: 1, falsePositives: 1, missed: 0 });
    expect(scores.precision).toBeCloseTo(3 / 4, 12);
    expect(scores.recall).toBe(1);
    expect(scores.f1).toBeCloseTo((2 * 0.75) / 1.75, 12);
    // Gold 0 and 1 name Rubio (eligible); gold 2's source is "he" (not eligible). Gold 1 is matched to
    // the longer second half, whose speaker is wrong: one of two right.
    expect(scores).toMatchObject({ speakerEligible: 2, speakerCorrect: 1, speakerAccuracy: 0.5 });
  });

  it('gives zeros rather than NaN when nothing is found or expected', () => {
    const scores = scoreQuotes([{ id: 'empty', gold: [], found: [] }]);
    expect([scores.precision, scores.recall, scores.f1, scores.speakerAccuracy]).toEqual([0, 0, 0, 0]);
  });
});

describe('parseAttributionRecords', () => {
  const record = {
    id: 'talks',
    text: TEXT,
    attributions: [
      {
        content: { spans: [[notYet.start, notYet.end], [closer.start, closer.end]], text: '' },
        cue: { spans: [[0, 1]], text: '' },
        source: { spans: [[at(TEXT, 'Rubio told').start, at(TEXT, 'Rubio told').start + 5]], text: 'Rubio' },
        direct_quote: true,
      },
      { content: { spans: [[0, 10]] }, direct_quote: false },
      { 'attribution-no-source': { spans: [[0, 5]] }, direct_quote: false },
      { content: { spans: [[living.start, living.end]] }, content2: { spans: [[kyiv.start, kyiv.end]] }, direct_quote: true },
    ],
  };

  it('keeps direct quotes only, with all their spans and the source text', () => {
    const [parsed] = parseAttributionRecords(JSON.stringify(record) + '\n', 'polnear.jsonl');
    expect(parsed!.gold).toEqual([
      { spans: [notYet, closer], source: 'Rubio' },
      { spans: [living, kyiv], source: null },
    ]);
  });

  it('names every bad line', () => {
    const bad = { ...record, attributions: [{ content: { spans: [[5, 99999]] }, direct_quote: true }] };
    expect(() => parseAttributionRecords(`${JSON.stringify(record)}\n{oops\n${JSON.stringify(bad)}\n`, 'polnear.jsonl')).toThrow(
      /polnear\.jsonl: 2 bad record\(s\)\n {2}line 2: not JSON.*\n {2}line 3: content span 5-99999 is outside the text/,
    );
  });
});

describe('listQuoteErrors', () => {
  it('lists misses, false positives and wrong speakers in text order', () => {
    const found: FoundQuoteSpan[] = [
      { ...notYet, speaker: 'Steve Witkoff' },
      { ...living, speaker: null },
    ];
    const errors = listQuoteErrors({ id: 'talks', gold, found }, TEXT);
    expect(errors.map((e) => [e.kind, e.quote, e.goldSource, e.foundSpeaker])).toEqual([
      ['missed', 'that the talks with Moscow were “productive, but there is more work to do.”', 'Secretary of State Marco Rubio', null],
      ['wrong-speaker', '“We are not there yet,” … “but we are closer than we have ever been.”', 'Rubio', 'Steve Witkoff'],
      ['false-positive', '“living document.”', null, null],
      ['missed', '“It is up to Kyiv,”', 'he', null],
    ]);
    expect(errors[2]!.context).toContain('called the plan a [[“living document.”]]');
  });
});
