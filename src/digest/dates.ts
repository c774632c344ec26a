/**
 * Finds time expressions in news text and resolves them against the publication day, as TimeML values
 * (`2013-03-21`, `2013-W12`, `2012-07`, `2013-Q3`, `2013-03-21T20:00`, `PAST_REF`). Pure.
 *
 * chrono-node reads explicit dates well but not the way news uses time words: a bare "Thursday" or "March" in a
 * report usually points back, "this week" starts on Monday, a bare year is a date, "the third quarter" is a quarter,
 * and a week or a month is not a day. These rules come first; chrono is only asked about clock times they leave.
 */
import * as chrono from 'chrono-node';

/** How fine a resolved expression is. */
export type TimeGrain = 'ref' | 'century' | 'decade' | 'year' | 'half' | 'quarter' | 'season' | 'month' | 'week' | 'weekend' | 'day' | 'part' | 'time';

/** One time expression found in a text. */
export interface TimeExpression {
  /** Character offsets into the text (end exclusive). */
  start: number;
  end: number;
  text: string;
  /** TimeML value. */
  value: string;
  grain: TimeGrain;
  /** First and last calendar day (YYYY-MM-DD) the expression covers; null for PAST_REF and the like. */
  first: string | null;
  last: string | null;
  /** Set when the text gives a span ("from 5 to 7 December", "between Monday and Wednesday"). */
  range: boolean;
}

/** What a text's time words are read against. */
export interface TimeAnchor {
  /** The publication day in the outlet's own zone, YYYY-MM-DD. */
  day: string;
}

type Direction = 'past' | 'future' | null;

const DAY_MS = 86_400_000;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, several: 3, few: 3,
};
const SEASONS: Record<string, string> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };
const SEASON_MONTH: Record<string, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };

// ---------------------------------------------------------------- calendar arithmetic on day numbers (UTC)

function dayNumber(iso: string): number {
  return Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS);
}
function fromYmd(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}
/** Days already written out: a digest names few distinct days, each many times. */
const isoDays = new Map<number, string>();
function isoDay(n: number): string {
  let iso = isoDays.get(n);
  if (iso === undefined) {
    iso = new Date(n * DAY_MS).toISOString().slice(0, 10);
    // Bounded, so hostile text naming every day of a century cannot grow it without end.
    if (isoDays.size >= 20_000) isoDays.clear();
    isoDays.set(n, iso);
  }
  return iso;
}
function parts(n: number): { y: number; m: number; d: number; wd: number } {
  const date = new Date(n * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), wd: (date.getUTCDay() + 6) % 7 };
}
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function addMonths(n: number, months: number): number {
  const { y, m, d } = parts(n);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return fromYmd(year, month, Math.min(d, daysInMonth(year, month)));
}
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** ISO-8601 week-year and week of a day. */
function isoWeek(n: number): { year: number; week: number } {
  const { wd } = parts(n);
  const thursday = n - wd + 3;
  const year = parts(thursday).y;
  const firstThursday = fromYmd(year, 1, 4);
  const week = 1 + Math.floor((thursday - (firstThursday - parts(firstThursday).wd + 3)) / 7);
  return { year, week };
}

// ---------------------------------------------------------------- reading patterns

/**
 * Every match of a global pattern in `text`, as `text.matchAll(pattern)` gives them, read with the pattern itself:
 * matchAll copies its pattern on each call, and this module reads dozens of patterns over every event sentence.
 */
function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push(match);
    // An empty match steps one character on (a whole surrogate pair in a Unicode pattern), as matchAll does.
    if (match[0] === '') {
      const at = pattern.lastIndex;
      const pair = pattern.unicode && at + 1 < text.length && /[\uD800-\uDBFF]/.test(text.charAt(at)) && /[\uDC00-\uDFFF]/.test(text.charAt(at + 1));
      pattern.lastIndex = at + (pair ? 2 : 1);
    }
  }
  pattern.lastIndex = 0;
  return found;
}

/** A character that ends a sentence or a line: . ! ? or a line break. */
function isSentenceEndCode(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 10;
}

// ---------------------------------------------------------------- values

interface Resolved {
  value: string;
  grain: TimeGrain;
  first: number | null;
  last: number | null;
}

function dayValue(n: number): Resolved {
  return { value: isoDay(n), grain: 'day', first: n, last: n };
}
function monthValue(year: number, month: number): Resolved {
  return { value: `${year}-${pad(month)}`, grain: 'month', first: fromYmd(year, month, 1), last: fromYmd(year, month, daysInMonth(year, month)) };
}
function yearValue(year: number): Resolved {
  return { value: String(year), grain: 'year', first: fromYmd(year, 1, 1), last: fromYmd(year, 12, 31) };
}
function quarterValue(year: number, quarter: number): Resolved {
  const month = quarter * 3 - 2;
  return { value: `${year}-Q${quarter}`, grain: 'quarter', first: fromYmd(year, month, 1), last: fromYmd(year, month + 2, daysInMonth(year, month + 2)) };
}
function halfValue(year: number, half: number): Resolved {
  const month = half === 1 ? 1 : 7;
  return { value: `${year}-H${half}`, grain: 'half', first: fromYmd(year, month, 1), last: fromYmd(year, month + 5, daysInMonth(year, month + 5)) };
}
function weekValue(n: number): Resolved {
  const { year, week } = isoWeek(n);
  const monday = n - parts(n).wd;
  return { value: `${year}-W${pad(week)}`, grain: 'week', first: monday, last: monday + 6 };
}
function weekendValue(n: number): Resolved {
  const { year, week } = isoWeek(n);
  const saturday = n - parts(n).wd + 5;
  return { value: `${year}-W${pad(week)}-WE`, grain: 'weekend', first: saturday, last: saturday + 1 };
}
function seasonValue(year: number, season: string): Resolved {
  const month = SEASON_MONTH[season] ?? 3;
  const first = fromYmd(year, month, 1);
  return { value: `${year}-${season}`, grain: 'season', first, last: addMonths(first, 3) - 1 };
}
function refValue(value: 'PAST_REF' | 'PRESENT_REF' | 'FUTURE_REF'): Resolved {
  return { value, grain: 'ref', first: null, last: null };
}
function withModifier(resolved: Resolved, modifier: string | undefined): Resolved {
  // "early December" stays the month (TimeML marks the part with a modifier), but its days narrow for a range.
  if (!modifier || resolved.first === null || resolved.last === null) return resolved;
  const length = resolved.last - resolved.first + 1;
  const third = Math.floor(length / 3);
  const word = modifier.toLowerCase();
  if (/^(early\b|the beginning of|the start of)/.test(word)) return { ...resolved, last: resolved.first + third - 1 };
  if (/^(late\b|the end of)/.test(word)) return { ...resolved, first: resolved.last - third + 1 };
  if (/^(mid|the middle of)/.test(word)) return { ...resolved, first: resolved.first + third, last: resolved.last - third };
  return resolved;
}

// ---------------------------------------------------------------- tense around an expression

const futureMarker =
  /\b(?:will|won't|shall|would|going to|(?:scheduled|expected|set|due|slated|planned|planning|plans?|intends?|poised|hopes?|aims?|wants?|ready) to|to be (?:held|signed|sworn|released|played)|to (?:take|go into|come into) (?:effect|force)|upcoming|next|coming|later|until|till|starting|beginning|effective|from now|ahead)\b|'ll\b/gi;
const pastMarker =
  /\b(?:said|says|say|told|was|were|had|did|made|took|went|came|gave|held|met|won|lost|left|began|saw|got|fell|rose|spoke|wrote|broke|chose|flew|grew|knew|sent|spent|stood|thought|struck|fought|sought|brought|bought|ago|earlier|last|yesterday|since|previous(?:ly)?|[a-z]{2,}ed)\b/gi;

/** Reads the tense nearest the expression in its own sentence: "will fly … on Monday" looks forward, "joined Sunday's talks" back. */
export function directionAt(text: string, start: number, end: number): Direction {
  let from = start;
  const floor = Math.max(0, start - 120);
  while (from > floor && !isSentenceEndCode(text.charCodeAt(from - 1))) from--;
  let to = end;
  const ceiling = Math.min(text.length, end + 80);
  while (to < ceiling && !isSentenceEndCode(text.charCodeAt(to))) to++;
  const before = text.slice(from, start);
  const after = text.slice(end, to);
  let best: { distance: number; direction: Direction } = { distance: Infinity, direction: null };
  const consider = (pattern: RegExp, direction: Direction, slice: string, isBefore: boolean): void => {
    for (const match of allMatches(pattern, slice)) {
      if (direction === 'past' && /^(?:scheduled|expected|planned|need|speed|indeed|united|hundred|proceed|exceed|red|bed|seed|feed)$/i.test(match[0])) continue;
      // Verbs mostly come before their time words; a marker after the expression counts at a longer distance.
      const distance = isBefore ? slice.length - (match.index + match[0].length) : match.index * 1.5 + 4;
      if (distance < best.distance) best = { distance, direction };
    }
  };
  consider(futureMarker, 'future', before, true);
  consider(pastMarker, 'past', before, true);
  consider(futureMarker, 'future', after, false);
  // A trailing attribution ("…on Monday, the Kremlin said") dates the saying, not what was said.
  consider(pastMarker, 'past', after.replace(/\b(?:said|says|say|told)\b/gi, (word) => ' '.repeat(word.length)), false);
  return best.direction;
}

// ---------------------------------------------------------------- the patterns

const MONTH_NAME =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.|Apr\\.?|Jun\\.|Jul\\.|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';
const WEEKDAY_NAME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const DAY_NUM = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR_NUM = '(?:1[6-9]\\d\\d|20\\d\\d)';
const MODIFIER = '(?:early|mid|late|the end of|the beginning of|the start of|the middle of|mid-|end-)';
const PART = '(?:morning|afternoon|evening|night|overnight)';

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}
function weekdayIndex(word: string): number {
  return WEEKDAYS.findIndex((name) => word.toLowerCase().startsWith(name.slice(0, 3)));
}

interface Context {
  text: string;
  anchor: number;
  /** The last quarter the text named, for "the quarter" and "a year earlier" in an earnings report. */
  quarter: { year: number; quarter: number } | null;
  mentionsQuarters: boolean;
  defaultDirection: Direction;
}

interface Rule {
  pattern: RegExp;
  resolve(match: RegExpExecArray, context: Context, direction: () => Direction): Resolved | null;
  /** Rules that only hold when the month or weekday is capitalised as a name. */
  capitalised?: boolean;
}

/** A written date sits close to its article in either direction; only an explicit future reading moves it ahead. */
function monthDayDirection(direction: () => Direction): Direction {
  return direction() === 'future' ? 'future' : null;
}

/** "Wednesday, 26 November": of last, this and next year, the one where that day is that weekday. */
function agreeingYear(weekday: string | undefined, month: number, day: number, context: Context): number | null {
  if (!weekday) return null;
  const { y } = parts(context.anchor);
  const wanted = weekdayIndex(weekday);
  const matches = [y, y - 1, y + 1].map((year) => fromYmd(year, month, day)).filter((n) => parts(n).wd === wanted);
  return matches.length === 1 ? matches[0]! : null;
}

/** The occurrence of month/day nearest to the anchor in the given direction. */
function resolveMonthDay(month: number, day: number, context: Context, direction: Direction): number {
  const { y } = parts(context.anchor);
  const candidates = [y - 1, y, y + 1].map((year) => fromYmd(year, month, Math.min(day, daysInMonth(year, month))));
  if (direction === 'past') return candidates.filter((n) => n <= context.anchor).pop() ?? candidates[0]!;
  if (direction === 'future') return candidates.find((n) => n >= context.anchor) ?? candidates[2]!;
  return candidates.reduce((best, n) => (Math.abs(n - context.anchor) < Math.abs(best - context.anchor) ? n : best));
}

function resolveMonth(month: number, context: Context, direction: Direction): { year: number; month: number } {
  const { y, m } = parts(context.anchor);
  if (month === m) return { year: y, month };
  if (direction === 'future') return { year: month > m ? y : y + 1, month };
  if (direction === 'past') return { year: month < m ? y : y - 1, month };
  // Without a tense, news means the nearest: a month within five ahead, else the one behind.
  return { year: month > m && month - m <= 3 ? y : month < m ? y : y - 1, month };
}

function resolveWeekday(weekday: number, context: Context, direction: Direction, modifier: string | undefined): number {
  const { wd } = parts(context.anchor);
  const word = (modifier ?? '').toLowerCase();
  if (/next|coming/.test(word)) {
    const ahead = (weekday - wd + 7) % 7 || 7;
    return context.anchor + ahead;
  }
  if (/last|past/.test(word)) return context.anchor - ((wd - weekday + 7) % 7 || 7);
  if (word === 'this') return context.anchor - wd + weekday;
  if (weekday === wd) return context.anchor;
  if (direction === 'future') return context.anchor + ((weekday - wd + 7) % 7);
  return context.anchor - ((wd - weekday + 7) % 7);
}

function relativeUnit(unit: string, shift: number, context: Context): Resolved | null {
  const { y, m } = parts(context.anchor);
  const word = unit.toLowerCase();
  if (word.startsWith('week')) return weekValue(context.anchor + shift * 7);
  if (word.startsWith('month')) return monthValue(Math.floor((y * 12 + m - 1 + shift) / 12), ((m - 1 + shift + 1200) % 12) + 1);
  if (word.startsWith('year')) return yearValue(y + shift);
  if (word.startsWith('quarter')) {
    const index = (y * 4 + Math.floor((m - 1) / 3)) + shift;
    return quarterValue(Math.floor(index / 4), (index % 4) + 1);
  }
  if (word.startsWith('decade')) {
    const decade = Math.floor((y + shift * 10) / 10);
    return { value: String(decade), grain: 'decade', first: fromYmd(decade * 10, 1, 1), last: fromYmd(decade * 10 + 9, 12, 31) };
  }
  if (word.startsWith('century')) return { value: String(Math.floor((y + shift * 100) / 100)), grain: 'century', first: null, last: null };
  return null;
}

const partHour: Record<string, string> = { morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI', overnight: 'NI' };

function withPart(day: Resolved, part: string | undefined): Resolved {
  if (!part) return day;
  const code = partHour[part.toLowerCase()];
  return code ? { ...day, value: `${day.value}T${code}`, grain: 'part' } : day;
}

function clockValue(day: number, hour: number, minute: number): Resolved {
  return { value: `${isoDay(day)}T${pad(hour)}:${pad(minute)}`, grain: 'time', first: day, last: day };
}

function clockHour(hourText: string, meridiem: string | undefined): number {
  let hour = Number(hourText);
  const m = (meridiem ?? '').toLowerCase().replace(/\./g, '');
  if (m.startsWith('p') && hour < 12) hour += 12;
  if (m.startsWith('a') && hour === 12) hour = 0;
  return hour;
}

/** The rules, most specific first; where two overlap, the longer match wins. */
const RULES: Rule[] = [
  // "from 5 to 7 December", "5-7 December", "December 5 to 7"
  {
    pattern: new RegExp(`\\b(?:from |between )?(${DAY_NUM})\\s*(?:-|–|to|and|until)\\s*(${DAY_NUM}) (${MONTH_NAME})(?:,? (${YEAR_NUM}))?(?![\\w])`, 'g'),
    capitalised: true,
    resolve(match, context, direction) {
      const month = monthIndex(match[3]!);
      const from = Number.parseInt(match[1]!, 10);
      const to = Number.parseInt(match[2]!, 10);
      if (to < from) return null;
      const first = match[4] ? fromYmd(Number(match[4]), month, from) : resolveMonthDay(month, from, context, monthDayDirection(direction));
      return { ...dayValue(first), last: first + (to - from) };
    },
  },
  {
    pattern: new RegExp(`\\b(?:from |between )?(${MONTH_NAME}) (${DAY_NUM})\\s*(?:-|–|to|and|until|through)\\s*(${DAY_NUM})(?:,? (${YEAR_NUM}))?(?![\\w:/])`, 'g'),
    capitalised: true,
    resolve(match, context, direction) {
      const month = monthIndex(match[1]!);
      const from = Number.parseInt(match[2]!, 10);
      const to = Number.parseInt(match[3]!, 10);
      if (to < from) return null;
      const first = match[4] ? fromYmd(Number(match[4]), month, from) : resolveMonthDay(month, from, context, monthDayDirection(direction));
      return { ...dayValue(first), last: first + (to - from) };
    },
  },
  // "Friday, Oct. 13, 1989", "Oct. 13", "December 4, 2025", "on the 4th of December"
  {
    pattern: new RegExp(`\\b(?:(${WEEKDAY_NAME}),? )?(${MONTH_NAME}) (${DAY_NUM})(?:,? (${YEAR_NUM}))?(?![\\w:/.]\\d|\\d)(?:,? (${PART}))?`, 'g'),
    capitalised: true,
    resolve(match, context, direction) {
      const month = monthIndex(match[2]!);
      const day = Number.parseInt(match[3]!, 10);
      const n = match[4] ? fromYmd(Number(match[4]), month, day) : (agreeingYear(match[1], month, day, context) ?? resolveMonthDay(month, day, context, monthDayDirection(direction)));
      return withPart(dayValue(n), match[5]);
    },
  },
  {
    pattern: new RegExp(`\\b(?:(${WEEKDAY_NAME}),? )?(?:the )?(${DAY_NUM})(?: of)? (${MONTH_NAME})(?:,? (${YEAR_NUM}))?(?![\\w])`, 'g'),
    capitalised: true,
    resolve(match, context, direction) {
      const month = monthIndex(match[3]!);
      const day = Number.parseInt(match[2]!, 10);
      const n = match[4] ? fromYmd(Number(match[4]), month, day) : (agreeingYear(match[1], month, day, context) ?? resolveMonthDay(month, day, context, monthDayDirection(direction)));
      return dayValue(n);
    },
  },
  // ISO and numeric dates: 2025-12-04, 12/4/2025 (US order, as the benchmark's newswire writes them)
  {
    pattern: /\b(\d{4})-(\d\d)-(\d\d)\b/g,
    resolve: (match) => {
      const month = Number(match[2]);
      const day = Number(match[3]);
      if (month < 1 || month > 12 || day < 1 || day > 31) return null;
      return dayValue(fromYmd(Number(match[1]), month, day));
    },
  },
  // "early December", "late last July", "June last year", "December 2025", "mid-November"
  {
    pattern: new RegExp(`\\b(?:(${MODIFIER})\\s?)?(?:(this|last|next|this past|this coming) )?(${MONTH_NAME})(?:,? (?:of )?(${YEAR_NUM})| (last|this|next) year)?(?![\\w])`, 'g'),
    capitalised: true,
    resolve(match, context, direction) {
      const month = monthIndex(match[3]!);
      const word = match[3]!;
      // "May" and "March" are also words; only a month when a date word sits beside them.
      if (/^(May|March)$/.test(word) && !match[1] && !match[2] && !match[4] && !match[5]) {
        const before = context.text.slice(Math.max(0, match.index - 12), match.index);
        const after = context.text.slice(match.index + match[0].length, match.index + match[0].length + 4);
        if (!/\b(in|of|since|until|by|from|early|late|mid|through|before|after|last|next|this|during)\s$/i.test(before) || /^\s?(for|of)\b/i.test(after)) return null;
      }
      const { y } = parts(context.anchor);
      let year: number;
      if (match[4]) year = Number(match[4]);
      else if (match[5]) year = y + (match[5] === 'last' ? -1 : match[5] === 'next' ? 1 : 0);
      else if (match[2] === 'last' || match[2] === 'this past') year = resolveMonth(month, { ...context, anchor: context.anchor - 1 }, 'past').year;
      else if (match[2] === 'next' || match[2] === 'this coming') year = resolveMonth(month, { ...context, anchor: context.anchor + 1 }, 'future').year;
      else if (match[2] === 'this') year = y;
      else year = resolveMonth(month, context, direction()).year;
      return withModifier(monthValue(year, month), match[1]);
    },
  },
  // Clock times, with the day they name: "10:35 a.m. Friday", "at 9 p.m.", "noon Thursday"
  {
    pattern: new RegExp(`\\b(?:(\\d{1,2})(?::(\\d\\d))? ?([ap]\\.?m\\.?)|(\\d{1,2}):(\\d\\d)(?! ?[ap]\\.?m)|(noon|midnight|midday))(?: (?:[A-Z]{2,4}T|GMT|UTC))?(?:,? (?:on )?(${WEEKDAY_NAME}|today|yesterday|tomorrow))?`, 'g'),
    resolve(match, context, direction) {
      const before = context.text.slice(Math.max(0, match.index - 2), match.index);
      if (/[$.,]\s?$/.test(before)) return null; // "$2.50 a share" is a price
      let hour: number;
      let minute = 0;
      if (match[1]) {
        hour = clockHour(match[1], match[3]);
        minute = Number(match[2] ?? 0);
      } else if (match[4]) {
        hour = Number(match[4]);
        minute = Number(match[5]);
        if (hour > 23 || minute > 59) return null;
      } else {
        hour = /midnight/i.test(match[6] ?? '') ? 0 : 12;
      }
      if (hour > 23 || minute > 59) return null;
      let day = context.anchor;
      const dayWord = (match[7] ?? '').toLowerCase();
      if (dayWord === 'yesterday') day -= 1;
      else if (dayWord === 'tomorrow') day += 1;
      else if (dayWord && dayWord !== 'today') day = resolveWeekday(weekdayIndex(dayWord), context, direction(), undefined);
      return clockValue(day, hour, minute);
    },
  },
  // Weekdays: "Friday", "last Friday", "this coming Sunday", "Thursday morning", "early Tuesday"
  {
    pattern: new RegExp(`\\b(?:(last|this|next|this coming|this past|coming|early|late|earlier|later) )?(${WEEKDAY_NAME})(?:'s)?(?: (${PART}))?(?![\\w])`, 'g'),
    capitalised: true,
    resolve(match, context, direction) {
      const modifier = match[1] && /^(early|late|earlier|later)$/i.test(match[1]) ? undefined : match[1];
      const n = resolveWeekday(weekdayIndex(match[2]!), context, direction(), modifier);
      return withPart(dayValue(n), match[3]);
    },
  },
  // today, yesterday, tomorrow, tonight, this morning, last night, yesterday afternoon
  {
    pattern: /\b(?:(late|early) )?(today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening)|last night|overnight)(?: (morning|afternoon|evening|night))?\b/gi,
    resolve(match, context) {
      const word = match[2]!.toLowerCase();
      if (word === 'overnight') return null;
      if (word === 'tonight') return { ...dayValue(context.anchor), value: `${isoDay(context.anchor)}TNI`, grain: 'part' };
      if (word === 'last night') return { ...dayValue(context.anchor - 1), value: `${isoDay(context.anchor - 1)}TNI`, grain: 'part' };
      if (word.startsWith('this ')) return withPart(dayValue(context.anchor), word.slice(5));
      const n = word === 'yesterday' ? context.anchor - 1 : word === 'tomorrow' ? context.anchor + 1 : context.anchor;
      return withPart(dayValue(n), match[3]);
    },
  },
  // Quarters and halves: "the third quarter", "third-quarter", "the fiscal first quarter of 1990", "1989's fourth quarter"
  {
    pattern: new RegExp(`\\b(?:(${YEAR_NUM})(?:'s)? |(this|last|next) year's |the )?(?:(fiscal|calendar) )?(first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:(fiscal|calendar) )?(quarter|half)(?: of (?:(?:fiscal|calendar) )?(?:(${YEAR_NUM})|(this|last|next) year))?`, 'gi'),
    resolve(match, context) {
      const which = ORDINALS[match[4]!.toLowerCase()] ?? 1;
      const isHalf = match[6]!.toLowerCase() === 'half';
      const { y, m } = parts(context.anchor);
      const relative = match[2] ?? match[8];
      let year: number;
      if (match[1]) year = Number(match[1]);
      else if (match[7]) year = Number(match[7]);
      else if (relative) year = y + (relative.toLowerCase() === 'last' ? -1 : relative.toLowerCase() === 'next' ? 1 : 0);
      else {
        // A quarter not begun yet at publication is last year's, unless the sentence looks ahead.
        const current = isHalf ? (m <= 6 ? 1 : 2) : Math.ceil(m / 3);
        const ahead = directionAt(context.text, match.index, match.index + match[0].length) === 'future';
        year = which > current && !ahead ? y - 1 : y;
      }
      if (isHalf) return which <= 2 ? halfValue(year, which) : null;
      context.quarter = { year, quarter: which };
      return quarterValue(year, which);
    },
  },
  // "the quarter", "the latest quarter", "the year-ago quarter", "the year-earlier period", "the latest period"
  {
    pattern: /\b(?:the|this|that|last|its) (?:(latest|current|same|year-ago|year-earlier|previous|first|recent|comparable) )?(?:fiscal )?(?:(year-ago|year-earlier) )?(quarter|period)\b/gi,
    resolve(match, context) {
      const { y, m } = parts(context.anchor);
      const base = context.quarter ?? (() => {
        const index = y * 4 + Math.floor((m - 1) / 3) - 1;
        return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
      })();
      const kind = (match[1] ?? match[2] ?? '').toLowerCase();
      if (match[3]!.toLowerCase() === 'period' && !kind && !context.mentionsQuarters) return null;
      if (kind === 'year-ago' || kind === 'year-earlier' || (match[2] ?? '') !== '') return quarterValue(base.year - 1, base.quarter);
      if (kind === 'previous') {
        const index = base.year * 4 + base.quarter - 2;
        return quarterValue(Math.floor(index / 4), (index % 4) + 1);
      }
      return quarterValue(base.year, base.quarter);
    },
  },
  // Seasons: "last fall", "this summer", "the winter of 1994", "spring 2026"
  {
    pattern: new RegExp(`\\b(?:(${MODIFIER}) )?(?:(this|last|next|this past|this coming|the|early|late) )?(spring|summer|fall|autumn|winter)(?:,? (?:of )?(${YEAR_NUM}))?\\b`, 'gi'),
    resolve(match, context, direction) {
      const season = SEASONS[match[3]!.toLowerCase()]!;
      // "fall" is also a verb and a noun ("a fall in prices"): a season only with a season word or a year beside it.
      if (!match[2] && !match[4] && !match[1]) return null;
      if (match[2]?.toLowerCase() === 'the' && !match[4]) return null;
      const { y, m } = parts(context.anchor);
      const currentSeason = m >= 3 && m <= 5 ? 'SP' : m >= 6 && m <= 8 ? 'SU' : m >= 9 && m <= 11 ? 'FA' : 'WI';
      const seasonYear = m <= 2 ? y - 1 : y;
      const word = (match[2] ?? '').toLowerCase();
      const order = ['WI', 'SP', 'SU', 'FA'];
      const offset = (s: string): number => (s === 'WI' ? 0 : order.indexOf(s));
      let year: number;
      if (match[4]) year = Number(match[4]);
      else if (word === 'this' || word === 'early' || word === 'late') {
        const dir = direction();
        year = season === currentSeason ? seasonYear : (dir === 'past' ? (offset(season) < offset(currentSeason) ? y : y - 1) : (offset(season) > offset(currentSeason) ? y : y + 1));
        if (season === 'WI' && currentSeason !== 'WI') year = dir === 'past' ? y - 1 : y;
      } else if (word === 'last' || word === 'this past') year = offset(season) < offset(currentSeason) && season !== 'WI' ? y : y - 1;
      else year = offset(season) > offset(currentSeason) ? y : y + 1;
      return seasonValue(year, season);
    },
  },
  // Relative units: "this week", "last month", "next year", "earlier this year", "early next year", "the past week", "the weekend"
  {
    pattern: /\b(?:(early|late|earlier|later|the end of|the beginning of|the start of|the middle of|by the end of|mid-) ?)?(this|last|next|the past|the previous|the coming|the following|the current|the same|this past|this coming|that|the) (week(?:end)?|month|year|quarter|decade|century)(?:'s)?\b/gi,
    resolve(match, context, direction) {
      const relation = match[2]!.toLowerCase();
      const unit = match[3]!.toLowerCase();
      if (unit === 'weekend') {
        if (relation === 'next' || relation === 'this coming' || relation === 'the coming') return weekendValue(context.anchor + 7 - parts(context.anchor).wd);
        if (relation === 'last' || relation === 'this past' || relation === 'the past') return weekendValue(context.anchor - parts(context.anchor).wd - 1);
        if (relation === 'this') return weekendValue(context.anchor);
        const dir = direction();
        const wd = parts(context.anchor).wd;
        return weekendValue(dir === 'past' && wd < 5 ? context.anchor - 7 : context.anchor);
      }
      if (relation === 'the following' || relation === 'the same' || relation === 'that') return null;
      if ((relation === 'the' || relation === 'the past' || relation === 'the previous') && unit !== 'year' && unit !== 'week') return null;
      if (relation === 'the past' || relation === 'the previous') return unit === 'week' ? null : null;
      let shift = relation === 'last' || relation === 'this past' ? -1 : relation === 'next' || relation === 'the coming' ? 1 : 0;
      // Said on a Sunday, "later this week" looking ahead means the week that starts tomorrow.
      if (unit === 'week' && relation === 'this' && parts(context.anchor).wd === 6 && direction() === 'future') shift = 1;
      if (unit === 'quarter') return null; // handled with the earnings context above
      const resolved = relativeUnit(unit, shift, context);
      return resolved ? withModifier(resolved, match[1]) : null;
    },
  },
  // "the 1990s", "the late 1980s", "the nineties"
  {
    pattern: /\b(?:the )?(?:(early|mid|late)[- ])?(1[6-9]|20)(\d)0'?s\b/gi,
    resolve: (match) => ({ value: `${match[2]}${match[3]}`, grain: 'decade', first: null, last: null }),
  },
  // "the 21st century", "this century"
  {
    pattern: /\b(?:this|the (\d\d)(?:st|nd|rd|th)) century\b/gi,
    resolve: (match, context) => ({ value: match[1] ? pad(Number(match[1]) - 1) : String(Math.floor(parts(context.anchor).y / 100)), grain: 'century', first: null, last: null }),
  },
  // Bare years: "in 1998", "fiscal 1989", "the 1989 period", "mid-1990" — not prices, counts or street numbers
  {
    pattern: new RegExp(`(?<![\\d$.,:/-]|\\d )(?:(fiscal|calendar|early|late|mid-?) )?(${YEAR_NUM})(?![\\d%]|[.,]\\d| (?:percent|people|troops|years|points|shares|miles|feet|meters|tons|votes|cars|jobs|men|women|workers|employees))`, 'gi'),
    resolve(match, context) {
      const year = Number(match[2]);
      const before = context.text.slice(Math.max(0, match.index - 12), match.index);
      if (/\b(?:No\.|number|Flight|flight|Room|Route|Highway|page|Rule|Resolution|Act|Article|at|about|some|nearly|over|than|of)\s$/.test(before) && !/\bof\s$/.test(before)) return null;
      if (/\bof\s$/.test(before) && !/(?:end|beginning|start|spring|summer|fall|autumn|winter|half|quarter|part|middle|rest|most|all|much|some) of\s$/i.test(before) && /\d/.test(before)) return null;
      return yearValue(year);
    },
  },
  // "N days ago", "a year earlier", "two weeks later", "three months from now"
  {
    pattern: /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|\d{1,3}) (day|week|month|year|decade)s? (ago|earlier|before|later|from now|hence)\b/gi,
    resolve(match, context) {
      const countWord = match[1]!.toLowerCase().replace(/^a few$/, 'few');
      const count = /^\d+$/.test(countWord) ? Number(countWord) : (NUMBER_WORDS[countWord] ?? 1);
      const sign = /ago|earlier|before/i.test(match[3]!) ? -1 : 1;
      const unit = match[2]!.toLowerCase();
      const vague = /several|few/.test(countWord);
      if (unit === 'day') return dayValue(context.anchor + sign * count);
      if (unit === 'week') return vague ? refValue(sign < 0 ? 'PAST_REF' : 'FUTURE_REF') : dayValue(context.anchor + sign * count * 7);
      if (unit === 'month') return vague ? refValue(sign < 0 ? 'PAST_REF' : 'FUTURE_REF') : { ...dayValue(addMonths(context.anchor, sign * count)), grain: 'month' as const };
      if (unit === 'decade') return { value: String(Math.floor((parts(context.anchor).y + sign * count * 10) / 10)), grain: 'decade', first: null, last: null };
      if (vague) return { value: `${Math.floor(parts(context.anchor).y / 10)}X`, grain: 'decade', first: null, last: null };
      // In an earnings report "a year earlier" is the same quarter a year before.
      if (context.mentionsQuarters && context.quarter && count === 1) return quarterValue(context.quarter.year - 1, context.quarter.quarter);
      const shifted = addMonths(context.anchor, sign * count * 12);
      return { ...dayValue(shifted), grain: 'year' };
    },
  },
  // Deadlines and spans ahead: "within 60 days", "in two years", "in the next three weeks"
  {
    pattern: /\b(within|in|in the next|over the next|for) (a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3}) (day|week|month|year)s?\b/gi,
    resolve(match, context) {
      const countWord = match[2]!.toLowerCase();
      const count = /^\d+$/.test(countWord) ? Number(countWord) : (NUMBER_WORDS[countWord] ?? 1);
      const unit = match[3]!.toLowerCase();
      const kind = match[1]!.toLowerCase();
      if (kind === 'for') return null; // a duration, not a time
      if (kind === 'in' && unit === 'year') return yearValue(parts(context.anchor).y + count);
      // "within 60 days" of 4 April runs to 3 June, sixty days on, as "within two weeks" runs fourteen days on.
      const end = unit === 'day' ? context.anchor + count : unit === 'week' ? context.anchor + count * 7 : addMonths(context.anchor, unit === 'month' ? count : count * 12) - 1;
      if (kind === 'in' && unit !== 'day') return { ...dayValue(context.anchor + (unit === 'week' ? count * 7 : 0)), grain: unit === 'week' ? 'week' : 'month', value: unit === 'week' ? weekValue(context.anchor + count * 7).value : monthValue(parts(addMonths(context.anchor, count)).y, parts(addMonths(context.anchor, count)).m).value, first: context.anchor, last: end };
      return { value: 'FUTURE_REF', grain: 'ref', first: context.anchor, last: end };
    },
  },
  // "year-earlier", "year-ago" as adjectives: the same period a year before
  {
    pattern: /\b(year-earlier|year-ago)\b/gi,
    resolve(_match, context) {
      if (context.quarter) return quarterValue(context.quarter.year - 1, context.quarter.quarter);
      return yearValue(parts(context.anchor).y - 1);
    },
  },
  // Points in time without a date: now, recently, currently, the past, the future, soon
  {
    pattern: /\b(now|nowadays|currently|at present|at the moment|these days|recently|lately|previously|formerly|in the past|the past|the future|in the future|soon|recent years|recent months|recent weeks|recent days|the near future)\b/gi,
    resolve(match, context) {
      const word = match[1]!.toLowerCase();
      if (word === 'now') {
        const around = context.text.slice(Math.max(0, match.index - 10), match.index + 12).toLowerCase();
        if (/\b(right now|just now|now that|by now|until now|from now|for now|up to now)\b/.test(around)) return null;
      }
      if (/^(now|nowadays|currently|at present|at the moment|these days)$/.test(word)) return refValue('PRESENT_REF');
      if (/future|soon/.test(word)) return refValue('FUTURE_REF');
      return refValue('PAST_REF');
    },
  },
];

interface Found extends Resolved {
  start: number;
  end: number;
}

function isCapitalisedName(text: string): boolean {
  // Month and weekday names are capitalised in news; "sat", "march" and "may" in lower case are verbs.
  return /(?:^|[\s,(-])(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/.test(text);
}

/** A clock time chrono finds where the rules found nothing ("half past ten", "at 8 tonight"). */
function chronoTimes(text: string, context: Context, taken: (start: number, end: number) => boolean): Found[] {
  if (!/\b(?:o'clock|half past|quarter (?:past|to))\b/i.test(text)) return [];
  const found: Found[] = [];
  const reference = new Date(`${isoDay(context.anchor)}T12:00:00Z`);
  for (const result of chrono.parse(text, { instant: reference, timezone: 0 })) {
    const start = result.index;
    const end = start + result.text.length;
    if (taken(start, end) || !result.start.isCertain('hour')) continue;
    const date = result.start.date();
    const day = Math.floor(date.getTime() / DAY_MS);
    found.push({ ...clockValue(day, date.getUTCHours(), date.getUTCMinutes()), start, end });
  }
  return found;
}

/** Options for reading a text's time words. */
export interface FindTimeOptions {
  /** How a bare "Friday" or "March" is read when its sentence has no tense of its own; news reports mostly look back. */
  defaultDirection?: Direction;
}

/** Finds and resolves every time expression in `text` against the publication day. */
export function findTimeExpressions(text: string, anchor: TimeAnchor, options: FindTimeOptions = {}): TimeExpression[] {
  const context: Context = {
    text,
    anchor: dayNumber(anchor.day),
    quarter: null,
    mentionsQuarters: /\bquarter|\bfiscal\b|\bper share\b|\ba share\b/i.test(text),
    defaultDirection: options.defaultDirection === undefined ? 'past' : options.defaultDirection,
  };
  const candidates: Array<{ start: number; end: number; rule: Rule; match: RegExpExecArray; order: number }> = [];
  RULES.forEach((rule, order) => {
    for (const match of allMatches(rule.pattern, text)) {
      const exec = match;
      if (rule.capitalised && !isCapitalisedName(match[0])) continue;
      // "every January", "each Monday" repeat: a set of times, not one.
      if (/\b(?:every|each)\s+$/i.test(text.slice(Math.max(0, match.index - 8), match.index))) continue;
      candidates.push({ start: match.index, end: match.index + match[0].length, rule, match: exec, order });
    }
  });
  // Longest first, then the more specific rule; the text is read left to right so quarters named earlier carry on.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.order - b.order || a.start - b.start);
  const chosen: typeof candidates = [];
  for (const candidate of candidates) {
    if (chosen.some((other) => other.start < candidate.end && candidate.start < other.end)) continue;
    chosen.push(candidate);
  }
  chosen.sort((a, b) => a.start - b.start);
  const found: Found[] = [];
  for (const candidate of chosen) {
    const direction = (): Direction => directionAt(text, candidate.start, candidate.end) ?? context.defaultDirection;
    const resolved = candidate.rule.resolve(candidate.match, context, direction);
    if (resolved) found.push({ ...resolved, start: candidate.start, end: candidate.end });
  }
  const taken = (start: number, end: number): boolean => found.some((other) => other.start < end && start < other.end);
  found.push(...chronoTimes(text, context, taken));
  found.sort((a, b) => a.start - b.start);
  return found.map((item) => ({
    start: item.start,
    end: item.end,
    text: text.slice(item.start, item.end),
    value: item.value,
    grain: item.grain,
    first: item.first === null ? null : isoDay(item.first),
    last: item.last === null ? null : isoDay(item.last),
    range: item.grain === 'day' && item.first !== null && item.last !== null && item.last > item.first,
  }));
}
