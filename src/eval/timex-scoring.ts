/**
 * TempEval-3-style scoring of time expressions over DATE and TIME (../shared/datasets/TIMEX.md): relaxed one-to-one
 * span matching, then the value judged at the gold's granularity. Pure.
 */

/** A gold TIMEX3 as the dataset gives it. */
export interface GoldTimex {
  start: number;
  end: number;
  text: string;
  type: string;
  value: string;
}

/** One document of the benchmark. */
export interface TimexDocument {
  id: string;
  dct: string;
  text: string;
  timexes: GoldTimex[];
}

/** What a system found: a span and a calendar reading of it. */
export interface SystemTimex {
  start: number;
  end: number;
  /** A TimeML value (`2013-03-21`, `2013-W12`, `PAST_REF` …) or, for a bare date reader, `YYYY-MM-DD[Thh:mm]`. */
  value: string;
  /** Set when the system knows the hour (a clock time or a part of day). */
  hourKnown?: boolean;
}

/** Counts behind one scored run. */
export interface TimexScores {
  documents: number;
  gold: number;
  system: number;
  dropped: number;
  matched: number;
  strict: number;
  valueRight: number;
  relaxed: { precision: number; recall: number; f1: number };
  strictF1: number;
  valueAccuracy: number;
  value: { precision: number; recall: number; f1: number };
}

/** A matched or unmatched mention, for --errors style listings. */
export interface TimexOutcome {
  id: string;
  kind: 'wrong value' | 'missed' | 'spurious';
  text: string;
  gold: string | null;
  found: string | null;
}

interface Moment {
  year: number;
  month: number;
  day: number;
  hour: number | null;
  minute: number | null;
}

const DAY_MS = 86_400_000;
const PART_HOURS: Record<string, number> = { MO: 8, AF: 14, EV: 19, NI: 22, DT: 12 };
const SEASON_START: Record<string, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };

function dayIndex(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}
function fromDayIndex(n: number): Moment {
  const date = new Date(n * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: null, minute: null };
}
function isoWeekOf(m: Moment): { year: number; week: number; weekday: number } {
  const n = dayIndex(m.year, m.month, m.day);
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7;
  const thursday = n - weekday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan4 = dayIndex(year, 1, 4);
  const jan4Weekday = (new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7;
  return { year, week: 1 + Math.floor((thursday - (jan4 - jan4Weekday + 3)) / 7), weekday: weekday + 1 };
}

/** The calendar moment a system value stands for: the first day of its period, with the hour when it names one. */
export function momentOf(value: string, dct: string): Moment | null {
  const dctDay = dayIndex(Number(dct.slice(0, 4)), Number(dct.slice(5, 7)), Number(dct.slice(8, 10)));
  if (value === 'PRESENT_REF') return fromDayIndex(dctDay);
  if (value === 'PAST_REF') return fromDayIndex(dctDay - 1);
  if (value === 'FUTURE_REF') return fromDayIndex(dctDay + 1);
  let match = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)|T(MO|AF|EV|NI|DT))?/.exec(value);
  if (match) {
    const hour = match[4] ? Number(match[4]) : match[6] ? (PART_HOURS[match[6]] ?? null) : null;
    return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour, minute: match[5] ? Number(match[5]) : hour === null ? null : 0 };
  }
  match = /^(\d{4})-W(\d\d)(-WE)?$/.exec(value);
  if (match) {
    const year = Number(match[1]);
    const jan4 = dayIndex(year, 1, 4);
    const monday = jan4 - ((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7) + (Number(match[2]) - 1) * 7;
    return fromDayIndex(match[3] ? monday + 5 : monday);
  }
  match = /^(\d{4})-(\d\d)$/.exec(value);
  if (match) return { year: Number(match[1]), month: Number(match[2]), day: 1, hour: null, minute: null };
  match = /^(\d{4})-Q(\d)$/.exec(value);
  if (match) return { year: Number(match[1]), month: Number(match[2]) * 3 - 2, day: 1, hour: null, minute: null };
  match = /^(\d{4})-H(\d)$/.exec(value);
  if (match) return { year: Number(match[1]), month: match[2] === '1' ? 1 : 7, day: 1, hour: null, minute: null };
  match = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (match) return { year: Number(match[1]), month: SEASON_START[match[2]!] ?? 1, day: 1, hour: null, minute: null };
  match = /^(\d{4})$/.exec(value);
  if (match) return { year: Number(match[1]), month: 1, day: 1, hour: null, minute: null };
  match = /^(\d{3})$/.exec(value);
  if (match) return { year: Number(match[1]) * 10, month: 1, day: 1, hour: null, minute: null };
  match = /^(\d\d)$/.exec(value);
  if (match) return { year: Number(match[1]) * 100, month: 1, day: 1, hour: null, minute: null };
  return null;
}

/** Whether a system moment is right for a gold value, at the gold's granularity (TIMEX.md, rule 4). */
export function valueIsRight(gold: string, system: Moment | null, dct: string): boolean {
  if (!system) return false;
  const sameDay = (y: number, m: number, d: number): boolean => system.year === y && system.month === m && system.day === d;
  const dctDay = dayIndex(Number(dct.slice(0, 4)), Number(dct.slice(5, 7)), Number(dct.slice(8, 10)));
  const systemDay = dayIndex(system.year, system.month, system.day);
  if (gold === 'PRESENT_REF') return systemDay === dctDay;
  if (gold === 'PAST_REF') return systemDay < dctDay;
  if (gold === 'FUTURE_REF') return systemDay > dctDay;
  let match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d)(?::(\d\d))?/.exec(gold);
  if (match) {
    if (!sameDay(Number(match[1]), Number(match[2]), Number(match[3])) || system.hour !== Number(match[4])) return false;
    return match[5] === undefined || system.minute === Number(match[5]);
  }
  match = /^(\d{4})-(\d\d)-(\d\d)T(MO|AF|EV|NI|DT)$/.exec(gold);
  if (match) {
    if (!sameDay(Number(match[1]), Number(match[2]), Number(match[3])) || system.hour === null) return false;
    const hour = system.hour;
    const part = match[4];
    if (part === 'MO') return hour >= 4 && hour <= 11;
    if (part === 'AF') return hour >= 12 && hour <= 17;
    if (part === 'EV') return hour >= 17 && hour <= 22;
    if (part === 'NI') return hour >= 20 || hour <= 4;
    return hour >= 8 && hour <= 17;
  }
  match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(gold);
  if (match) return sameDay(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{4})-W(\d\d)(?:-(WE|\d))?$/.exec(gold);
  if (match) {
    const week = isoWeekOf(system);
    if (week.year !== Number(match[1]) || week.week !== Number(match[2])) return false;
    if (match[3] === 'WE') return week.weekday >= 6;
    return match[3] === undefined || week.weekday === Number(match[3]);
  }
  match = /^(\d{4})-(\d\d)(?:-XX)?$/.exec(gold);
  if (match) return system.year === Number(match[1]) && system.month === Number(match[2]);
  match = /^(\d{4})-Q(\d)$/.exec(gold);
  if (match) return system.year === Number(match[1]) && Math.ceil(system.month / 3) === Number(match[2]);
  match = /^(\d{4})-H(\d)$/.exec(gold);
  if (match) return system.year === Number(match[1]) && (system.month <= 6 ? 1 : 2) === Number(match[2]);
  match = /^(\d{4})-(SP|SU|FA|WI)$/.exec(gold);
  if (match) {
    const year = Number(match[1]);
    if (match[2] === 'WI') return (system.year === year && system.month === 12) || ((system.year === year || system.year === year + 1) && system.month <= 2);
    const first = SEASON_START[match[2]!] ?? 0;
    return system.year === year && system.month >= first && system.month <= first + 2;
  }
  match = /^(\d{4})(?:-(?:XX|WXX|QX|HX)\b.*)?$/.exec(gold);
  if (match) return system.year === Number(match[1]);
  match = /^(\d{3})X?$/.exec(gold);
  if (match) return Math.floor(system.year / 10) === Number(match[1]);
  match = /^(\d\d)(?:XX)?$/.exec(gold);
  if (match) return Math.floor(system.year / 100) === Number(match[1]);
  return false;
}

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Scores documents and their system mentions (TIMEX.md rules 1–5); `refStrict` makes every *_REF gold wrong. */
export function scoreTimexes(
  documents: Array<{ document: TimexDocument; found: SystemTimex[] }>,
  options: { refStrict?: boolean; outcomes?: TimexOutcome[] } = {},
): TimexScores {
  let gold = 0;
  let system = 0;
  let dropped = 0;
  let matched = 0;
  let strict = 0;
  let valueRight = 0;
  for (const { document, found } of documents) {
    const scored = document.timexes.filter((timex) => timex.type === 'DATE' || timex.type === 'TIME');
    const dontCare = document.timexes.filter((timex) => timex.type !== 'DATE' && timex.type !== 'TIME');
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): number => Math.min(a.end, b.end) - Math.max(a.start, b.start);
    const kept = found.filter((mention) => {
      const drop = dontCare.some((timex) => overlaps(timex, mention) > 0) && !scored.some((timex) => overlaps(timex, mention) > 0);
      if (drop) dropped++;
      return !drop;
    });
    gold += scored.length;
    system += kept.length;
    const pairs: Array<{ g: number; s: number; overlap: number }> = [];
    scored.forEach((timex, g) => kept.forEach((mention, s) => {
      const overlap = overlaps(timex, mention);
      if (overlap > 0) pairs.push({ g, s, overlap });
    }));
    pairs.sort((a, b) => b.overlap - a.overlap || a.g - b.g || a.s - b.s);
    const goldTaken = new Set<number>();
    const systemTaken = new Set<number>();
    for (const pair of pairs) {
      if (goldTaken.has(pair.g) || systemTaken.has(pair.s)) continue;
      goldTaken.add(pair.g);
      systemTaken.add(pair.s);
      matched++;
      const timex = scored[pair.g]!;
      const mention = kept[pair.s]!;
      if (timex.start === mention.start && timex.end === mention.end) strict++;
      const refWrong = options.refStrict === true && /_REF$/.test(timex.value);
      const right = !refWrong && valueIsRight(timex.value, momentOf(mention.value, document.dct), document.dct);
      if (right) valueRight++;
      else options.outcomes?.push({ id: document.id, kind: 'wrong value', text: timex.text, gold: timex.value, found: mention.value });
    }
    scored.forEach((timex, g) => {
      if (!goldTaken.has(g)) options.outcomes?.push({ id: document.id, kind: 'missed', text: timex.text, gold: timex.value, found: null });
    });
    kept.forEach((mention, s) => {
      if (!systemTaken.has(s)) options.outcomes?.push({ id: document.id, kind: 'spurious', text: document.text.slice(mention.start, mention.end), gold: null, found: mention.value });
    });
  }
  const relaxedP = rate(matched, system);
  const relaxedR = rate(matched, gold);
  const strictF1 = harmonic(rate(strict, system), rate(strict, gold));
  const valueP = rate(valueRight, system);
  const valueR = rate(valueRight, gold);
  return {
    documents: documents.length,
    gold,
    system,
    dropped,
    matched,
    strict,
    valueRight,
    relaxed: { precision: relaxedP, recall: relaxedR, f1: harmonic(relaxedP, relaxedR) },
    strictF1,
    valueAccuracy: rate(valueRight, matched),
    value: { precision: valueP, recall: valueR, f1: harmonic(valueP, valueR) },
  };
}
