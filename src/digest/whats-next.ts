import { directionAt, findTimeExpressions, type TimeExpression } from './dates.js';
import type { NextEvent } from './types.js';
import { containment, contentTerms } from './text.js';

/** A sentence of a source article, with what its dates are read against. */
export interface DatedSentence {
  text: string;
  publishedAt: Date | null;
  publishedOffsetMinutes: number | null;
  /** The outlet (or article id) the sentence comes from. */
  source?: string;
}

/** An order to act announces the act: "the FAA has directed SpaceX to conduct a full investigation". */
const directive = /\b(?:directed|ordered|required|requires|forcing|forces|forced|instructed)\s+(?:[\p{Lu}][\p{L}-]*\s+){1,3}to\s+(?:hold|conduct|perform|carry out|release|return|submit|appear|testify|pay)\b/u;

/**
 * Words that announce something still to happen. "due to" only before a verb: "delayed due to the debris" is a
 * cause. "would" is read as announced only in reported speech, and the date then decides whether it is still ahead.
 */
const futureCue = new RegExp(
  String.raw`\b(?:will|shall|would)\b|'ll\b|\b(?:is|are|was|were) (?:(?:scheduled|set|due|slated|expected|poised|planned|planning|preparing|going) to (?!the\b|a\b|an\b|its\b|his\b|her\b|their\b)|(?<=\b(?:is|are) )(?:to (?:be|hold|meet|visit|travel|sign|vote)\b|ready to (?:present|hold|meet|sign|hand|resume|begin|start|travel|visit)\b|due(?=[,.;]|$|\s+(?:on|in|at|by|this|next|later|tomorrow|today|out)\b)))|\b(?:plans?|intends?|agreed|agrees|agreeing)(?<!\b(?:his|her|its|their|the|a|our|my|your) \w+) to (?!the\b|a\b|an\b|its\b|his\b|her\b|their\b|this\b|that\b)|\bto be (?:held|signed|sworn|released|played|announced)\b|\bto (?:take|go into|come into|enter into) (?:effect|force)\b|\b(?:vow(?:ed|s)?|pledged|promised) to appeal\b|\bupcoming\b|\bnext (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\blater (?:this|today|tonight)\b`,
  'i',
);
const directiveWord = /\b(?:directed|ordered|required|requires|forcing|forces|forced|instructed)\b/i;

/** An agreement on a happening announces it: "agreed to a prisoner exchange", "reached an agreement for the exchange of prisoners". */
const agreedHappening =
  /\b(?:agreed|agreeing|agrees?) (?:to|on) (?:a|an|the)\s+(?:[\p{L}-]+\s+){0,3}?(?:exchanges?|swaps?|ceasefire|truce|meeting|talks|round|summit|release|handover|withdrawal|visit)\b|\breach(?:ed|es|ing)? an agreement\b[^.;]{0,40}?\b(?:on|for) (?:a|an|the)\s+(?:[\p{L}-]+\s+){0,3}?(?:exchanges?|swaps?|ceasefire|truce|meeting|talks|round|summit|release|handover|withdrawal|visit)\b/iu;
const agreeWord = /\bagree/i;
/** A trip under way or announced in reported speech: "said he was leaving for Srinagar to hold a meeting", "is flying to Moscow". */
const leavingCue = /\b(?:leaving|travell?ing|flying) (?:for|to)\b(?<=\b(?:is|are|am|was|were) \w+ \w+)/i;
/** Calling a meeting announces it: "announced an emergency meeting", "called a snap election" ("convened a meeting" held it). */
const calledHappening = /\b(?:announced|called) (?:a|an) (?:[\p{L}-]+\s+){0,3}?(?:meeting|summit|session|hearing|vote|referendum|election|inquiry)\b/iu;
const calledWord = /\b(?:announced|called) an?\b/i;

/** Whether text announces something ahead: a future cue, an agreed happening or an order to act (the Unicode patterns only past a cheap word check: they are slow). */
function announces(text: string): boolean {
  if (futureCue.test(text)) return true;
  // One pass for the words the rarer cues need; most sentences have none of them.
  if (!rareCueWord.test(text)) return false;
  return (agreeWord.test(text) && agreedHappening.test(text)) || (calledWord.test(text) && calledHappening.test(text)) || leavingCue.test(text) || (directiveWord.test(text) && directive.test(text));
}
const rareCueWord = /\b(?:agree|announced an?\b|called an?\b|leaving|travell?ing|flying|directed|ordered|required|requires|forc|instructed)/i;
const schedulingCue =
  /\b(?:scheduled|set|due|slated|plans?|planning|intends?|agreed|agreeing) to\b|\byet to (?:announce|decide|name|set|rule|reveal)\b(?<=\b(?:has|have|is|are) yet to \w+)|\bnot yet (?:announced|decided|named|set|ruled|revealed)\b(?<=\b(?:has|have) not yet \w+)|\bdue(?=[,.;]|$|\s+(?:on|in|at|by|this|next|later|tomorrow|today|out)\b)(?<=\b(?:is|are) due)|\b(?:vow(?:ed|s)?|pledged|promised) to appeal\b|\b(?:will|would) (?:now |soon |also |then |first |formally )?(?:be leaving for|travel|fly|go to|meet|visit|hold|vote|announce|testify|sign|attend|host|speak|decide|rule|resume|begin|start|open|launch|release|publish|hear|appeal|present|exchange|swap|impose|slap|levy|take effect|go into effect|come into force|be held|be sworn|be imposed|be charged|be released|be freed|be lifted|follow(?=\s*[.;]|\s*$)|take office|assume office|address|conduct|require|return|play|continue)\b/i;
/** A scheduling verb, or an agreement on a happening: enough for an event told without a date. */
function schedules(text: string): boolean {
  return schedulingCue.test(text) || (agreeWord.test(text) && agreedHappening.test(text)) || (calledWord.test(text) && calledHappening.test(text)) || leavingCue.test(text);
}
/**
 * Present-tense scheduling ("who takes office on Monday", "as United prepare for their final match on Sunday"): an
 * event only with a date of its own that is still ahead.
 */
const presentSchedule =
  /\b(?:takes?|goes|go|comes?|enters?) (?:office|into effect|into force|effect)\b|\b(?:prepares?|gets? ready) for\b|\b(?:begins|starts|opens|kicks off|resumes|heads to|travels to|faces|meets|hosts|visits)\b/i;

/** Plans already past: "was scheduled to", "were expected to". */
const pastPlan = /\b(?:was|were|had been) (?:scheduled|set|due|slated|expected|supposed|planned|poised|meant) to\b|\b(?:earlier|previous|original|former|abandoned|scrapped) plans? to\b/i;
/** Hypotheticals, hedges and conditions are not announcements. "may" beside a day number is the month ("on May 16", "16 May"). */
const conditional = /\b(?:if|unless|could|might|(?<!\d\s)may(?!\s+\d)|should|would have|possibly|probably|perhaps|potentially|potential (?:meeting|talks|summit|visit|trip|deal|agreement|ceasefire|vote|election|sale|strike|date)|think|thinks|believes?|reckons?|predicts?|predicted|hopes?|hoped|wants?|would like|likely|unlikely|proposed|offered)\b/i;
/** Vows, stances and rhetoric. */
const vow = /\b(?:vow(?:ed|s)?|pledg(?:ed|es?)|promis(?:ed|es?)|swore|swears|threaten(?:ed|s)?|warn(?:ed|s)?)\b|\b(?:will|would) (?:forever|never|always|not be|be remembered|be known as|take the name|be comfortable|be happy|be able|be ready|be willing)\b/i;
/** A past-tense report whose only future word is "next" or "upcoming" ("The next year, he was ordained"). */
const pastReport = /\b(?:was|were|had|did)\b/i;
const strongFuture = /\b(?:will|shall|would)\b|'ll\b|\b(?:vow(?:ed|s)?|pledged|promised) to appeal\b|\b(?:is|are) (?:scheduled|set|due|slated|expected|poised|planned|planning|preparing|going|to)\b|\b(?:plans?|intends?|agreed|agrees|agreeing) to\b/i;
/** Forecasts of weather, markets and numbers: their subject or their verb gives them away. */
const forecast =
  /\b(?:temperatures?|mercury|inflation|prices?|growth|gdp|economy|rates? (?:will|are expected)|storm|wind|winds|gusts?|rain|snow|weather|odds|probability|asteroid|markets?|stocks?|shares|index|yields?|demand|unemployment|polls?|deficit)\b[^.]{0,60}\b(?:will|expected to|set to|forecast)\b|\b(?:will|expected to|set to|is forecast to|are forecast to) (?:rise|fall|drop|climb|decline|grow|expand|slow|ease|remain|stay|reach|peak|weigh|return to|stabili[sz]e|hover|surge|plunge|tumble|make landfall|strike|hit|be bigger|be heavier|disappear|increase|decrease|continue to)\b/i;
/** "expected to" is a forecast unless what is expected is a scheduled act. */
const expectedAct =
  /\bexpected to (?:meet|visit|travel|fly|address|attend|sign|announce|hold|vote|testify|speak|deliver|present|decide|rule|launch|arrive|resume|take office|be sworn|be held|name|unveil|release)\b/i;
const reportingClause =
  /^(?<subject>.*?)\b(?:said|says|confirmed|announced|told [^,]{1,40}?|added|stated|reported|indicated)\b(?:\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:,|\s+that)?|\s+(?:on|in|at)\s+[^,]{1,50}?(?:,|\s+that)|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:,|\s+that)?|,|\s+that)?\s+(?<clause>.+)$/;

/** Replaces quoted words with nothing: what someone said in quotes is their claim, not an announced event. */
function withoutQuotes(text: string): string {
  return text
    .replace(/[\u201C"][^\u201D"]*[\u201D"]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:])/g, '$1')
    .trim();
}

function countQuotes(text: string): number {
  return (text.match(/["\u201C\u201D]/g) ?? []).length;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Picks the clause that carries the future: "…, but talks will continue this week" → "talks will continue this week". */
function futureClause(sentence: string): string | null {
  const clauses = sentence.split(/,\s+and\s+|,?\s+(?:but|while|whereas)\s+|;\s+|\s+\u2014\s+|:\s+/);
  // The first clause that announces an event and is not a hedge, a vow or a step already in force ("The ban will
  // come into effect immediately, but the court has not yet announced how long it will last"), else the first that announces.
  let index = clauses.length > 1 ? clauses.findIndex((part) => announces(part) && notAnEvent(part) === null) : -1;
  if (index < 0) index = clauses.findIndex((part) => announces(part));
  if (index < 0) index = clauses.findIndex((part) => presentSchedule.test(part) && timeHints.test(part));
  if (index < 0) return null;
  const clause = clauses[index]!.trim();
  // A clause that starts with its verb ("will fly to Moscow") was cut from its subject: keep the sentence whole.
  if (index > 0 && !/^[\p{Lu}]/u.test(clause) && !/^(?:(?:said|added|says)(?: that)? )?(?:the|a|an|he|she|they|it|we|talks|negotiations)\b/i.test(clause)) return sentence;
  return clause;
}

/** The subject of a report told in the past tense: "Delegations of Russia and Ukraine" of "Delegations … concluded their meeting". */
const pastSubject = /^((?:[\p{Lu}][\p{L}'\u2019-]*|the|of|and|for|[\p{Ll}]+)(?:\s+(?:[\p{Lu}][\p{L}'\u2019-]*|of|and|the|for|[\p{Ll}]+)){0,7}?)\s+(?:[a-z]{3,}ed|met|held|struck|reached|won|wrapped up)\b/u;

/**
 * The plan a participle carries after a report: "The court upheld the law, clearing the way for the measure to take
 * effect on Sunday" → "The measure will take effect on Sunday"; "Delegations … concluded their meeting on Friday,
 * agreeing to hold a new round" → "Delegations … agreed to hold a new round". Null when the sentence has neither.
 */
function participlePlan(sentence: string): string | null {
  const way = /,\s+(?:clearing|paving|opening) the way for (?<subject>(?:the|a|an|his|her|its|their)\s[^,]{1,60}?) to (?<rest>[^,]+)/i.exec(sentence);
  if (way?.groups) return `${way.groups.subject} will ${way.groups.rest}`;
  const agreeing = /,\s+agreeing to (?<rest>.+)$/i.exec(sentence);
  const subject = agreeing ? pastSubject.exec(sentence)?.[1] : undefined;
  if (agreeing?.groups && subject && !/^(?:it|they|he|she|this|that)$/i.test(subject)) return `${subject} agreed to ${agreeing.groups.rest}`;
  return null;
}

const attributionVerb = /\b(?:said|says|told|added|stated|confirmed|announced|noted)\b/;

/**
 * Drops an attribution at the end: "…on a 1,000-for-1,000 basis, Defense Minister Rustem Umerov, who led the
 * delegation, told reporters after the talks." → "…on a 1,000-for-1,000 basis." The tail must hold the verb of saying
 * and nothing ahead, and be short.
 */
function withoutAttribution(text: string): string {
  if (!attributionVerb.test(text)) return text;
  for (const comma of text.matchAll(/,["\u201D]?\s+/g)) {
    const tail = text.slice(comma.index + comma[0].length);
    if (!attributionVerb.test(tail)) break;
    if (tail.length > 200 || /["\u201C\u201D]/.test(tail) || tail.split(/\s+/).length > 25 || announces(tail)) continue;
    const head = text.slice(0, comma.index);
    // "We agreed to return 6,000 bodies," Umerov told reporters: who "we" are is in the tail.
    if ((!announces(head) && !presentSchedule.test(head)) || /^["\u201C]?(?:also\s+)?(?:we|i|our|my|us)\b/i.test(head)) return text;
    // A quote mark that opened the head now closes it.
    return /^["\u201C]/.test(head) ? `${head}.${head.startsWith('"') ? '"' : '\u201D'}` : head;
  }
  return text;
}

/** "Peskov said Putin would see Witkoff…" → "Putin will see Witkoff…"; "Trump said he would send…" → "Trump will send…". */
function asEvent(clause: string): string {
  let text = clause;
  const reported = reportingClause.exec(text);
  const said = reported?.groups?.clause;
  // "confirmed the agreement on the exchange, adding that…": a noun after the verb is what was confirmed, not a
  // reported clause, unless its own future verb comes before the first comma.
  const objectOnly = said !== undefined && /^(?:the|a|an)\b/i.test(said) && (futureCue.exec(said)?.index ?? 0) > (said.indexOf(',') < 0 ? Infinity : said.indexOf(','));
  if (reported?.groups?.clause && !objectOnly && futureCue.test(reported.groups.clause) && /^(?:that\s+)?(?:[\p{Lu}]|he\b|she\b|they\b|it\b|the\b)/u.test(reported.groups.clause)) {
    text = reported.groups.clause;
    const subjectName = /((?:Mr\.|Mrs\.|Ms\.)?\s?[\p{Lu}][\p{L}'\u2019-]+)\s*(?:,[^,]*,)?\s*$/u.exec((reported.groups.subject ?? '').trim())?.[1]?.trim();
    const subjectText = (reported.groups.subject ?? '').trim();
    // "Le Pen's attorney said she would appeal": she is Le Pen; "…Depardieu denied it, and his lawyer said he would": Depardieu.
    const client =
      /([\p{Lu}][\p{L}-]+(?: [\p{Lu}][\p{L}-]+)*)['\u2019]s (?:lawyer|attorney|spokes\w+|office|team|representative|aide)/u.exec(subjectText)?.[1] ??
      (/\b(?:his|her) (?:lawyer|attorney|spokes\w+|office|team|representative|aide)s?\s*$/i.test(subjectText)
        ? [...subjectText.matchAll(/(?<=\s)[\p{Lu}][\p{L}-]{2,}/gu)].pop()?.[0]
        : undefined);
    const person = client ?? subjectName?.replace(/^(Mr\.|Mrs\.|Ms\.)\s?/, '');
    if (person && /^(he|she)\b/i.test(text)) text = text.replace(/^(he|she)\b/i, person);
    // "The city council said it would shut…" → "The city council will shut…"
    const subject = (reported.groups.subject ?? '').trim();
    if (/^(it|they)\b/i.test(text) && /^(?:The |[\p{Lu}])[^,]*$/u.test(subject) && subject.split(/\s+/).length <= 6) text = text.replace(/^(it|they)\b/i, subject);
  }
  text = withoutAttribution(text)
    // An editor's insertion in a quote ("our delegation headed by [Presidential Aide] Vladimir Medinsky") and the
    // brackets of a clarified quote ("(The exchange will take place) in the near future") are not the speaker's words.
    .replace(/\s*\[[^\]]{1,40}\]/g, '')
    .replace(/^(["\u201C]?)\(([^()]{1,80})\)/, '$1$2');
  text = text
    .replace(/^(?:that|and|but|so|also|meanwhile|however),?\s+/i, '')
    .replace(/^(?:said|added|says|announced|confirmed)(?: that)?\s+/i, '')
    .replace(/\bwould\b/, 'will')
    .replace(/[,;:\s]+$/, '');
  // A quote mark whose partner lies outside the item would read as a misquote.
  if (countQuotes(text) % 2 === 1) text = text.replace(/^["\u201C\u201D]\s*/, '').replace(/([.,!?])["\u201D](?=\s|$)/, '$1');
  text = capitalise(text);
  return /[.!?]["\u201D\u2019']?$/.test(text) ? text : `${text}.`;
}

/** The local calendar date (YYYY-MM-DD) of `instant` at `offsetMinutes`. */
export function localDate(instant: Date, offsetMinutes: number): string {
  return new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

interface ResolvedDate {
  date: string | null;
  /** For a deadline ("before Thursday"), the first day it allows: the publication day. */
  deadlineFrom?: string;
  until: string | null;
  dateText: string;
  /** The event's own time lies before the publication day: it has happened. */
  past: boolean;
}

const vagueTime = /\b(?:in the coming (?:days|weeks|months)|in coming days|soon|in the near future|shortly)\b/i;

/** Reads the event's own time words, not the announcement's ("said on Monday it would … from 12 January" → 12 January). */
function resolveDate(clause: string, day: string | null): ResolvedDate | null {
  if (day === null) {
    const vague = /\b(this|next) (week|month)\b|\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/i.exec(clause);
    return vague ? { date: null, until: null, dateText: vague[0], past: false } : null;
  }
  const found = findTimeExpressions(clause, { day }, { defaultDirection: 'future' });
  const cue = (futureCue.exec(clause) ?? agreedHappening.exec(clause) ?? calledHappening.exec(clause) ?? directive.exec(clause))?.index ?? 0;
  const own = found.filter((expression: TimeExpression) => {
    // A time named with the announcement ("said on Monday", "Sunday's talks") is not the event's.
    const before = clause.slice(Math.max(0, expression.start - 30), expression.start);
    if (/\b(?:said|announced|confirmed|told|reported|stated|added)\s+(?:on\s+|late\s+|early\s+)?$/i.test(before)) return false;
    if (/'s$/.test(expression.text)) return false;
    if (/\b(?:since|ago|in the past)\s+$/i.test(before)) return false;
    // "told CNN on Friday that he would…": a time followed by "that" dates the telling.
    if (/^,?\s+that\b/i.test(clause.slice(expression.end, expression.end + 8))) return false;
    return expression.first !== null;
  });
  // The time the future verb governs comes after it ("will fly to Moscow on Monday"), else just before it.
  let chosen = own.find((expression) => expression.start >= cue) ?? own[own.length - 1];
  // The publication day told in the past tense dates the report, not the plan: "concluded their meeting on Friday,
  // agreeing to hold a new round", "agreed to a swap as a result of talks on May 16".
  if (chosen && chosen.first === day && chosen.last === day && directionAt(clause, chosen.start, chosen.end) === 'past') chosen = undefined;
  if (!chosen || chosen.first === null || chosen.last === null) {
    const vague = vagueTime.exec(clause);
    return vague ? { date: null, until: null, dateText: vague[0], past: false } : null;
  }
  const lead = /\b(before|by|until|after|from|on|in|on or before|no later than|starting|within)\s*$/i.exec(clause.slice(0, chosen.start));
  const dateText = lead && !chosen.text.toLowerCase().startsWith(lead[1]!.toLowerCase()) ? `${lead[1]} ${chosen.text}` : chosen.text;
  if (chosen.last < day) {
    // A past time after the future verb is the event's own: the event is over. One before it may be background
    // ("Spurs, who had not won since 1984, will play…"), unless it opens the sentence ("On April 26, leaders will…").
    if (chosen.start >= cue || chosen.start < 30) return { date: chosen.first, until: null, dateText, past: true };
    return null;
  }
  const first = chosen.first < day ? day : chosen.first;
  const single = chosen.first === chosen.last || chosen.grain === 'part' || chosen.grain === 'time';
  // A deadline runs from the publication day: "by Friday" is any day until Friday.
  if (lead && /^(?:before|by|until|no later than)$/i.test(lead[1]!)) return { date: single ? chosen.last : first, until: single ? null : chosen.last, dateText, past: false, deadlineFrom: day };
  return { date: first, until: single ? null : chosen.last, dateText, past: false };
}

const timeHints =
  /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\bmay\s+\d|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b(?<=\b(?:in|by|until|next|early|late|mid-)\s+\w+)|\b(?:today|tomorrow|tonight|noon|midnight)\b|\b(?:this|next|coming|later this)\s+(?:week|weekend|month|year|morning|afternoon|evening|spring|summer|autumn|fall|winter)\b|\b(?:within|in)\s+(?:a|an|two|three|\d+)\s+(?:days?|weeks?|months?|years?)\b|\b(?:19|20)\d\d\b/i;

const THINGS = String.raw`(?:meeting|elections?|vote|summit|hearing|trial|launch|match|matchday|final|conference|talks|funeral|inauguration|referendum|race|session|ceremony)`;
const thingAfterDate = new RegExp(String.raw`^(?:\s[\p{L}-]+){0,2}?\s${THINGS}\b`, 'u');
// The preposition may be the time expression's own ("within 60 days").
const thingBeforeDate = new RegExp(String.raw`\b(${THINGS})\s+(?:(on|in|within|at|scheduled for|set for)\s+)?$`, 'i');

const scheduledThing = new RegExp(String.raw`\b${THINGS}\b`, 'i');
const thingWithDate = new RegExp(String.raw`^\s(?:with|for) (?:the|its|their)(?:\s[\p{L}-]+){0,2}\s${THINGS}\b`, 'iu');

/**
 * An election named by its year without the word ("the 2027 presidential frontrunner", "run for the presidency in
 * 2027"): the election is the happening ahead.
 */
const yearNumber = /\b20\d\d\b/;
const impliedElection = /\b(20\d\d) (presidential|general|parliamentary|legislative|midterm|mayoral) (?:front-?runner|candidate|nominee|hopeful|bid|run|campaign|contest|ballot)\b|\brun(?:ning)? for (?:the )?(?:[A-Z][a-z]+ )?(presidency) (?:again )?in (20\d\d)\b/i;

function readImpliedElection(sentence: string, day: string): EventReading | null {
  if (!/\b20\d\d\b/.test(sentence)) return null;
  const found = impliedElection.exec(sentence);
  if (!found) return null;
  const year = found[1] ?? found[4]!;
  const kind = found[2]?.toLowerCase() ?? 'presidential';
  if (Number(year) <= Number(day.slice(0, 4))) return null;
  return { text: `The ${kind} election is due in ${year}.`, resolved: { date: `${year}-01-01`, until: `${year}-12-31`, dateText: year, past: false } };
}

/**
 * A loose first test: an event needs a time word or a scheduling word somewhere in its sentence. Looser than the
 * patterns the event text is later read with, so it only turns away sentences those would turn away.
 */
const mentionsTimeOrSchedule =
  /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:today|tomorrow|tonight|noon|midnight|week|weekend|month|year|morning|afternoon|evening|spring|summer|autumn|fall|winter|days?|weeks|months|coming|soon)\b|\b(?:19|20)\d\d\b|\b(?:scheduled|expected|set|due|slated|plans?|planning|intends?|agreed|agreeing|agreement|announced|impose|imposed|slap|levy|follow|travel|fly|meet|visit|hold|vote|announce|testify|sign|attend|host|speak|decide|rule|resume|begin|start|open|launch|release|publish|hear|appeal|present|exchange|effect|force|held|sworn|office|address|conduct|require|return|play|continue)\b/i;

/** Cheap first test of a sentence: can it hold an event at all? Every sentence of every story passes through it. */
export function mayHoldEvent(sentence: string): boolean {
  // The time-or-schedule test rejects most sentences and is the cheapest, so it goes first.
  if (!mentionsTimeOrSchedule.test(sentence)) return false;
  return announces(sentence) || presentSchedule.test(sentence) || (scheduledThing.test(sentence) && timeHints.test(sentence)) || (yearNumber.test(sentence) && impliedElection.test(sentence));
}

/** Cheap test: can this text announce an upcoming event (a future cue with a time or a schedule word)? */
export function mayAnnounceEvent(text: string): boolean {
  return (announces(text) && (timeHints.test(text) || schedules(text) || vagueTime.test(text))) || ((presentSchedule.test(text) || scheduledThing.test(text)) && timeHints.test(text)) || (yearNumber.test(text) && impliedElection.test(text));
}

const calendarWord = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|The|President|Prime|Minister|Secretary|Senator|Talks)$/;

/** Capitalised words past the first: the people, places and bodies an item names. */
function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.slice(1).matchAll(/\b[\p{Lu}][\p{L}'\u2019-]{2,}/gu)) if (!calendarWord.test(match[0])) names.add(match[0]);
  return names;
}

/** Two acts ahead joined by a time word, each with its own "will": "X will A when Y will B", "talks will continue after each side will present…". */
const twoFutures = /^([^;]*?\bwill\b[^,;]*?),?\s+(?:when|after|once|before)\s+(["\u201C]?[^"\u201C\u201D]*?\bwill\b.+)$/i;

/** Options for finding what comes next. */
export interface UpcomingOptions {
  /** How many items to keep. */
  limit?: number;
  /** Sentences already shown (the summary): an item repeating one is left out. */
  shown?: string[];
  /** mayHoldEvent to use in its place (one remembered over a build's sentences, which outlets repeat). */
  mayHoldEvent?: (sentence: string) => boolean;
  /** readSentenceEvents to use in its place (one remembered over a build's sentences and days). */
  readSentence?: (sentence: string, day: string | null) => EventReading[];
}

/** Why a clause is not an announced future event, or null when it is one. */
function notAnEvent(clause: string): string | null {
  if (pastPlan.test(clause)) return 'past plan';
  if (conditional.test(clause)) return 'conditional';
  // A vow to appeal is a legal step announced, not a stance ("vowed to appeal against the ruling").
  if (vow.test(clause.replace(/\b(?:vow(?:ed|s)?|pledged|promised) to appeal\b/gi, 'will appeal'))) return 'vow';
  if (forecast.test(clause)) return 'forecast';
  // A step that takes effect at once is in force by the time the article is read ("agreed to a full and immediate
  // ceasefire"); a ruling that "took effect immediately, forcing the country to hold an election" still announces one.
  const immediate = /\bimmediate(?:ly)?\b(?!\s+(?:after|following|upon|once|when)\b)/i;
  if (immediate.test(clause)) {
    const cue = (futureCue.exec(clause) ?? agreedHappening.exec(clause) ?? directive.exec(clause))?.index ?? 0;
    if (immediate.test(clause.slice(cue))) return 'in force';
  }
  // "expected to" is the forecast itself only when nothing firmer announces the event ("will be released in phases, with the first group expected to be freed").
  if (/\bexpected to\b/i.test(clause) && !expectedAct.test(clause) && !/\b(?:will|shall)\b/i.test(clause)) return 'forecast';
  return null;
}

/** Words that open a noun phrase naming one thing the reader can identify: "the", "its", "next", "the bank's". */
const definite = /^(?:the|its|their|his|her|this|next|[\p{L}-]+['\u2019]s)$/iu;
const article = /^(?:a|an)$/i;
/** Words a noun phrase does not reach past, read leftwards from its noun. */
const phraseStop = /^(?:at|in|on|for|of|to|from|with|by|after|before|ahead|during|and|or|but|than|that|which|who|if|unless|when|while|as|so|because|where|then|not|is|are|was|were|be|been|will|would|could|may|might|can|should|has|have|had)$/i;

/** "its next meeting" from the words before a noun: back to a determiner, at most four words. */
function phraseBefore(before: string, noun: string): { words: string[]; determiner: string | null } {
  const words = before.trimEnd().split(/\s+/);
  const phrase: string[] = [noun];
  let determiner: string | null = null;
  let possessive = false;
  for (let i = words.length - 1; i >= 0 && phrase.length < 5; i--) {
    const word = words[i]!;
    if (!/^[\p{L}'\u2019-]+$/u.test(word) || phraseStop.test(word)) break;
    phrase.unshift(word);
    // "the bank's next meeting": a possessive is read past, to its own determiner.
    if ((definite.test(word) && !/^next$|['\u2019]s$/i.test(word)) || article.test(word)) {
      determiner = word;
      break;
    }
    if (/['\u2019]s$/.test(word)) possessive = true;
  }
  return { words: phrase, determiner: determiner ?? (possessive ? 'the' : null) };
}

/** "The presidential election is due in 2027." from its noun phrase and its time words. */
function dueSentence(phrase: string[], when: string): string {
  const words = phrase.map((word) => (/^(?:its|their|his|her)$/i.test(word) ? 'the' : word));
  const noun = words[words.length - 1]!.toLowerCase();
  const verb = /(?:elections|talks|hearings|meetings|votes|matches|sessions)$/.test(noun) ? 'are' : 'is';
  return capitalise(`${words.join(' ')} ${verb} due ${when}.`);
}

/** The words that put a time after "is due": "in 2027", "on 6 March", "next week", "within 60 days". */
function dueWhen(expression: TimeExpression, lead: string | undefined): string {
  const text = expression.text.replace(/['\u2019]s$/, '');
  if (lead) return `${lead} ${text}`;
  if (/^(?:this|next|later|early|late|the coming|within|in|on|by)\b/i.test(text)) return text;
  if (expression.grain === 'day' || expression.grain === 'part' || expression.grain === 'time') return `on ${text}`;
  return `in ${text}`;
}

const sentenceGlue = /(?<=[\p{Ll}\d][.!?])(?=[\p{Lu}])/u;

/**
 * A scheduled happening named beside its own future date, without a future verb: "at its next meeting on 6
 * March", "the 2027 presidential election", "a snap presidential election within 60 days", "next week's summit".
 * The item is the happening itself ("The next meeting is due on 6 March."), not the sentence around it, which is
 * often about something else (a forecast of what the meeting will decide, a candidate barred from the election).
 * A definite happening ("the", "its", "next", a year before it) is scheduled whatever the sentence hedges; an
 * indefinite one ("a vote") only in a sentence without hedges, vows or forecasts.
 */
function readMention(sentence: string, day: string | null): EventReading | null {
  if (day === null) return null;
  if (!scheduledThing.test(sentence)) return readImpliedElection(sentence, day);
  const whole = sentence.replace(/\s+/g, ' ').trim();
  // Scraped text sometimes glues sentences ("…of insurrection.His removal…"): each is read on its own.
  for (const text of whole.length > 240 ? whole.split(sentenceGlue) : [whole]) {
    // The time words are read only where a cheap test finds some.
    if (text.length > 600 || !scheduledThing.test(text) || !timeHints.test(text) || pastPlan.test(text)) continue;
    for (const expression of findTimeExpressions(text, { day }, { defaultDirection: 'future' })) {
      if (expression.first === null || expression.last === null || expression.last <= day) continue;
      if (expression.first < day && expression.grain !== 'ref') continue;
      const before = text.slice(Math.max(0, expression.start - 60), expression.start);
      // "come to an end on Sunday with the final matchday": the happening the date is given for.
      const after = thingWithDate.exec(text.slice(expression.end, expression.end + 40)) ?? thingAfterDate.exec(text.slice(expression.end, expression.end + 40));
      const beforeThing = thingBeforeDate.exec(before);
      let phrase: { words: string[]; determiner: string | null; yearInside: boolean };
      let lead: string | undefined;
      if (after) {
        // "the 2027 presidential election", "next week's summit": the time stands inside the noun phrase.
        const withThing = /^\s(?:with|for) ((?:the|its|their) .*)$/i.exec(after[0]);
        if (withThing) {
          const words = withThing[1]!.split(/\s+/);
          phrase = { words, determiner: words[0]!, yearInside: false };
          lead = /^(?:on|in|at)\b/i.test(expression.text) ? undefined : /(?:^|\s)(on|in|at)\s+$/i.exec(before)?.[1]?.toLowerCase();
        } else {
          const determiner = /(?:^|\s)(the|a|an|its|their|his|her)\s+$/i.exec(before)?.[1] ?? null;
          // A time stands before its noun as a modifier: "the 2027 election", "next week's summit", not "on Friday talks".
          if (!determiner && !/['\u2019]s$/.test(expression.text) && expression.grain !== 'year') continue;
          const words = after[0].trim().split(/\s+/);
          if (words.slice(0, -1).some((word) => phraseStop.test(word) || definite.test(word) || article.test(word))) continue;
          phrase = { words: determiner ? [determiner, ...words] : words, determiner: determiner ?? (/^next\b/i.test(expression.text) ? 'next' : null), yearInside: true };
        }
      } else if (beforeThing) {
        const found = phraseBefore(before.slice(0, beforeThing.index) + ' ', beforeThing[1]!);
        phrase = { ...found, yearInside: false };
        lead = beforeThing[2] && /^(?:on|in|within|at)$/i.test(beforeThing[2]) ? beforeThing[2].toLowerCase() : undefined;
      } else continue;
      const isDefinite = phrase.yearInside || (phrase.determiner !== null && definite.test(phrase.determiner)) || phrase.words.some((word) => /^next$/i.test(word));
      if (phrase.words.some((word) => /^(?:possible|potential|proposed|hypothetical|planned)$/i.test(word))) continue;
      if (!isDefinite && notAnEvent(text)) continue;
      const first = expression.first < day ? day : expression.first;
      const until = expression.last > first && expression.grain !== 'day' ? expression.last : null;
      return { text: dueSentence(phrase.words, dueWhen(expression, lead)), resolved: { date: first, until, dateText: expression.text.replace(/['\u2019]s$/, ''), past: false } };
    }
  }
  return null;
}

/** One event a sentence announces: the item's text and the date it is read to. */
export interface EventReading {
  text: string;
  resolved: ResolvedDate | null;
}

/** A clause with a future or scheduling verb: "Witkoff is scheduled to travel to Moscow on Monday". */
function readClause(sentence: string, day: string | null, holdsEvent: (sentence: string) => boolean): EventReading | null {
  if (!holdsEvent(sentence)) return null;
  const unquoted = withoutQuotes(sentence);
  // What someone says inside quotes is mostly their claim; a quoted plan counts only with a scheduling verb.
  const present = !announces(sentence);
  if (present ? !presentSchedule.test(unquoted) : !announces(unquoted) && !schedules(sentence)) return null;
  const whole = sentence.replace(/\s+/g, ' ').trim();
  let clause = futureClause(whole);
  // A closing aside is not the event ("…within 60 days, which many expect will fall on June 3"): it is cut when
  // what comes before it announces the event on its own.
  // So is a hedged consequence: "…are due, potentially shedding light on the rise".
  const aside = clause ? /,\s+(?:which\s|(?:potentially|possibly|likely|perhaps)\s+\w+ing\b)/.exec(clause) : null;
  if (clause && aside && announces(clause.slice(0, aside.index))) clause = clause.slice(0, aside.index);
  if (!clause || notAnEvent(clause)) return null;
  if (!strongFuture.test(clause) && !schedules(clause) && pastReport.test(clause)) return null;
  // A report whose plan rides on a participle is told as the plan alone.
  const plan = clause === whole ? participlePlan(whole) : null;
  const eventText = asEvent(plan ?? clause);
  if (eventText.split(/\s+/).length < 4 || eventText.length > 240) return null;
  if (!/^[\p{Lu}\d'‘“"]/u.test(eventText)) return null;
  const resolved = resolveDate(clause, day);
  if (resolved?.past) return null;
  if (present) {
    // The date must be the scheduled act's own: after its verb, and still ahead (an undated sentence has no date).
    const verb = presentSchedule.exec(clause);
    const at = resolved?.dateText ? clause.indexOf(resolved.dateText) : -1;
    if (!resolved?.date || day === null || !verb || at < verb.index || resolved.date <= day) return null;
  }
  if (!resolved && !schedules(eventText) && !directive.test(clause)) return null;
  // "would" outside reported speech is a hypothetical.
  // So is "was leaving for": a trip told in the past tense is a plan only as reported speech.
  if (/\bwould\b|\b(?:was|were) (?:leaving|travelling|traveling|flying)\b/i.test(clause) && !/\b(?:said|says|told|announced|confirmed|added|stated|stating|saying|noted|noting|announcing)\b/i.test(unquoted)) return null;
  return { text: eventText, resolved };
}

/**
 * The events one sentence announces, read against its publication day (null when it has none), in the order it
 * tells them. Nothing else goes in, so a build reads each distinct sentence and day once: outlets repeat
 * sentences word for word.
 */
export function readSentenceEvents(sentence: string, day: string | null, holdsEvent: (sentence: string) => boolean = mayHoldEvent): EventReading[] {
  // "Lee will assume office when the commission's chairman will announce his victory": two acts ahead, two items.
  const will = sentence.indexOf('will');
  const pair = will >= 0 && sentence.indexOf('will', will + 4) > 0 ? twoFutures.exec(sentence) : null;
  if (pair) {
    const readings = [readClause(`${pair[1]}.`, day, holdsEvent), readClause(pair[2]!.replace(/^["\u201C]/, ''), day, holdsEvent)].filter((reading) => reading !== null);
    if (readings.length > 0) return readings;
  }
  const reading = readClause(sentence, day, holdsEvent) ?? readMention(sentence, day);
  return reading ? [reading] : [];
}

/**
 * Finds what a story says will happen next: announced or scheduled future acts, each with its own date read
 * against its article's publication day. Forecasts, conditions, vows and events already past are left out; one
 * event told by several sentences or outlets is one item with every source.
 */
export function findUpcomingEvents(sentences: DatedSentence[], options: UpcomingOptions | number = {}): NextEvent[] {
  const { limit = 4, shown = [], mayHoldEvent: holdsEvent = mayHoldEvent, readSentence } = typeof options === 'number' ? { limit: options } : options;
  // The summary is read sentence by sentence: an item repeats it when it says one of its sentences over, nearly word
  // for word. A shorter item cut from a summary sentence (the event's own clause, with its date) is not a repeat.
  const shownTerms = shown.flatMap((text) => text.split(/(?<=[.!?]["\u201D\u2019]?)\s+(?=["\u201C\u2018]?[\p{Lu}\d])/u)).map((text) => new Set(contentTerms(text)));
  const candidates: Array<NextEvent & { terms: Set<string>; names: Set<string>; span: [string, string] | null; rank: number; order: number; sources: string[] }> = [];
  const add = (sentence: DatedSentence, order: number, eventText: string, resolved: ResolvedDate | null): void => {
    const terms = new Set(contentTerms(eventText));
    if (shownTerms.some((summary) => containment(terms, summary) >= 0.8 && containment(summary, terms) >= 0.8)) return;
    const specificDay = resolved !== null && resolved.date !== null && resolved.until === null && resolved.deadlineFrom === undefined;
    candidates.push({
      text: eventText,
      date: resolved?.date ?? null,
      until: resolved?.until ?? null,
      dateText: resolved?.dateText ?? null,
      terms,
      names: namesIn(eventText),
      span: resolved?.date ? [resolved.deadlineFrom ?? resolved.date, resolved.until ?? resolved.date] : null,
      rank: specificDay ? 2 : resolved ? 1 : 0,
      order,
      sources: sentence.source ? [sentence.source] : [],
    });
  };
  const read = readSentence ?? ((text: string, day: string | null) => readSentenceEvents(text, day, holdsEvent));
  sentences.forEach((sentence, order) => {
    const day = sentence.publishedAt ? localDate(sentence.publishedAt, sentence.publishedOffsetMinutes ?? 0) : null;
    for (const reading of read(sentence.text, day)) add(sentence, order, reading.text, reading.resolved);
  });

  const kept: typeof candidates = [];
  for (const candidate of candidates) {
    // Two tellings of one event share most words and do not disagree on the date.
    // So do two items about one trip: dated within the same days and naming the same people or places.
    const twin = kept.findIndex(
      (other) =>
        ((other.date === candidate.date || other.date === null || candidate.date === null) &&
          (containment(candidate.terms, other.terms) >= 0.5 || containment(other.terms, candidate.terms) >= 0.5)) ||
        (other.span !== null && candidate.span !== null && other.span[0] <= candidate.span[1] && candidate.span[0] <= other.span[1] &&
          [...candidate.names].some((name) => other.names.has(name))),
    );
    if (twin < 0) {
      kept.push(candidate);
      continue;
    }
    const other = kept[twin]!;
    const sources = [...new Set([...other.sources, ...candidate.sources])];
    // Of two tellings of one event, keep the one with the more exact date, then the fuller one.
    const names = new Set([...other.names, ...candidate.names]);
    const span: [string, string] | null = other.span && candidate.span
      ? [other.span[0] < candidate.span[0] ? other.span[0] : candidate.span[0], other.span[1] > candidate.span[1] ? other.span[1] : candidate.span[1]]
      : (other.span ?? candidate.span);
    if (candidate.rank > other.rank || (candidate.rank === other.rank && candidate.terms.size > other.terms.size)) kept[twin] = { ...candidate, sources, names, span };
    else Object.assign(other, { sources, names, span });
  }
  return kept
    .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || b.rank - a.rank || a.order - b.order)
    .slice(0, limit)
    .map(({ text, date, until, dateText, sources }) => ({ text, date, dateText, until, sources }));
}
