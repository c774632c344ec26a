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
const timePattern = /^([01]?\d|2[0-3]):([0-5]\d)$/;
/** Parses "7:30" or "07:30" to canonical "07:30"; null when it is not a 24-hour time of day. */
export function parseDeliveryTime(text) {
    const match = timePattern.exec(text.trim());
    if (!match)
        return null;
    return `${match[1].padStart(2, '0')}:${match[2]}`;
}
const formatters = new Map();
function formatterFor(zone) {
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
const wallClockCache = new Map();
const wallClockCacheLimit = 20_000;
/** The zone's wall-clock reading of `instantMs`, expressed as if that reading were UTC (ms). */
function wallClockMs(instantMs, zone) {
    const key = `${zone}|${instantMs}`;
    const cached = wallClockCache.get(key);
    if (cached !== undefined)
        return cached;
    const value = computeWallClockMs(instantMs, zone);
    if (wallClockCache.size >= wallClockCacheLimit)
        wallClockCache.clear();
    wallClockCache.set(key, value);
    return value;
}
function computeWallClockMs(instantMs, zone) {
    const fields = {};
    for (const part of formatterFor(zone).formatToParts(new Date(instantMs))) {
        if (part.type !== 'literal')
            fields[part.type] = Number(part.value);
    }
    return Date.UTC(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0);
}
function offsetMs(instantMs, zone) {
    const wholeSeconds = instantMs - (((instantMs % 1000) + 1000) % 1000);
    return wallClockMs(wholeSeconds, zone) - wholeSeconds;
}
/** The local calendar date (YYYY-MM-DD) of `instant` in `zone`. */
export function localDateOf(instant, zone) {
    return new Date(wallClockMs(instant.getTime(), zone)).toISOString().slice(0, 10);
}
/** The local time (HH:MM) of `instant` in `zone`. */
export function localTimeOf(instant, zone) {
    return new Date(wallClockMs(instant.getTime(), zone)).toISOString().slice(11, 16);
}
/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date, days) {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
/** The instant at which the wall clock in `zone` reads `date` `time` (see the module note on DST). */
export function zonedTimeToInstant(date, time, zone) {
    const wall = Date.parse(`${date}T${time}:00Z`);
    if (Number.isNaN(wall))
        throw new RangeError(`Not a date and time: ${date} ${time}`);
    // Any DST change near `wall` is bracketed by the offsets a day either side.
    const offsetBefore = offsetMs(wall - DAY_MS, zone);
    const offsetAfter = offsetMs(wall + DAY_MS, zone);
    const candidates = [wall - offsetBefore, wall - offsetAfter].filter((instant) => instant + offsetMs(instant, zone) === wall);
    if (candidates.length > 0)
        return new Date(Math.min(...candidates));
    // In a gap: read the time with the offset in force before the change, which lands after the gap.
    return new Date(wall - offsetBefore);
}
/** The delivery slot of one local date. */
export function deliverySlotOn(date, time, zone) {
    return { at: zonedTimeToInstant(date, time, zone), edition: date };
}
/** The first delivery strictly after `after`. */
export function nextDeliveryAfter(after, time, zone) {
    const today = localDateOf(after, zone);
    for (let days = 0; days < 3; days += 1) {
        const slot = deliverySlotOn(addDays(today, days), time, zone);
        if (slot.at.getTime() > after.getTime())
            return slot;
    }
    // Unreachable for real zones (a slot exists every local day); kept so the function is total.
    return deliverySlotOn(addDays(today, 3), time, zone);
}
/** The last delivery at or before `now`. */
export function latestDeliveryAtOrBefore(now, time, zone) {
    const today = localDateOf(now, zone);
    for (let days = 0; days > -3; days -= 1) {
        const slot = deliverySlotOn(addDays(today, days), time, zone);
        if (slot.at.getTime() <= now.getTime())
            return slot;
    }
    return deliverySlotOn(addDays(today, -3), time, zone);
}
/**
 * Decides what to do with a subscription that is due at `now`: send the newest morning that has come,
 * unless it is more than `graceMs` late (the bot was down), in which case it is skipped. Either way `next`
 * is the following morning, so older missed mornings are never sent late as a burst.
 */
export function planDelivery(subscription, now, graceMs) {
    const latest = latestDeliveryAtOrBefore(now, subscription.deliveryTime, subscription.timeZone);
    const slot = latest.at.getTime() >= subscription.nextDeliveryAt.getTime()
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
const supportedZones = new Map();
/**
 * Returns the IANA zone name to store for what a user typed ("europe/kyiv" → "Europe/Kyiv"), or null when
 * it names no zone. Bare abbreviations ("EST") are refused: they hide DST rules.
 */
export function normalizeTimeZone(input) {
    const text = input.trim();
    if (text === '' || (!text.includes('/') && text.toUpperCase() !== 'UTC'))
        return null;
    if (text.toUpperCase() === 'UTC')
        return 'UTC';
    let resolved;
    try {
        resolved = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
    }
    catch {
        return null;
    }
    if (supportedZones.size === 0) {
        for (const zone of Intl.supportedValuesOf('timeZone'))
            supportedZones.set(zone.toLowerCase(), zone);
    }
    const listed = supportedZones.get(text.toLowerCase());
    if (listed)
        return listed;
    // Newer names ICU keeps as aliases (Europe/Kyiv for Europe/Kiev): fix the case, keep the user's name.
    const titled = text
        .split('/')
        .map((segment) => segment.replace(/[A-Za-z]+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
        .join('/');
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: titled });
        return titled;
    }
    catch {
        return resolved;
    }
}
//# sourceMappingURL=delivery-schedule.js.map