import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseEvalArgs, resolveDataFile } from '../../src/eval/eval-args.js';
import { leadSentences, leadSentencesWithin } from '../../src/eval/lead-baseline.js';
import { parseSummaryRecords } from '../../src/eval/records.js';
import { formatSummaryReport, summaryReportJson } from '../../src/eval/report.js';
import { fmeasure } from '../../src/eval/rouge.js';
import { evaluateSummaries } from '../../src/eval/summary-eval.js';

const ARTICLE = [
  'US Secretary of State Marco Rubio said talks with Ukrainian officials in Florida on Sunday were productive.',
  'The meeting followed a week of shuttle diplomacy over a US-drafted peace plan.',
  '',
  'Envoy Steve Witkoff is expected to travel to Moscow to meet President Vladimir Putin.',
  'Kremlin aide Yuri Ushakov confirmed the visit.',
].join('\n');

const line = (value: object) => JSON.stringify(value);

describe('parseSummaryRecords', () => {
  const cnndm = {
    id: 'cnn-1',
    article: ARTICLE,
    highlights: 'Rubio says talks were productive .',
    references: ['Rubio says talks were productive .', 'Witkoff will meet Putin in Moscow .'],
  };

  it('scores against the original highlights by default, and every distinct reference with --refs all', () => {
    expect(parseSummaryRecords(line(cnndm), 'cnndm.jsonl', 'highlights')[0]!.references).toEqual(['Rubio says talks were productive .']);
    expect(parseSummaryRecords(line(cnndm), 'cnndm.jsonl', 'all')[0]!.references).toEqual([
      'Rubio says talks were productive .',
      'Witkoff will meet Putin in Moscow .',
    ]);
  });

  it('takes BBC’s summary field and title', () => {
    const [record] = parseSummaryRecords(line({ id: 'bbc/1', title: 'Talks in Florida', article: ARTICLE, summary: 'Talks were productive.' }), 'bbc.jsonl', 'highlights');
    expect(record).toEqual({ id: 'bbc/1', title: 'Talks in Florida', article: ARTICLE, references: ['Talks were productive.'] });
  });

  it('rejects a record without any reference, naming the line', () => {
    expect(() => parseSummaryRecords(`${line(cnndm)}\n${line({ id: 'x', article: 'Text.' })}`, 'cnndm.jsonl', 'all')).toThrow(
      /line 2: no reference summary/,
    );
  });
});

describe('leadSentences', () => {
  it('takes the first N sentences across paragraphs', () => {
    expect(leadSentences(ARTICLE, 3)).toBe(
      'US Secretary of State Marco Rubio said talks with Ukrainian officials in Florida on Sunday were productive. ' +
        'The meeting followed a week of shuttle diplomacy over a US-drafted peace plan. ' +
        'Envoy Steve Witkoff is expected to travel to Moscow to meet President Vladimir Putin.',
    );
  });

  it('refuses a non-positive count', () => {
    expect(() => leadSentences(ARTICLE, 0)).toThrow(/positive whole number/);
    expect(() => leadSentencesWithin(ARTICLE, 0, 400)).toThrow(/positive whole number/);
  });

  it('held to a cap, passes by a sentence that would run over and takes the next that fits', () => {
    // 107 + 1 + 78 characters; the third (85) would make 272, the fourth (46) makes 233.
    expect(leadSentencesWithin(ARTICLE, 3, 240)).toBe(
      'US Secretary of State Marco Rubio said talks with Ukrainian officials in Florida on Sunday were productive. ' +
        'The meeting followed a week of shuttle diplomacy over a US-drafted peace plan. ' +
        'Kremlin aide Yuri Ushakov confirmed the visit.',
    );
    // The first sentence is kept even when it alone runs over.
    expect(leadSentencesWithin(ARTICLE, 3, 50)).toBe('US Secretary of State Marco Rubio said talks with Ukrainian officials in Florida on Sunday were productive.');
  });
});

describe('evaluateSummaries', () => {
  const records = [
    { id: 'a', title: null, article: 'x', references: ['rubio met putin'] },
    { id: 'b', title: null, article: 'y', references: ['witkoff went to moscow'] },
  ];

  it('averages F1 per metric and reports Brief minus lead', () => {
    const result = evaluateSummaries(records, {
      brief: (record) => (record.id === 'a' ? 'rubio met putin' : 'witkoff flew to moscow'),
      lead: () => 'rubio met putin',
    });
    // Brief: a = 1; b = 3 of 4 unigrams both ways → 0.75. Lead: a = 1; b = 0.
    expect(result.brief.rouge1).toBeCloseTo((1 + 0.75) / 2, 12);
    expect(result.lead.rouge1).toBeCloseTo(0.5, 12);
    expect(result.delta.rouge1).toBeCloseTo(0.375, 12);
    // Brief b bigrams: "witkoff flew", "flew to", "to moscow" vs "witkoff went", "went to", "to moscow" → 1/3.
    expect(result.brief.rouge2).toBeCloseTo((1 + fmeasure(1 / 3, 1 / 3)) / 2, 12);
    expect(result.sameAsLead).toBe(1);
    expect(result.briefMeanWords).toBe(3.5);

    const table = formatSummaryReport(result, { file: 'tiny.jsonl', sentences: 3, refs: 'highlights', maxChars: null, seconds: 0.2 });
    expect(table).toContain("summaries: tiny.jsonl — 2 records, 3 sentences, references: highlights, summary cap: digest's default");
    expect(table).toMatch(/ROUGE-1\s+87\.50\s+50\.00\s+\+37\.50/);
    expect(table).toContain("Brief's summary equals lead-3 in 1 of 2 records.");
    const json = summaryReportJson(result, { file: 'tiny.jsonl', sentences: 3, refs: 'highlights', maxChars: null, seconds: 0.2 });
    expect(json).toMatchObject({ records: 2, brief: { rouge1: 0.875 }, lead: { rouge1: 0.5 }, delta: { rouge1: 0.375 } });
    expect(result.leadWithinCap).toBeNull();
    expect(table).not.toContain('within the same');
  });

  it('scores the lead within Brief\'s cap as a second baseline when asked', () => {
    const result = evaluateSummaries(records, {
      brief: (record) => (record.id === 'a' ? 'rubio met putin' : 'witkoff flew to moscow'),
      lead: () => 'rubio met putin',
      leadWithinCap: (record) => (record.id === 'a' ? 'rubio met' : 'witkoff went to moscow'),
    });
    // a: "rubio met" vs "rubio met putin" → P 1, R 2/3 → 0.8; b: exact → 1.
    expect(result.leadWithinCap?.means.rouge1).toBeCloseTo((0.8 + 1) / 2, 12);
    expect(result.leadWithinCap?.meanWords).toBe(3);
    const info = { file: 'tiny.jsonl', sentences: 3, refs: 'highlights' as const, maxChars: null, capChars: 475, seconds: 0.2 };
    expect(formatSummaryReport(result, info)).toContain('lead-3 within the same 475-character cap: ROUGE-1 / 2 / L 90.00 / ');
    expect(formatSummaryReport(result, info)).toContain('3.0 words/summary (Brief −2.50 ROUGE-1).');
    expect(summaryReportJson(result, info)).toMatchObject({ leadWithinCap: { capChars: 475, rouge1: 0.9, meanWords: 3 } });
  });
});

describe('parseEvalArgs', () => {
  it('reads both commands with their options', () => {
    expect(parseEvalArgs(['summaries', 'cnndm.jsonl', '--sentences', '2', '--refs=all', '--max-chars', '600', '--json'])).toEqual({
      kind: 'summaries',
      file: 'cnndm.jsonl',
      sentences: 2,
      refs: 'all',
      maxChars: 600,
      json: true,
    });
    expect(parseEvalArgs(['quotes', 'polnear.jsonl', '--errors'])).toEqual({ kind: 'quotes', file: 'polnear.jsonl', json: false, errors: true });
    expect(parseEvalArgs(['summaries', 'bbc.jsonl'])).toMatchObject({ sentences: 3, refs: 'highlights', maxChars: null });
  });

  it('rejects bad arguments with the usage line', () => {
    for (const argv of [[], ['rank', 'x.jsonl'], ['quotes'], ['summaries', 'x', '--sentences', 'three'], ['quotes', 'x', '--refs', 'all'], ['summaries', 'x', '--errors'], ['summaries', 'x', '--max-chars', '5'], ['summaries', 'x', '--frobnicate']]) {
      let caught: unknown;
      try {
        parseEvalArgs(argv);
      } catch (error) {
        caught = error;
      }
      expect(caught, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((caught as UsageError).usage).toMatch(/^Usage: npm run eval -- summaries FILE\.jsonl/);
    }
  });
});

describe('resolveDataFile', () => {
  it('looks bare names up in ../shared/datasets and resolves paths from the working directory', () => {
    expect(resolveDataFile('bbc.jsonl', '/home/me/brief', '/tmp')).toBe('/home/me/shared/datasets/bbc.jsonl');
    expect(resolveDataFile('./data/bbc.jsonl', '/home/me/brief', '/tmp')).toBe('/tmp/data/bbc.jsonl');
  });
});
