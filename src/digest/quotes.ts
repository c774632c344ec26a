import type { Article } from './types.js';
import { PersonIndex, firstNameMention, isNamelessWord, namesSomeone, sentenceSubject, surnameOf, type Person } from './people.js';
import { contentTerms, foldTypography, isSentenceStopCode, isWhitespaceCode, words } from './text.js';

/** A direct quote found in one text, with its character span (quote marks included). */
export interface FoundQuote {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  role: string | null;
}

interface Segment {
  start: number;
  end: number;
  inner: string;
}

const opening = new Set(['\u201C', '"', '\u201E']);

function looksLikeOpening(text: string, at: number): boolean {
  const before = at === 0 ? ' ' : (text[at - 1] ?? ' ');
  const after = text[at + 1] ?? ' ';
  return /[\s([\u2014\u2013:,-]/.test(before) && !/\s/.test(after);
}

/**
 * Finds quoted stretches. Curly marks pair directly; straight marks alternate. A quote left open at the end of a
 * paragraph continues when the next paragraph opens with a quote mark (the news convention for long quotes) and
 * ends with the paragraph otherwise.
 */
function findSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let openAt = -1;
  // Only line breaks and double quote marks matter; a regular expression jumps between them far faster than a
  // loop over every character.
  const marks = /[\n\u201C\u201D\u201E"]/g;
  for (let found = marks.exec(text); found !== null; found = marks.exec(text)) {
    const i = found.index;
    const char = found[0];
    if (char === '\n') {
      if (openAt < 0) continue;
      let next = i;
      while (next < text.length && /\s/.test(text[next] ?? '')) next++;
      if (opening.has(text[next] ?? '')) {
        marks.lastIndex = next + 1; // the quote runs on into the next paragraph
        continue;
      }
      let end = i;
      while (end > openAt && /\s/.test(text[end - 1] ?? '')) end--;
      segments.push({ start: openAt, end, inner: text.slice(openAt + 1, end).trim() });
      openAt = -1;
      continue;
    }
    if (char === '\u201C' || char === '\u201E') {
      if (openAt < 0) openAt = i;
      continue;
    }
    if (char === '\u201D') {
      if (openAt >= 0) {
        segments.push({ start: openAt, end: i + 1, inner: text.slice(openAt + 1, i).trim() });
        openAt = -1;
      } else if (looksLikeOpening(text, i)) {
        openAt = i; // sloppy typography: a closing mark used to open
      }
      continue;
    }
    if (char === '"') {
      if (openAt < 0) {
        if (looksLikeOpening(text, i)) openAt = i;
      } else {
        segments.push({ start: openAt, end: i + 1, inner: text.slice(openAt + 1, i).trim() });
        openAt = -1;
      }
    }
  }
  if (openAt >= 0) segments.push({ start: openAt, end: text.length, inner: text.slice(openAt + 1).trim() });
  return segments.filter((segment) => /[\p{L}\p{N}]/u.test(segment.inner));
}

const speechVerbs =
  'was quoted as saying|were quoted as saying|said on Twitter|acknowledged|reiterated|repeated|likened|compared|pointed out|complained|emphasized|emphasised|maintained|describing|criticized|criticised|remembered|continued|explained|responded|announced|contended|countered|cautioned|predicted|suggested|concluded|described|exclaimed|thundered|whispered|testified|confirmed|called on|recounted|estimated|disagreed|continues|declared|explains|insisted|recalled|remarked|admitted|conceded|stressed|observed|reported|promised|lamented|tweeting|labelled|demanded|wondered|answered|tweeted|replied|claimed|quipped|boasted|reports|shouted|pledged|insists|scoffed|praised|chanted|emailed|telling|calling|writing|charged|charges|alleged|alleges|accused|accuses|blasted|slammed|labeled|branded|demands|replies|recalls|writes|posted|stated|states|argued|warned|claims|called|yelled|argues|texted|asking|saying|adding|dubbed|agreed|added|tells|asked|wrote|noted|notes|warns|vowed|urged|joked|mused|sings|ruled|found|said|says|adds|told|asks|sang|say';

/** Nouns that name a speaker by role, for descriptions like "the California congressman". */
const speakerRoleNouns =
  'senator|congressman|congresswoman|governor|president|candidate|nominee|businessman|businesswoman|spokesman|spokeswoman|spokesperson|official|officials|lawmaker|strategist|adviser|advisor|aide|secretary|minister|chairman|chairwoman|director|leader|narrator|mayor|judge|lawyer|attorney|analyst|expert|executive|source|sources|statement|report|memo|campaign|ad|rival|opponent|challenger|bank|ministry|government|court|military|police|broadcaster';

const subjectPhrase =
  "(?:[\\p{Lu}][\\p{L}.'\u2019-]*(?:\\s+(?:[\\p{Lu}][\\p{L}.'\u2019-]*|of|de|van|von|der|al|bin|the|[\\p{Ll}][\\p{Ll}-]*(?=\\s+(?:[\\p{Ll}][\\p{Ll}-]*\\s+){0,2}[\\p{Lu}])))*(?:\\s*\\([^()]{1,30}\\))?" +
  // A description instead of a name: "the Vermont senator", "Obama's former campaign strategist".
  "|(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[\\p{Lu}][\\p{L}]*['\u2019]s)\\s+(?:[\\p{Lu}][\\p{L}.'\u2019-]*\\s+|[\\p{Ll}-]+\\s+){0,3}(?:" +
  speakerRoleNouns +
  ")|he|she|they|He|She|They|I|we|We)";
/** An appositive between a name and its verb: "Scott Pruitt, the attorney general of Oklahoma, said". */
const appositive = '(?:,[^,\u201C\u201D"]{1,120},)?';
// Lower-case words of a role before a name ("9/11 widow Terry Strada", "former state senator Ann Lee").
const roleWords = "(?:(?:[\\p{Ll}\\d][\\p{Ll}\\d/-]*\\s+){0,6})";
/** An adverb between a speaker and the verb: "Skybytskyi later told reporters", "Lee quietly said". */
const adverb = '(?:(?:[a-z]+ly|later|also|then|again|earlier|further|previously|once|still)\\s+)?';
const afterPattern = new RegExp(
  `^[\\s,\u2014-]*(?:(${roleWords}${subjectPhrase})${appositive},?\\s+${adverb}(?:${speechVerbs})\\b|(?:${speechVerbs})\\s+(${roleWords}${subjectPhrase})|[\u2015\u2014\u2013]\\s*(${subjectPhrase}))`,
  'u',
);
const beforePattern = new RegExp(
  `(${subjectPhrase})(,[^,]{1,80},|,\\s+who)?\\s+${adverb}(?:${speechVerbs})\\b(?:\\s+(?:on|in|at|to|during)\\b[^.\u201C"]{0,60}?)?(?:\\s+that\\b[^\u201C"]*|\\s*:|,[^.\u201C"]{0,80}|\\s+[^.\u201C"]{0,80})?\\s*$`,
  'u',
);
/** "IRNA confirmed the attacks, quoting provincial official Morteza Heidari: “…”": the one quoted speaks, not the outlet. */
const quotingSpeaker = new RegExp(`\\bquoting\\s+(${roleWords}${subjectPhrase})${appositive}\\s*[:,]?\\s*$`, 'u');
const accordingTo = new RegExp(`according to (${roleWords}${subjectPhrase})[^.\u201C"]{0,40}$`, 'u');
/** "Peskov said in a statement." or "Peskov said:" right before a quote that opens the next paragraph. */
const speakerBeforeBreak = new RegExp(`(${subjectPhrase})\\s+(?:${speechVerbs})\\b[^.\u201C"]{0,80}[:.]\\s*$`, 'u');
/** Any attribution in a sentence: "said Rep. Butterfield" or "Rep. Butterfield, head of the caucus, said". */
const attributionAnywhere = new RegExp(`(?:${speechVerbs})\\s+(${roleWords}${subjectPhrase})|(${subjectPhrase})${appositive}\\s+(?:${speechVerbs})\\b`, 'u');
/** "Defence Minister Rustem Umierov has said that …": a sentence reporting what someone said, opening with them. */
const reportedSpeech = /(?:^|[.!?\n]\s*)((?:[\p{Lu}][\p{L}.'\u2019-]*\s+){0,5}[\p{Lu}][\p{L}.'\u2019-]*)(?:,[^,\n]{1,80},)?\s+(?:has|had)\s+(?:said|told|stated|announced|confirmed)\b/gu;
/** ", Warren said." or ", said Warren." closing the sentence a quote stands in. */
const sentenceEndAttribution = new RegExp(`,\\s+(?:(${roleWords}${subjectPhrase})${appositive}\\s+${adverb}(?:${speechVerbs})|(?:${speechVerbs})\\s+(${roleWords}${subjectPhrase}))\\b[^,.!?]{0,60}[.!?]?\\s*$`, 'u');
/** "Peskov: “…”" — a name of at most four words (a longer Title Case run before a colon is a heading). */
const colonSpeaker = new RegExp(`(?:^|\\n)\\s*((?!(?:\\S+\\s+){4}\\S)${subjectPhrase})\\s*:\\s*$`, 'u');

/**
 * The match of an end-anchored attribution pattern that starts nearest the quote: in "Clinton noted that Trump …
 * ― Trump boasted, “…”" the speaker is Trump, not the leftmost "Clinton noted". Tries a few later starts only.
 */
function nearestMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  let offset = 0;
  for (let tries = 0; tries < 6; tries++) {
    const match = pattern.exec(text.slice(offset));
    if (!match?.[1]) break;
    best = match;
    offset += match.index + match[1].length;
  }
  return best;
}

/**
 * Takes the document out of an attribution, leaving who issued it: "a statement from the central bank said" →
 * "the central bank said", "SpaceX in a statement said" → "SpaceX said". The statement is not the speaker.
 */
function withoutDocumentFrame(attribution: string): string {
  // Run for every quote, so a plain substring test first: most attributions hold no document.
  if (!attribution.includes('statement') && !attribution.includes('release') && !attribution.includes('letter') && !attribution.includes(' post ')) return attribution;
  return attribution
    .replace(/\b[Aa]n?\s+(?:statement|press release|release|letter|post)\s+(?:(?:released|issued|posted|published|sent)\s+)?(?:from|by)\s+/g, '')
    .replace(/\s+in\s+an?\s+(?:statement|press release|letter|post)(?=,?\s+(?:said|says|added|wrote|stated|announced)\b)/g, '');
}

/** How far from a quote its attribution is looked for; also keeps the attribution patterns linear on hostile text. */
const attributionReach = 300;


const abbreviationBeforeStop = /\b(Mr|Mrs|Ms|Dr|Sen|Gov|Rep|St|U\.S|Jr|Gen)$/;

/** Extent of the sentence around `index`: back to the last terminal stop, forward to the next. */
function sentenceBounds(text: string, index: number): { start: number; end: number } {
  // Bounded: a "sentence" of unpunctuated text runs at most this far, so hostile input stays linear.
  const reach = 600;
  let start = index;
  while (start > 0 && index - start < reach) {
    const code = text.charCodeAt(start - 1);
    if (code === 10) break;
    if (isSentenceStopCode(code) && isWhitespaceCode(text.charCodeAt(start)) && !abbreviationBeforeStop.test(text.slice(Math.max(0, start - 5), start - 1))) break;
    start--;
  }
  let end = index;
  while (end < text.length && text.charCodeAt(end) !== 10 && end - index < reach) {
    if (isSentenceStopCode(text.charCodeAt(end)) && (end + 1 >= text.length || isWhitespaceCode(text.charCodeAt(end + 1)))) {
      end++;
      break;
    }
    end++;
  }
  return { start, end };
}

const minorTitleWords = /^(a|an|the|of|and|or|in|on|at|to|for|with|from|by|is|it|as|vs\.?|de|la|le)$/;
/** What stands before a title: "appeared on", "told", "NBC's", "the book", "in the film". */
const beforeTitle = /(?:\b(?:on|in|to|told|with|of|host|anchor|book|show|program|programme|film|movie|series|documentary|podcast|song|album|novel|newspaper|column|magazine|titled|entitled)|['\u2019]s)\s*$/i;

/**
 * A quoted name of a show, book or film ("Fox News Sunday", NBC's "Meet the Press"): a few words in Title Case,
 * nothing that ends a sentence, after a word that introduces a title. Said words are no title: they have a
 * lower-case word of substance, a comma or a stop.
 */
function isQuotedTitle(text: string, segment: Segment, afterTitle = false): boolean {
  const inner = segment.inner;
  if (inner.length > 60 || /[,.;:!?\u2026]$/.test(inner)) return false;
  const wordList = inner.split(/\s+/);
  if (wordList.length > 6) return false;
  const titleCase = wordList.every((word, i) => /^[\p{Lu}\d]/u.test(word) || (i > 0 && minorTitleWords.test(word)));
  return titleCase && (afterTitle || beforeTitle.test(text.slice(Math.max(0, segment.start - 30), segment.start)));
}

/** Merges quote segments split by a bare attribution: "We came," he said. "We stayed." */
function mergeSplitQuotes(text: string, segments: Segment[]): Segment[][] {
  const groups: Segment[][] = [];
  for (const segment of segments) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    if (group && last) {
      const between = text.slice(last.end, segment.start);
      const attribution = between.length <= 90 && !between.includes('\n') ? afterPattern.exec(between) : null;
      // Only a bare "he said." may sit between the pieces; "…said, arguing that he will bring a" starts another quote.
      const rest = attribution ? between.slice(attribution.index + attribution[0].length) : '';
      // A dash attribution ("― Name") closes the quote before it; the next quote is someone else's.
      const bareAttribution = attribution !== null && attribution[3] === undefined && /^\s*(?:(?:on|in|at|to|during)\s[^,.:;]{0,40})?[,.:;]?\s*$/.test(rest);
      // '"We will meet again," Rubio said. "The talks are over," said Lavrov.': the next piece has its own speaker.
      const ownAttribution = afterPattern.exec(text.slice(segment.end, segment.end + 160).split('\n')[0] ?? '');
      if (bareAttribution && !ownAttribution && /[,.?!\u2026]$/.test(last.inner)) {
        group.push(segment);
        continue;
      }
    }
    groups.push([segment]);
  }
  return groups;
}

function joinSegments(group: Segment[]): string {
  let joined = '';
  for (const { inner: raw } of group) {
    // A quote running over paragraphs reads as one: the break and the next paragraph's opening mark go.
    const segment = { inner: raw.replace(/\s*\n\s*[\u201C"\u201E]?/g, ' ') };
    if (joined === '') {
      joined = segment.inner;
      continue;
    }
    // "The plan," he said, "is good." reads as one sentence; "We came," he said. "We stayed." as two.
    joined = /^[\p{Ll}]/u.test(segment.inner) ? `${joined.replace(/,$/, '')} ${segment.inner}` : `${joined.replace(/,$/, '.')} ${segment.inner}`;
  }
  // A quote cut off by its attribution ends in a comma; as it stands alone, a whole sentence ends in a full stop.
  return joined.trim().replace(/,$/, /^[\p{Lu}]/u.test(joined.trim()) ? '.' : '');
}

const pronouns = /^(he|she|they|i|we)$/i;
const notSurname = /^(Of|The|And|For|Said|Says)$/;
/** Roles one person holds at a time in a story, so "the <role>" names them. */
const describedRoles = /^(president|minister|premier|chancellor|secretary|governor|mayor|judge|pope|king|queen|prince|speaker|ceo|chairman|chairwoman|chair|coach|manager|captain|director|commissioner|leader|senator|congressman|congresswoman|spokesman|spokeswoman|spokesperson|ambassador|envoy|prosecutor|treasurer|founder|owner|chief|rival|opponent|challenger)$/i;
const genericSpeaker = /^(a|an|the|one|another|some|two|three|several)\b/i;

/** Finds who a pronoun points back to: the first person named in the nearest earlier sentence that names one. */
function resolvePronoun(text: string, before: number, people: PersonIndex, lastSpeaker: Person | null, lastSpeakerAt: number): Person | null {
  let cursor = before;
  for (let step = 0; step < 4 && cursor > 0; step++) {
    const { start } = sentenceBounds(text, Math.max(0, cursor - 1));
    const sentence = stripQuoted(text.slice(start, cursor));
    let named = firstPersonIn(sentence, people);
    // "Sanders appeared on NBC. … he said": no full name is given, but the sentence's subject is a person.
    // A lone word may be a family name written first ("In his speech, Lee urged…" → Lee Jae-myung).
    const subject = named ? null : sentenceSubject(sentence);
    if (subject) named = people.resolve(subject, { familyNameFirst: true, within: text }) ?? { name: subject, role: null };
    if (lastSpeaker && lastSpeakerAt >= start && (!named || lastSpeakerAt <= cursor)) return lastSpeaker;
    if (named) return named;
    cursor = start - 1;
  }
  return lastSpeaker;
}

function stripQuoted(sentence: string): string {
  return sentence.replace(/[\u201C"][^\u201D"]*[\u201D"]?/g, ' ');
}

/** A capitalised word standing alone (not followed by another), with the title before it if any. */
const loneCapitalised = /(?<![\p{L}])(?:(Mr\.?|Mrs\.?|Ms\.?|Dr\.?|President|Prime Minister|Chancellor|Senator|Sen\.|Governor|Gov\.|Mayor|Judge)\s)?([\p{Lu}][\p{L}'\u2019-]+)(?![\p{L}'\u2019-]|\s+[\p{Lu}])/gu;

/** The first person a sentence names, by full name or by a surname the story knows. */
function firstPersonIn(sentence: string, people: PersonIndex): Person | null {
  const full = firstNameMention(sentence);
  let best: { at: number; person: Person } | null = full ? { at: full.start, person: people.resolve(full.name) ?? { name: full.name, role: full.role } } : null;
  // Read with the pattern itself (matchAll would copy it on every call), from the start each time.
  loneCapitalised.lastIndex = 0;
  for (let match = loneCapitalised.exec(sentence); match !== null; match = loneCapitalised.exec(sentence)) {
    if (best && match.index >= best.at) break;
    const person = people.resolve(match[2] ?? '');
    if (person) {
      best = { at: match.index, person };
      break;
    }
    // "President Trump" in a story that never gives his first name: the surname is who spoke.
    if (match[1] && !notSurname.test(match[2] ?? '')) {
      best = { at: match.index, person: { name: match[2] ?? '', role: null } };
      break;
    }
  }
  return best?.person ?? null;
}

/** Turns a speaker phrase ("Kremlin spokesman Dmitry Peskov", "he", "a U.S. official") into a person. */
function resolveSpeakerPhrase(
  phrase: string,
  text: string,
  quoteStart: number,
  people: PersonIndex,
  lastSpeaker: Person | null,
  lastSpeakerAt: number,
): Person | null {
  const trimmed = phrase
    .trim()
    // "reported Reuters. Another 19 percent…": a full stop after a word of four letters or more ends the sentence
    // (titles and initials before a name are shorter: "Gov.", "Sen.", "J.").
    .replace(/(?<=\p{L}{4})\.\s.*$/su, '')
    // "added Dembélé." at the end of a sentence: the stop is not part of the name ("Jr." and initials keep theirs).
    .replace(/(?<=\p{Ll}{2}|\p{L}{3})\.$/u, '')
    // "said SpaceX via X": the platform is how, not who.
    .replace(/\s+via\s+\S+$/, '')
    .replace(/\s*\([^()]*\)$/, '')
    .replace(/(\s+(then|later|also|again|still|now|too|once|first|last))+$/, '')
    // "the IMF report", "the Kremlin statement": the organisation speaks through its document.
    .replace(/(?<=[\p{Lu}][\p{L}.]*)\s+(?:report|statement|memo|letter|release|study|survey|document)$/u, '')
    .replace(/^((and|but|as|while|when|after|before|if|then|so|in|on|at|since|because|although|though|meanwhile|also|later|earlier|still|where|once)\s+)+/i, '');
  // "It was announced that…", "There were…": no one is named.
  if (/^(it|there|this|that|which)\b/i.test(trimmed)) return null;
  if (trimmed === '' || /^(quote|update|note|watch|read|photo|video|editor's note)$/i.test(trimmed) || /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|january|february|march|april|may|june|july|august|september|october|november|december)\b/i.test(trimmed)) {
    return null;
  }
  // "Republican claims as 'false'": a party or nationality word alone names no one.
  if (isNamelessWord(trimmed)) return null;
  const lastWord = trimmed.split(/\s+/).pop() ?? '';
  if (pronouns.test(lastWord)) {
    // "They later said…" stands for a group ("investigators"), never for the last person named.
    if (/^(i|we|they)$/i.test(lastWord)) return null;
    return resolvePronoun(text, quoteStart, people, lastSpeaker, lastSpeakerAt);
  }
  // "Del. Stacey Plaskett of the Virgin Islands": the speaker is the first name, not the place after "of".
  const mention = firstNameMention(trimmed);
  if (mention) return people.resolve(mention.name) ?? { name: mention.name, role: mention.role };
  const capitalised = /([\p{Lu}][\p{L}'\u2019-]+)$/u.exec(trimmed);
  if (capitalised?.[1]) {
    const person = people.resolve(capitalised[1], { familyNameFirst: true, within: text, speaker: true });
    if (person) return person;
  }
  // "the president", "the Ukrainian defence minister": a definite description points back to the person last
  // named with that role.
  const described = /^(?:the|his|her)\s+(?:[\p{L}.'\u2019-]+\s+){0,3}?([\p{L}]+)$/iu.exec(trimmed);
  if (described?.[1] && describedRoles.test(described[1])) {
    const person = people.latestWithRole(text, quoteStart, described[1]);
    if (person) return person;
    // No one is named with that role ("Donald Trump blinked. The president paused…"): the writer took the role as
    // known and varied the name, so a bare "the president" points back as "he" would. A qualified one ("the
    // Indiana governor") says who it is in a way this cannot check, so it stays as written.
    const referent = /^the\s+\p{L}+$/iu.test(trimmed) ? resolvePronoun(text, quoteStart, people, lastSpeaker, lastSpeakerAt) : null;
    if (referent && /\s/.test(referent.name)) return referent;
  }
  // '"…," the statement concluded.': the statement the text just quoted speaks in the words of whoever issued it
  // ("a statement from the camerlengo said"), so the speaker of the quotes since it was mentioned goes on.
  const document = /^the\s+(statement|letter|message|post|release)$/i.exec(trimmed);
  if (document?.[1] && lastSpeaker) {
    const mentioned = text.lastIndexOf(document[1].toLowerCase(), quoteStart);
    if (mentioned >= 0 && quoteStart - mentioned < 1500 && lastSpeakerAt >= mentioned - 300) return lastSpeaker;
  }
  if (genericSpeaker.test(trimmed) || /^[\p{Lu}]/u.test(trimmed)) {
    // An organisation or an unnamed source ("The New York Post", "a U.S. official"): say so, with no role.
    return { name: trimmed, role: null };
  }
  return null;
}

/**
 * Every direct quote in `text`, in text order, with its speaker resolved where the text allows: the attribution
 * after the quote ("…," Rubio said), before it (Peskov said: "…"), "according to", a colon, a pronoun pointing to
 * the last named person, or the speaker of the quote just before (a quote continuing in the next paragraph).
 */
export function findDirectQuotes(
  text: string,
  people?: PersonIndex,
  /** keyQuoteWordCount: the count to use in its place (one remembered over a build's texts). */
  options: { attributeShortQuotes?: boolean; keyQuoteWordCount?: (text: string) => number | null } = {},
): FoundQuote[] {
  const index = people ?? indexPeople([text]);
  const attributeShortQuotes = options.attributeShortQuotes ?? true;
  const countKeyQuoteWords = options.keyQuoteWordCount ?? keyQuoteWordCount;
  let previousTitleEnd = -1;
  const segments = findSegments(text).filter((segment) => {
    // 'NBC's "Meet the Press" and "Fox News Sunday"': a title right after a title and "and" is one too.
    const afterTitle = previousTitleEnd >= 0 && /^\s+(?:and|or)\s+$/.test(text.slice(previousTitleEnd, segment.start));
    const title = isQuotedTitle(text, segment, afterTitle);
    if (title) previousTitleEnd = segment.end;
    return !title;
  });
  const groups = mergeSplitQuotes(text, segments);
  const found: FoundQuote[] = [];
  let lastSpeaker: Person | null = null;
  let lastSpeakerAt = -1;
  let lastQuoteEnd = -1;
  for (const group of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) continue;
    const quoteText = joinSegments(group);
    let speaker: Person | null = null;
    if (!attributeShortQuotes && countKeyQuoteWords(quoteText) === null) {
      // A scare quote never becomes a key quote: when only key quotes are wanted, finding its speaker is wasted work.
      found.push({ start: first.start, end: last.end, text: quoteText, speaker: null, role: null });
      lastQuoteEnd = last.end;
      continue;
    }

    const sentence = sentenceBounds(text, first.start);
    // In a quote split by its attribution, the attribution stands right after the first piece.
    const attributionAt = group.length > 1 ? first.end : last.end;
    const afterText = withoutDocumentFrame(text.slice(attributionAt, Math.min(text.length, attributionAt + 160)).split('\n')[0] ?? '');
    // A quote that ends its sentence ("…escapades.") inside a sentence begun before it ("Russia insisted that
    // Pyongyang") was attributed before it: "X said" after it opens the next sentence, about something else.
    // A dash attribution ("… .” ― Esther Tapia") is the exception: it always belongs to the quote it follows.
    const endsEmbeddedSentence =
      /[.!?]["\u201D']?$/.test(text.slice(attributionAt - 3, attributionAt)) &&
      !/^\s*[\u2015\u2014\u2013]/.test(afterText) &&
      stripQuoted(text.slice(sentence.start, first.start)).trim() !== '';
    const afterMatch = endsEmbeddedSentence ? null : afterPattern.exec(afterText);
    const phraseAfter = afterMatch?.[1] ?? afterMatch?.[2] ?? afterMatch?.[3];
    if (phraseAfter) speaker = resolveSpeakerPhrase(phraseAfter, text, first.start, index, lastSpeaker, lastSpeakerAt);

    if (!speaker) {
      const beforeText = text.slice(Math.max(sentence.start, first.start - attributionReach), first.start);
      const beforeMatch = (beforeText.includes('quoting') ? quotingSpeaker.exec(beforeText) : null) ?? nearestMatch(beforePattern, withoutDocumentFrame(stripQuoted(beforeText))) ?? accordingTo.exec(beforeText) ?? colonSpeaker.exec(beforeText);
      // "Another critic, Laurence H. Tribe, likened…": the name in the appositive is who the description is.
      const named = beforeMatch?.[2] && /^(?:[Aa]n?|[Aa]nother|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Oo]ne)\b/.test(beforeMatch[1] ?? '') ? firstNameMention(beforeMatch[2]) : null;
      if (named) speaker = index.resolve(named.name) ?? { name: named.name, role: named.role };
      else if (beforeMatch?.[1]) speaker = resolveSpeakerPhrase(beforeMatch[1], text, first.start, index, lastSpeaker, lastSpeakerAt);
    }

    if (!speaker && lastSpeaker && lastQuoteEnd >= 0 && first.start - lastQuoteEnd < 200) {
      // '"We came," said Lee, a tourist. "We stayed."': only the attribution of the quote before stands between them.
      const gap = text.slice(lastQuoteEnd, first.start);
      const attribution = gap.includes('\n') ? null : afterPattern.exec(gap);
      if (attribution && /^[^.!?]*[.!?]?\s*$/.test(gap.slice(attribution.index + attribution[0].length))) speaker = lastSpeaker;
    }

    if (!speaker) {
      // 'A cashier who "steals a handful of $20s" is held accountable, Warren said.': the attribution ends the sentence.
      // A quote that ends with its own stop ends the sentence; the words after it begin another.
      const endsSentence = /[.!?\u2026]["\u201D']$/.test(text.slice(last.end - 2, last.end));
      const rest = endsSentence ? '' : text.slice(last.end, Math.min(sentence.end, last.end + attributionReach)).replace(/([.!?])["\u201D']?\s.*$/s, '$1');
      // Other quoted words before the attribution stand as one word; a comma closing them stays (' by a "deceitful enemy," he vowed').
      const flat = rest.replace(/[\u201C"][^\u201C\u201D"]{0,200}[\u201D"]/g, (quoted) => (/,[\u201D"]$/.test(quoted) ? 'Q,' : 'Q'));
      const closing = /[\u201C\u201D"]/.test(flat) ? null : sentenceEndAttribution.exec(flat);
      const phrase = closing?.[1] ?? closing?.[2];
      if (phrase) speaker = resolveSpeakerPhrase(phrase, text, first.start, index, lastSpeaker, lastSpeakerAt);
    }

    if (!speaker && lastSpeaker) {
      // A quote standing alone right after another quote continues it: same speaker.
      const gap = text.slice(lastQuoteEnd, first.start);
      const opensParagraph = first.start === 0 || /\n\s*$/.test(text.slice(Math.max(0, first.start - 3), first.start));
      if (opensParagraph && lastQuoteEnd >= 0 && gap.length < 300 && !/[\u201C"]/.test(gap) && !namesSomeone(gap)) speaker = lastSpeaker;
    }

    if (!speaker) {
      // "Peskov said in a statement." then the quote in the next paragraph.
      const previous = text.slice(Math.max(0, first.start - 200), first.start);
      const colonLead = speakerBeforeBreak.exec(previous);
      if (colonLead?.[1]) speaker = resolveSpeakerPhrase(colonLead[1], text, first.start, index, lastSpeaker, lastSpeakerAt);
    }

    if (!speaker) {
      // A quote inside reported speech belongs to the sentence's subject:
      // 'Clinton is describing as "unhinged" a tweet…', 'Trump's claim that there have been "thousands of shootings"'.
      const lead = stripQuoted(text.slice(Math.max(sentence.start, first.start - attributionReach), first.start));
      if (/^\s*(he|she)\b/i.test(lead)) speaker = resolvePronoun(text, sentence.start, index, lastSpeaker, lastSpeakerAt);
      else if (lead.trim() !== '') {
        // After a fronted clause ("With Clinton struggling…, President Obama is rolling out"), the main clause's subject speaks.
        const main = /,\s+((?:[\p{Lu}][\p{L}.'\u2019-]*\s+){1,4})(?:is|was|has|had|[a-z]+s|[a-z]+ed)\b[^,]*$/u.exec(lead);
        speaker = (main?.[1] ? firstPersonIn(main[1], index) : null) ?? firstPersonIn(lead, index);
      }
      else if (sentence.start > 0) {
        // A quote that is a sentence of its own continues the previous sentence's speaker:
        // 'said Rep. Butterfield, head of the caucus. "Donald Trump is…"' or 'Patrick McGinley, a law professor… . "This company…"'
        const previous = sentenceBounds(text, Math.max(0, sentence.start - 2));
        const previousText = text.slice(Math.max(previous.start, sentence.start - attributionReach), sentence.start);
        const attribution = attributionAnywhere.exec(stripQuoted(previousText));
        const phrase = attribution?.[1] ?? attribution?.[2];
        speaker = phrase ? resolveSpeakerPhrase(phrase, text, previous.start, index, lastSpeaker, lastSpeakerAt) : null;
        if (!speaker && !/[\u201C"]/.test(previousText)) {
          // 'Obama said after meeting Putin. He didn't suggest retaliation. "Our goal is…"': the pronoun's person goes on.
          speaker = /^\s*(he|she)\b/i.test(previousText) ? resolvePronoun(text, previous.start, index, lastSpeaker, lastSpeakerAt) : firstPersonIn(stripQuoted(previousText), index);
        }
      }
    }

    if (!speaker && (lastQuoteEnd < 0 || lastQuoteEnd < sentence.start - 600) && /^\s*(?:Quote:\s*)?$/i.test(text.slice(sentence.start, first.start))) {
      // A quote standing alone, or under a "Quote:" label, with no quote shortly before: the words of the one the
      // article last reported speaking ("Defence Minister Rustem Umierov has said that …").
      const window = stripQuoted(text.slice(Math.max(0, sentence.start - 600), sentence.start));
      let reported: RegExpMatchArray | undefined;
      for (const match of window.matchAll(reportedSpeech)) reported = match;
      if (reported?.[1]) speaker = resolveSpeakerPhrase(reported[1], text, first.start, index, lastSpeaker, lastSpeakerAt);
    }

    found.push({ start: first.start, end: last.end, text: quoteText, speaker: speaker?.name ?? null, role: speaker?.role ?? null });
    if (speaker && /^[\p{Lu}]/u.test(speaker.name) && !genericSpeaker.test(speaker.name)) {
      lastSpeaker = speaker;
      lastSpeakerAt = first.start;
    }
    lastQuoteEnd = last.end;
  }
  return found;
}

/** Builds the person index of a story from all its texts, so a surname in one source finds the full name in another. */
export function indexPeople(texts: string[], headlines: string[] = []): PersonIndex {
  const people = new PersonIndex();
  // A headline often gives the full name the body shortens ("Jannik Sinner wins…", then "Sinner said"); one in
  // Title Case capitalises every word, so its runs of capitals are no names ("Trump Announces Strikes").
  for (const headline of headlines) {
    if (isLowerCase(headline)) people.addLowerCaseHeadline(headline);
    else if (!isTitleCase(headline)) people.addText(headline);
  }
  for (const text of texts) people.addText(text);
  return people;
}

/** A headline rebuilt from a URL slug: no capital after its first word ("Australian open 2025 jannik sinner sinks…"). */
function isLowerCase(headline: string): boolean {
  const titleWords = headline.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  return titleWords.length > 3 && titleWords.slice(1).every((word) => !/^[\p{Lu}]/u.test(word));
}

function isTitleCase(headline: string): boolean {
  const long = headline.split(/\s+/).filter((word) => /^\p{L}{4,}/u.test(word));
  return long.length >= 3 && long.filter((word) => /^\p{Lu}/u.test(word)).length / long.length > 0.7;
}

/** A quote as it appears in one source article. */
export interface SourcedQuote extends FoundQuote {
  source: string;
  /** Position of the source article in the story (for stable ordering). */
  articleOrder: number;
  /** The article file or record id, and the quote's offsets in that article's source text (null where unknown). */
  file?: string;
  sourceStart?: number | null;
  sourceEnd?: number | null;
}

/** One part of the text quotes are read from (standfirst or paragraph), and where it stands in the source text. */
export interface TextPart {
  text: string;
  /** Flat pairs [partIndex, sourceIndex, …] (see Article.bodyOffsets); null when unknown. */
  map: number[] | null;
}

/** Where character `index` of a part stands in the source text. */
function sourceIndex(map: readonly number[], index: number): number {
  let from = map[0] ?? 0;
  let to = map[1] ?? 0;
  for (let i = 2; i + 1 < map.length && (map[i] ?? Infinity) <= index; i += 2) {
    from = map[i] ?? from;
    to = map[i + 1] ?? to;
  }
  return to + (index - from);
}

/** The parts of an article quotes are read from, in order; joined with line breaks they are the text read. */
export function articleParts(article: Article): TextPart[] {
  const parts: TextPart[] = [];
  if (article.standfirst) parts.push({ text: article.standfirst, map: article.bodyOffsets?.standfirst ?? null });
  article.paragraphs.forEach((paragraph, index) => {
    if (paragraph !== '') parts.push({ text: paragraph, map: article.bodyOffsets?.paragraphs[index] ?? null });
  });
  return parts;
}

/**
 * Maps a span of the joined text to offsets in the article's source text. Null where a part the span touches was
 * changed by cleaning, so a reader is never sent to the wrong characters.
 */
export function sourceSpan(parts: readonly TextPart[], start: number, end: number): { start: number | null; end: number | null } {
  let position = 0;
  let sourceStart: number | null = null;
  let sourceEnd: number | null = null;
  for (const part of parts) {
    const partEnd = position + part.text.length;
    if (start >= position && start < partEnd && part.map) sourceStart = sourceIndex(part.map, start - position);
    // The end is one past the last character: map the last character, then step past it.
    if (end > position && end <= partEnd && part.map) sourceEnd = sourceIndex(part.map, end - 1 - position) + 1;
    position = partEnd + 1;
  }
  return sourceStart !== null && sourceEnd !== null ? { start: sourceStart, end: sourceEnd } : { start: null, end: null };
}

function quoteWords(text: string): string[] {
  return words(foldTypography(text));
}

/** A quote's words, as a list (for its length) and a set (for lookups), computed once per quote. */
export interface QuoteWords {
  list: string[];
  set: Set<string>;
}

export function quoteWordsOf(text: string): QuoteWords {
  const list = quoteWords(text);
  return { list, set: new Set(list) };
}

/** True when two quotes are the same words, allowing small differences ("we build" / "we built"). */
function sameQuote(a: QuoteWords, b: QuoteWords): boolean {
  const [short, long] = a.list.length <= b.list.length ? [a, b] : [b, a];
  if (short.list.length < 3) return false;
  let shared = 0;
  for (const word of short.list) if (long.set.has(word)) shared++;
  return shared / short.list.length >= 0.75;
}

/** Merges the same quote found in several sources; the longest wording is kept, every source listed. */
export function mergeQuotesAcrossSources(
  quotes: SourcedQuote[],
  /** quoteWordsOf to use in its place (one remembered over a build's quotes); the words are only read. */
  wordsOfQuote: (text: string) => QuoteWords = quoteWordsOf,
): Array<SourcedQuote & { sources: string[] }> {
  const merged: Array<SourcedQuote & { sources: string[]; wordsOf: QuoteWords }> = [];
  for (const quote of quotes) {
    const wordsOf = wordsOfQuote(quote.text);
    const match = merged.find((candidate) => sameQuote(candidate.wordsOf, wordsOf));
    if (!match) {
      merged.push({ ...quote, sources: [quote.source], wordsOf });
      continue;
    }
    if (!match.sources.includes(quote.source)) match.sources.push(quote.source);
    if (wordsOf.list.length > match.wordsOf.list.length) {
      // The offsets point to the wording shown.
      match.text = quote.text;
      match.wordsOf = wordsOf;
      match.file = quote.file;
      match.sourceStart = quote.sourceStart;
      match.sourceEnd = quote.sourceEnd;
    }
    if (!match.speaker && quote.speaker) {
      match.speaker = quote.speaker;
      match.role = quote.role;
    }
  }
  return merged.map(({ wordsOf: _words, ...quote }) => quote);
}

/** How many words a key-quote candidate has, or null for a quote that is none (see isKeyQuoteCandidate). */
export function keyQuoteWordCount(text: string): number | null {
  const count = quoteWords(text).length;
  return count >= 5 && contentTerms(text).length >= 2 ? count : null;
}

/** True for a quote worth showing as a key quote: a real utterance, not a scare-quoted word or a title. */
export function isKeyQuoteCandidate(text: string): boolean {
  return keyQuoteWordCount(text) !== null;
}

/**
 * Ranks quotes for the digest: carried by more sources, said by a named person, a whole sentence rather than a
 * fragment, of readable length; one quote per speaker before any speaker gets a second.
 */
export function rankKeyQuotes<T extends { text: string; speaker: string | null; sources: string[] }>(
  quotes: T[],
  limit: number,
  countWords: (text: string) => number | null = keyQuoteWordCount,
): T[] {
  const scored = quotes
    // The words are counted once: the key-quote test and the score both read the count.
    .map((quote) => ({ quote, count: countWords(quote.text) }))
    .filter((candidate): candidate is { quote: T; count: number } => candidate.count !== null)
    .map(({ quote, count }, order) => {
      let score = quote.sources.length * 2;
      if (quote.speaker && /^[\p{Lu}]/u.test(quote.speaker) && !genericSpeaker.test(quote.speaker)) score += 2;
      else if (!quote.speaker) score -= 3;
      if (/^[\p{Lu}]/u.test(quote.text)) score += 1.5;
      if (count >= 8 && count <= 80) score += 1;
      if (count > 90) score -= 1;
      return { quote, score, order };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const chosen: T[] = [];
  const speakers = new Set<string>();
  for (const pass of [0, 1]) {
    for (const { quote } of scored) {
      if (chosen.length >= limit) break;
      if (chosen.includes(quote)) continue;
      const key = quote.speaker ? surnameOf(quote.speaker).toLowerCase() : '';
      if (pass === 0 && key !== '' && speakers.has(key)) continue;
      chosen.push(quote);
      speakers.add(key);
    }
  }
  return chosen;
}
