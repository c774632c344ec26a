/**
 * PURE: when each subscriber's morning falls, in their own time zone. No I/O; only Intl for zone offsets.
 *
 * A subscriber gets one delivery per local calendar date (the "edition"). The instant for a date is the
 * delivery time read in the zone, disambiguated the way Temporal's "compatible" option does: a time that
 * a spring-forward gap skips is pushed forward by the gap (02:30 → 03:30), and a time that a fall-back
 * repeats is taken at its first occurrence. Because the next delivery is always "the slot of the next local
 * date", a DST change can neither skip a morning nor deliver one twice.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** One scheduled delivery: when it is due and which edition (local date, YYYY-MM-DD) it carries. */
export interface ScheduledDelivery {
  at: Date;
  edition: string;
}

const timePattern = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Parses "7:30" or "07:30" to canonical "07:30"; null when it is not a 24-hour time of day. */
export function parseDeliveryTime(text: string): string | null {
  const match = timePattern.exec(text.trim());
  if (!match) return null;
  return `${(match[1] as string).padStart(2, '0')}:${match[2] as string}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

// formatToParts is slow (microseconds), and a fan-out asks the same few (zone, instant) pairs thousands
// of times: "now" and each zone's slot. A small cache, dropped whole when full, keeps it cheap.
const wallClockCache = new Map<string, number>();
const wallClockCacheLimit = 20_000;

/** The zone's wall-clock reading of `instantMs`, expressed as if that reading were UTC (ms). */
function wallClockMs(instantMs: number, zone: string): number {
  const key = `${zone}|${instantMs}`;
  const cached = wallClockCache.get(key);
  if (cached !== undefined) return cached;
  const value = computeWallClockMs(instantMs, zone);
  if (wallClockCache.size >= wallClockCacheLimit) wallClockCache.clear();
  wallClockCache.set(key, value);
  return value;
}

function computeWallClockMs(instantMs: number, zone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
}

function offsetMs(instantMs: number, zone: string): number {
  const wholeSeconds = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return wallClockMs(wholeSeconds, zone) - wholeSeconds;
}

/** The local calendar date (YYYY-MM-DD) of `instant` in `zone`. */
export function localDateOf(instant: Date, zone: string): string {
  return new Date(wallClockMs(instant.getTime(), zone)).toISOString().slice(0, 10);
}

/** The local time (HH:MM) of `instant` in `zone`. */
export function localTimeOf(instant: Date, zone: string): string {
  return new Date(wallClockMs(instant.getTime(), zone)).toISOString().slice(11, 16);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant at which the wall clock in `zone` reads `date` `time` (see the module note on DST). */
export function zonedTimeToInstant(date: string, time: string, zone: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wall)) throw new RangeError(`Not a date and time: ${date} ${time}`);
  // Any DST change near `wall` is bracketed by the offsets a day either side.
  const offsetBefore = offsetMs(wall - DAY_MS, zone);
  const offsetAfter = offsetMs(wall + DAY_MS, zone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => instant + offsetMs(instant, zone) === wall,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap: read the time with the offset in force before the change, which lands after the gap.
  return new Date(wall - offsetBefore);
}

/** The delivery slot of one local date. */
export function deliverySlotOn(date: string, time: string, zone: string): ScheduledDelivery {
  return { at: zonedTimeToInstant(date, time, zone), edition: date };
}

/** The first delivery strictly after `after`. */
export function nextDeliveryAfter(after: Date, time: string, zone: string): ScheduledDelivery {
  const today = localDateOf(after, zone);
  for (let days = 0; days < 3; days += 1) {
    const slot = deliverySlotOn(addDays(today, days), time, zone);
    if (slot.at.getTime() > after.getTime()) return slot;
  }
  // Unreachable for real zones (a slot exists every local day); kept so the function is total.
  return deliverySlotOn(addDays(today, 3), time, zone);
}

/** The last delivery at or before `now`. */
export function latestDeliveryAtOrBefore(now: Date, time: string, zone: string): ScheduledDelivery {
  const today = localDateOf(now, zone);
  for (let days = 0; days > -3; days -= 1) {
    const slot = deliverySlotOn(addDays(today, days), time, zone);
    if (slot.at.getTime() <= now.getTime()) return slot;
  }
  return deliverySlotOn(addDays(today, -3), time, zone);
}

/** What a due subscription looks like to the planner. */
export interface DueSubscription {
  deliveryTime: string;
  timeZone: string;
  nextDeliveryAt: Date;
  nextEdition: string;
}

/** The planner's decision for one due subscription. */
export type DeliveryPlan =
  | { action: 'send'; edition: string; scheduledAt: Date; next: ScheduledDelivery }
  | { action: 'skip'; edition: string; scheduledAt: Date; reason: string; next: ScheduledDelivery };

/**
 * Decides what to do with a subscription that is due at `now`: send the newest morning that has come,
 * unless it is more than `graceMs` late (the bot was down), in which case it is skipped. Either way `next`
 * is the following morning, so older missed mornings are never sent late as a burst.
 */
export function planDelivery(subscription: DueSubscription, now: Date, graceMs: number): DeliveryPlan {
  const latest = latestDeliveryAtOrBefore(now, subscription.deliveryTime, subscription.timeZone);
  const slot =
    latest.at.getTime() >= subscription.nextDeliveryAt.getTime()
      ? latest
      : { at: subscription.nextDeliveryAt, edition: subscription.nextEdition };
  const after = new Date(Math.max(now.getTime(), slot.at.getTime()));
  const next = nextDeliveryAfter(after, subscription.deliveryTime, subscription.timeZone);
  const lateMs = now.getTime() - slot.at.getTime();
  if (lateMs > graceMs) {
    const lateMinutes = Math.floor(lateMs / MINUTE_MS);
    return {
      action: 'skip',
      edition: slot.edition,
      scheduledAt: slot.at,
      reason: `missed: due ${slot.at.toISOString()}, ${Math.floor(lateMinutes / 60)}h${String(lateMinutes % 60).padStart(2, '0')}m late, beyond the grace window`,
      next,
    };
  }
  return { action: 'send', edition: slot.edition, scheduledAt: slot.at, next };
}

const supportedZones = new Map<string, string>();

/**
 * Returns the IANA zone name to store for what a user typed ("europe/kyiv" → "Europe/Kyiv"), or null when
 * it names no zone. Bare abbreviations ("EST") are refused: they hide DST rules.
 */
export function normalizeTimeZone(input: string): string | null {
  const text = input.trim();
  if (text === '' || (!text.includes('/') && text.toUpperCase() !== 'UTC')) return null;
  if (text.toUpperCase() === 'UTC') return 'UTC';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (supportedZones.size === 0) {
    for (const zone of Intl.supportedValuesOf('timeZone')) supportedZones.set(zone.toLowerCase(), zone);
  }
  const listed = supportedZones.get(text.toLowerCase());
  if (listed) return listed;
  // Newer names ICU keeps as aliases (Europe/Kyiv for Europe/Kiev): fix the case, keep the user's name.
  const titled = text
    .split('/')
    .map((segment) => segment.replace(/[A-Za-z]+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
    .join('/');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: titled });
    return titled;
  } catch {
    return resolved;
  }
}

const zoneRegions = ['Europe', 'America', 'Asia', 'Africa', 'Australia', 'Pacific', 'Atlantic', 'Indian', 'Antarctica'];

/**
 * The IANA zone a city name most likely means ("kyiv" → "Europe/Kyiv", "new york" → "America/New_York"), or null.
 * Matches the city part of a zone name, including names ICU keeps only as aliases (Europe/Kyiv).
 */
export function suggestTimeZone(input: string): string | null {
  const city = input.trim().replace(/[\s-]+/g, '_').toLowerCase();
  if (city === '' || !/^[a-z_']+$/.test(city)) return null;
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    if (zone.split('/').pop()?.toLowerCase() === city) return zone;
  }
  for (const region of zoneRegions) {
    const zone = normalizeTimeZone(`${region}/${city}`);
    if (zone) return zone;
  }
  return null;
}

/** Why `input` is not a time zone, in a reader's words, with a suggestion when there is one. */
export function explainBadTimeZone(input: string): string {
  const suggestion = suggestTimeZone(input);
  if (suggestion) return `“${input}” is not a time zone name; did you mean ${suggestion}?`;
  if (/^[A-Za-z]{2,5}$/.test(input.trim())) {
    return `“${input}” looks like an abbreviation; those don’t follow daylight saving time, so use an IANA name such as Europe/London or America/New_York.`;
  }
  return `“${input}” is not a time zone I know; use an IANA name such as Europe/Kyiv or America/New_York.`;
}
