import { describe, expect, it } from 'vitest';
import {
  localDateOf,
  nextDeliveryAfter,
  normalizeTimeZone,
  parseDeliveryTime,
  planDelivery,
  zonedTimeToInstant,
} from '../../src/schedule/delivery-schedule.js';

const HOUR = 3_600_000;

/** Walks day by day from `start`, collecting every delivery `nextDeliveryAfter` produces. */
function deliveriesBetween(start: string, end: string, time: string, zone: string): { at: string; edition: string }[] {
  const out: { at: string; edition: string }[] = [];
  let cursor = new Date(start);
  for (;;) {
    const slot = nextDeliveryAfter(cursor, time, zone);
    if (slot.at.getTime() >= Date.parse(end)) return out;
    out.push({ at: slot.at.toISOString(), edition: slot.edition });
    cursor = slot.at;
  }
}

describe('parseDeliveryTime', () => {
  it('accepts 24-hour times and pads the hour', () => {
    expect(parseDeliveryTime('07:30')).toBe('07:30');
    expect(parseDeliveryTime('7:05')).toBe('07:05');
    expect(parseDeliveryTime('23:59')).toBe('23:59');
  });
  it('refuses anything else', () => {
    for (const bad of ['24:00', '7', '07:60', '7.30', '7:30am', '', 'Europe/Kyiv']) expect(parseDeliveryTime(bad)).toBeNull();
  });
});

describe('normalizeTimeZone', () => {
  it('keeps IANA names, fixes their case, and refuses abbreviations and nonsense', () => {
    expect(normalizeTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(normalizeTimeZone('europe/kyiv')).toBe('Europe/Kyiv');
    expect(normalizeTimeZone('america/new_york')).toBe('America/New_York');
    expect(normalizeTimeZone('utc')).toBe('UTC');
    expect(normalizeTimeZone('EST')).toBeNull();
    expect(normalizeTimeZone('Mars/Olympus_Mons')).toBeNull();
  });
});

describe('zonedTimeToInstant', () => {
  it('reads an ordinary morning in Kyiv (UTC+2 in winter, UTC+3 in summer)', () => {
    expect(zonedTimeToInstant('2025-12-01', '07:30', 'Europe/Kyiv').toISOString()).toBe('2025-12-01T05:30:00.000Z');
    expect(zonedTimeToInstant('2025-07-01', '07:30', 'Europe/Kyiv').toISOString()).toBe('2025-07-01T04:30:00.000Z');
  });
  it('pushes a time skipped by spring-forward past the gap (New York, 02:30 → 03:30 EDT)', () => {
    expect(zonedTimeToInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });
  it('takes the first of a time repeated by fall-back (New York, 01:30 EDT)', () => {
    expect(zonedTimeToInstant('2025-11-02', '01:30', 'America/New_York').toISOString()).toBe('2025-11-02T05:30:00.000Z');
  });
});

describe('nextDeliveryAfter across DST changes', () => {
  it('delivers once on each day through spring-forward in New York at 02:30', () => {
    const slots = deliveriesBetween('2026-03-06T12:00:00Z', '2026-03-10T12:00:00Z', '02:30', 'America/New_York');
    expect(slots).toEqual([
      { at: '2026-03-07T07:30:00.000Z', edition: '2026-03-07' },
      { at: '2026-03-08T07:30:00.000Z', edition: '2026-03-08' },
      { at: '2026-03-09T06:30:00.000Z', edition: '2026-03-09' },
      { at: '2026-03-10T06:30:00.000Z', edition: '2026-03-10' },
    ]);
  });

  it('delivers once, not twice, on the fall-back day in New York at 01:30', () => {
    const slots = deliveriesBetween('2025-11-01T00:00:00Z', '2025-11-04T00:00:00Z', '01:30', 'America/New_York');
    expect(slots.map((slot) => slot.edition)).toEqual(['2025-11-01', '2025-11-02', '2025-11-03']);
    expect(slots[1]?.at).toBe('2025-11-02T05:30:00.000Z');
    expect(slots[2]?.at).toBe('2025-11-03T06:30:00.000Z');
  });

  it('keeps 07:00 local through Kyiv’s spring and autumn changes', () => {
    const spring = deliveriesBetween('2026-03-28T06:00:00Z', '2026-03-30T06:00:00Z', '07:00', 'Europe/Kyiv');
    expect(spring).toEqual([
      { at: '2026-03-29T04:00:00.000Z', edition: '2026-03-29' },
      { at: '2026-03-30T04:00:00.000Z', edition: '2026-03-30' },
    ]);
    const autumn = deliveriesBetween('2025-10-25T06:00:00Z', '2025-10-27T06:00:00Z', '07:00', 'Europe/Kyiv');
    expect(autumn).toEqual([
      { at: '2025-10-26T05:00:00.000Z', edition: '2025-10-26' },
      { at: '2025-10-27T05:00:00.000Z', edition: '2025-10-27' },
    ]);
  });

  it('names the edition by the subscriber’s local date, not UTC', () => {
    // 07:00 in Auckland on 1 December is still 30 November in UTC.
    const slot = nextDeliveryAfter(new Date('2025-11-30T12:00:00Z'), '07:00', 'Pacific/Auckland');
    expect(slot).toEqual({ at: new Date('2025-11-30T18:00:00.000Z'), edition: '2025-12-01' });
    expect(localDateOf(slot.at, 'UTC')).toBe('2025-11-30');
  });
});

describe('planDelivery', () => {
  const subscription = {
    deliveryTime: '07:30',
    timeZone: 'Europe/Kyiv',
    nextDeliveryAt: new Date('2025-12-01T05:30:00Z'),
    nextEdition: '2025-12-01',
  };

  it('sends the morning that has come and schedules tomorrow', () => {
    const plan = planDelivery(subscription, new Date('2025-12-01T05:30:20Z'), 3 * HOUR);
    expect(plan).toMatchObject({ action: 'send', edition: '2025-12-01' });
    expect(plan.next).toEqual({ at: new Date('2025-12-02T05:30:00Z'), edition: '2025-12-02' });
  });

  it('still sends a morning missed by less than the grace window', () => {
    const plan = planDelivery(subscription, new Date('2025-12-01T08:29:00Z'), 3 * HOUR);
    expect(plan.action).toBe('send');
    expect(plan.edition).toBe('2025-12-01');
  });

  it('skips a morning missed by more than the grace window, with the reason', () => {
    const plan = planDelivery(subscription, new Date('2025-12-01T08:31:00Z'), 3 * HOUR);
    expect(plan.action).toBe('skip');
    expect(plan.action === 'skip' && plan.reason).toContain('3h01m late');
    expect(plan.next.edition).toBe('2025-12-02');
  });

  it('after days offline sends only today’s morning, if still in grace', () => {
    const plan = planDelivery(subscription, new Date('2025-12-04T06:00:00Z'), 3 * HOUR);
    expect(plan).toMatchObject({ action: 'send', edition: '2025-12-04' });
    expect(plan.next.edition).toBe('2025-12-05');
  });
});
