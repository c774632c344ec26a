import { describe, expect, it } from 'vitest';
import { findTimeExpressions } from '../../src/digest/dates.js';

/** The expressions found in `text` read on `day`, as [text, value] pairs. */
const read = (text: string, day: string, defaultDirection: 'past' | 'future' | null = 'past'): Array<[string, string]> =>
  findTimeExpressions(text, { day }, { defaultDirection }).map((found) => [found.text, found.value]);

// 2013-03-21 is a Thursday.
const thursday = '2013-03-21';

describe('findTimeExpressions', () => {
  it('reads a bare weekday back from the publication day in a report, forward after "will"', () => {
    expect(read('The minister resigned Monday, officials said.', thursday)).toEqual([['Monday', '2013-03-18']]);
    expect(read('The minister will fly to Moscow on Monday.', thursday)).toEqual([['Monday', '2013-03-25']]);
  });

  it('keeps the announcement day and the event day apart in one sentence', () => {
    const found = read('He joined Sunday talks and will fly to Moscow on Monday.', thursday);
    expect(found).toEqual([['Sunday', '2013-03-17'], ['Monday', '2013-03-25']]);
  });

  it('reads day-first dates, ranges and deadlines', () => {
    expect(read('The vote is on 4 December.', thursday, null)).toEqual([['4 December', '2012-12-04']]);
    expect(read('Applications close by 23 February 2014.', thursday)).toEqual([['23 February 2014', '2014-02-23']]);
    const [range] = findTimeExpressions('The bridge will close from 5 to 7 December.', { day: '2025-11-30' }, { defaultDirection: 'future' });
    expect(range).toMatchObject({ value: '2025-12-05', first: '2025-12-05', last: '2025-12-07', range: true });
  });

  it('keeps the granularity: a week is a week, a month a month, a year a year', () => {
    expect(read('Prices rose this week.', thursday)).toEqual([['this week', '2013-W12']]);
    expect(read('Sales fell last month and late last July.', thursday)).toEqual([['last month', '2013-02'], ['late last July', '2012-07']]);
    expect(read('The plant opened in 1998.', thursday)).toEqual([['1998', '1998']]);
    expect(read('Profit rose in the third quarter.', '2013-10-30')).toEqual([['the third quarter', '2013-Q3']]);
  });

  it('starts weeks on Monday: "last week" said on a Sunday is the ISO week before', () => {
    expect(read('Talks stalled last week.', '2025-11-30')).toEqual([['last week', '2025-W47']]);
  });

  it('reads "last June" as the past June and "next month" as the coming one', () => {
    expect(read('Output peaked last June.', thursday)).toEqual([['last June', '2012-06']]);
    expect(read('A vote is due next month.', thursday)).toEqual([['next month', '2013-04']]);
  });

  it('reads "later this week" said on a Sunday as the week ahead', () => {
    const [found] = findTimeExpressions('Talks will resume later this week.', { day: '2025-11-30' }, { defaultDirection: 'future' });
    expect(found).toMatchObject({ value: '2025-W49', first: '2025-12-01', last: '2025-12-07' });
  });

  it('gives clock times their day and time words without a date a reference value', () => {
    expect(read('The blast came at about 10:35 a.m. Friday.', '1998-08-08')).toEqual([['10:35 a.m. Friday', '1998-08-07T10:35']]);
    expect(read('Shares have recently fallen; now they rise.', thursday)).toEqual([['recently', 'PAST_REF'], ['now', 'PRESENT_REF']]);
  });

  it('does not take prices, verbs or company names for dates', () => {
    expect(read('The stock sat at $2.50 a share as Sun Microsystems may march on.', thursday)).toEqual([]);
  });
});
