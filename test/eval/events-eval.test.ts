import { describe, expect, it } from 'vitest';
import { scoreEvents, type GoldEvent } from '../../src/eval/events-eval.js';

const file = 'a.md';
const gold: GoldEvent[] = [
  { file, event: 'The council will close the harbour bridge.', when_text: 'from 12 January', date: '2026-01-12', range: null, borderline: false },
  { file, event: 'France will hold its next presidential election.', when_text: 'in 2027', date: null, range: ['2027-01-01', '2027-12-31'], borderline: false },
  { file, event: 'The mayor will probably visit the site.', when_text: null, date: null, range: null, borderline: true },
];

describe('scoreEvents', () => {
  it('counts right, wrong and borderline items, recall over firm events, and dates on the matched ones', () => {
    const errors: Array<{ kind: string }> = [];
    const scores = scoreEvents(
      [
        {
          file,
          events: [
            { text: 'The city council will close the harbour bridge from 12 January.', date: '2026-01-12', dateText: 'from 12 January', until: null },
            { text: 'The mayor will visit the site.', date: null, dateText: null },
            { text: 'Temperatures will drop on Thursday.', date: '2025-12-04', dateText: 'on Thursday' },
          ],
        },
      ],
      gold,
      [{ file, text: 'Temperatures will drop on Thursday' }],
      errors as never,
    );
    expect(scores).toMatchObject({ truePositives: 1, borderlineItems: 1, falsePositives: 1, trapsFired: 1, firm: 2, firmFound: 1, datesRight: 1 });
    expect(scores.precision).toBe(0.5);
    expect(scores.recall).toBe(0.5);
    expect(errors.map((e) => e.kind).sort()).toEqual(['missed', 'trap']);
  });

  it('wants the whole span where the gold gives a range', () => {
    const scores = scoreEvents(
      [{ file, events: [{ text: 'France will hold its presidential election in 2027.', date: '2027-01-01', dateText: 'in 2027', until: '2027-06-30' }] }],
      gold,
      [],
    );
    expect(scores).toMatchObject({ truePositives: 1, datesRight: 0 });
  });
});
