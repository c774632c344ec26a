import { describe, expect, it } from 'vitest';
import { briefTimexes } from '../../src/eval/timex-eval.js';
import { scoreTimexes, valueIsRight, momentOf, type TimexDocument } from '../../src/eval/timex-scoring.js';

const dct = '1998-01-08';
const text = 'The company said Friday that profit rose in the third quarter and will rise again for three years.';
const document: TimexDocument = {
  id: 'doc1',
  dct,
  text,
  timexes: [
    { start: 17, end: 23, text: 'Friday', type: 'DATE', value: '1998-01-02' },
    { start: 44, end: 61, text: 'the third quarter', type: 'DATE', value: '1997-Q3' },
    { start: 86, end: 97, text: 'three years', type: 'DURATION', value: 'P3Y' },
  ],
};

describe('TempEval-3 timex scoring', () => {
  it('judges a value at the gold granularity', () => {
    expect(valueIsRight('1998-W02', momentOf('1998-01-05', dct), dct)).toBe(true);
    expect(valueIsRight('1998-W02', momentOf('1998-01-04', dct), dct)).toBe(false);
    expect(valueIsRight('1997', momentOf('1997-Q3', dct), dct)).toBe(true);
    expect(valueIsRight('1998-01-08T10:35', momentOf('1998-01-08', dct), dct)).toBe(false);
    expect(valueIsRight('PAST_REF', momentOf('PAST_REF', dct), dct)).toBe(true);
    expect(valueIsRight('1997-WI', momentOf('1998-02', dct), dct)).toBe(true);
  });

  it('matches spans one to one (relaxed), drops mentions of durations, and counts right values', () => {
    const scores = scoreTimexes([
      {
        document,
        found: [
          { start: 17, end: 23, value: '1998-01-09' },
          { start: 48, end: 61, value: '1997-Q3' },
          { start: 92, end: 97, value: '2001' },
        ],
      },
    ]);
    expect(scores).toMatchObject({ gold: 2, system: 2, dropped: 1, matched: 2, strict: 1, valueRight: 1 });
    expect(scores.value.f1).toBeCloseTo(0.5);
  });

  it("scores Brief's own reading of the document", () => {
    const found = briefTimexes(document);
    expect(found.map(({ text: t, value }) => [t, value])).toEqual([['Friday', '1998-01-02'], ['the third quarter', '1997-Q3']]);
    expect(scoreTimexes([{ document, found }]).value.f1).toBe(1);
  });
});
