/**
 * Finding people in news text: full names, the roles the text gives them, and which person a surname or a
 * pronoun points to. Heuristic by design (no model is downloaded): capitalised name runs, title words before a
 * name, appositives after it.
 */

/** A person the text names, with the role it gives them (if any). */
export interface Person {
  name: string;
  role: string | null;
}

const roleNouns =
  'secretary|minister|treasurer|cardinal|archbishop|rabbi|imam|sheikh|inspector|detective|sergeant|spokesman|spokeswoman|spokesperson|president|vice president|senator|sen\\.|governor|gov\\.|representative|rep\\.|director|chief|head|official|ambassador|chairman|chairwoman|chair|ceo|executive|analyst|professor|correspondent|lawyer|attorney|negotiator|commander|mayor|judge|envoy|adviser|advisor|leader|chancellor|premier|king|queen|prince|general|gen\\.|admiral|diplomat|manager|coach|captain|founder|economist|strategist|nominee|candidate|speaker|aide|deputy|lieutenant|sheriff|prosecutor|pollster|chairperson|commissioner|officer|councillor|councilman|councilwoman|mp|lawmaker|legislator|researcher|scientist|expert|editor|reporter|host|anchor|justice|pope|bishop|activist|campaigner';

const roleNounPattern = new RegExp(`\\b(${roleNouns})\\b`, 'i');
const wholeRoleNoun = new RegExp(`^(?:${roleNouns})$`, 'i');

/** Capitalised words that begin sentences or name things, never a person's first name. */
const notNameWords = new Set(
  `The A An And But Or If In On At By For From Of To With As When While After Before During Since Until Although Though
  He She They We I It His Her Their Our Its This That These Those There Here Who What Where Why How Which
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
  October November December Mr Mrs Ms Dr Sen Gov Rep President Secretary Minister Senator Governor Kremlin White House
  Republican Democratic Democrat Republicans Democrats Congress Senate Parliament Ministry Department State Supreme Court
  Ukrainian Russian American British Chinese European Israeli Palestinian Iranian French German Indian Ukraine Russia
  America China Europe India Moscow Kyiv Washington London Paris Gaza NATO EU UN US U.S. UK Sunday's CNN BBC AP Reuters
  According Meanwhile However Also Still Yet So Then Now Today Yesterday Tomorrow Both Other Many Some All Every Each
  Prime Chief Special Foreign National Federal General Former Vice Deputy Acting Speaker Kremlin's God Read Click
  Photo Image Video Watch Share Sign Follow Similar Related Advertisement X Twitter Facebook Instagram YouTube Google
  No Yes Not Quote Update Editor Pakistan Iran Israel Japan Korea Turkey Syria Iraq Afghanistan Myanmar Thailand
  Philippines Indonesia Brazil Mexico Canada Australia Germany France Italy Spain Poland Romania Africa Asia
  Typhoon Hurricane Cyclone Storm Tropical Operation Flight Mount Mt Lake River Cape Port Fort`.split(/\s+/),
);

const particle = "(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|bin|al|el|la|le|ibn|St\\.)";
const nameWord = "[\\p{Lu}][\\p{L}'\u2019-]*[\\p{L}]|[\\p{Lu}]\\.";
/**
 * A run of capitalised words, allowing particles ("Ursula von der Leyen") and initials ("J. Smith"). Up to seven
 * words, so that a title chain before a name ("Delhi Police Commissioner Satish Golcha") is read whole and cut at
 * its last title word, rather than cut off before the surname. The first word is written with its capital first
 * and the "no letter before" check after it: the same matches as `(?<!\p{L})(?:nameWord)`, but the engine can
 * hunt for a capital before trying anything, a third faster.
 */
const firstNameWord = "[\\p{Lu}](?<![\\p{L}][\\p{Lu}])(?:[\\p{L}'\u2019-]*[\\p{L}]|\\.)";
// Words of a name are parted by spaces, never by a line break: a heading above a paragraph is no first name.
const fullNamePattern = new RegExp(`${firstNameWord}(?:[^\\S\\n]+(?:${particle}[^\\S\\n]+)*(?:${nameWord})){1,6}(?:,?[^\\S\\n]+(?:Jr\\.|Sr\\.|III|II))?`, 'gu');

const particleWord = /^(de|da|do|dos|das|del|della|di|du|van|von|der|den|bin|al|el|la|le|ibn|St\.)$/;

/**
 * Last words that make a capitalised run a place, an organisation, an outlet or a thing rather than a person:
 * "Black River", "Rose Garden", "Wall Street Journal", "Truth Social", "Conservative Party".
 */
const notPersonLastWords = new Set(
  `Garden Gardens Palace Castle Square Street Road Avenue Bridge River Lake Sea Ocean Bay Gulf Strait Coast Beach Island
  Islands Mountain Mountains Valley Canyon Desert Forest Park Hall Tower Building Stadium Arena Airport Station Base
  County City Province State States Region District Republic Kingdom Union Nations Emirates Federation Territory
  Party Committee Commission Council Congress Senate Assembly Parliament Court Ministry Department Office Agency
  Administration Authority Bureau Institute Institution Association League Club Foundation Fund Bank Reserve Exchange
  Market Index Group Company Corporation Corp Inc Ltd Airlines Airways Forces Army Navy Guard Police Service Services
  University College School Hospital Center Centre Church Cathedral Basilica Temple Mosque News Times Post Journal
  Press Herald Tribune Gazette Telegraph Guardian Chronicle Observer Independent Mail Review Daily Today Wire Network
  Media Radio Television TV Channel Magazine Social Space Express Standard Cup Championship Open Games Festival Awards
  Award Prize Conference Summit Talks Treaty Act Law Bill Day Week Fire Storm Hurricane Earthquake Operation Flight
  Program Programme Project Mission Council Division Unit Lab Labs Laboratory Organization Organisation Initiative
  Alliance Coalition Front Movement Sunday Monday Tuesday Wednesday Thursday Friday Saturday`.split(/\s+/),
);

/**
 * Words that stand before a name as its title or description, never as part of it ("Cardinal Kevin Farrell",
 * "Nationalist George Simion", "Treasurer Jim Chalmers"): a run is cut after the last of them.
 */
function isTitleWord(word: string): boolean {
  const bare = word.replace(/\.$/, '');
  if (roleNounPattern.test(bare) && wholeRoleNoun.test(bare)) return true;
  if (/^(Mr|Mrs|Ms|Dr|Prof|Sen|Gov|Rep|Gen|Col|Lt|Capt|Sgt|Insp|Det|Fr|Rev|Sir|Dame|Lord|Lady|Holy|Father|Rabbi|Imam|Sheikh|Cardinal|Pope|Treasurer|Mayor|Chief|Deputy|Vice|Prime|Foreign|Defence|Defense|Interior|Finance|Health|Justice|Acting|Former|Incoming|Outgoing|Opposition|Police|Army|Military|Press|Communications|Commissioner|Superintendent|Inspector|Constable|Officer|Chairman|Chairwoman|Chairperson|Director|Manager|Coach|Captain|Skipper|Striker|Midfielder|Defender|Goalkeeper|Forward|Star|Veteran|Nationalist|Conservative|Liberal|Socialist|Communist|Centrist|Populist|Labour|Labor|Republican|Democratic|Democrat|Independent|Green)$/.test(bare)) return true;
  if (/^(Pro|Anti|Ex|Non)-/.test(bare) || bare.endsWith('-elect')) return true;
  // "Economist", "Scientist", "Activist", "Journalist": descriptions, not names.
  return /^[\p{Lu}][\p{Ll}]{3,}ist$/u.test(bare);
}

/** Cuts a capitalised run down to the name in it: after a possessive or the last title word, before a full stop. */
function nameWithin(run: string): { name: string; offset: number } {
  const parts = run.split(/(\s+)/);
  let cut = 0;
  let offset = 0;
  let position = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i] ?? '';
    const after = position + word.length + (parts[i + 1] ?? '').length;
    // "SpaceX's Dan Huot", "Ukraine's Defense Minister Rustem Umerov": the name follows the possessive.
    const possessive = /['\u2019]s$/.test(word) && i + 2 < parts.length;
    // "ECB Christine Lagarde", "U.S. Ambassador …": an acronym before a name is its organisation or country.
    const acronym = /^(?:[\p{Lu}]{3,}|(?:[\p{Lu}]\.){2,})$/u.test(word);
    if (possessive || ((isTitleWord(word) || acronym) && i + 2 < parts.length)) {
      cut = i + 2;
      offset = after;
    }
    position = after;
  }
  // "Pope Francis", "King Charles": a title that is unique to one person is part of what they are called.
  if (cut >= 2 && cut === parts.length - 1 && /^(Pope|King|Queen|Prince|Princess|Emperor|Empress)$/.test(parts[cut - 2] ?? '')) {
    cut -= 2;
    offset -= (parts[cut] ?? '').length + (parts[cut + 1] ?? '').length;
  }
  const name = parts.slice(cut).join('').replace(/(?<=\p{L}{2})\.$/u, '');
  return { name, offset };
}

const orgBeforeRole = new RegExp(`^\\s+(?:co-)?(?:${roleNouns})\\s+[\\p{Lu}]`, 'iu');

function isPlausibleName(name: string): boolean {
  const parts = name.split(/\s+/).filter((part) => !particleWord.test(part));
  if (parts.length < 2) return false;
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (notNameWords.has(first.replace(/['\u2019]s$/, '').replace(/\.$/, '')) || notNameWords.has(last.replace(/['\u2019]s$/, ''))) return false;
  // "South Korean investigators": a nationality or party word ends no one's name.
  if (notPersonLastWords.has(last.replace(/['\u2019]s$/, '')) || isNamelessWord(last)) return false;
  if (/['\u2019]s$/.test(first)) return false;
  // Acronyms ("NATO", "U.S.") are organisations and places, not parts of a name; two capitals before a surname
  // are initials ("JD Vance").
  return parts.every((part, i) => !/^[\p{Lu}.]{2,}$/u.test(part) || (i === 0 && parts.length > 1 && /^[\p{Lu}]{2}$/u.test(part)));
}

/** The surname of a full name (its last word, ignoring suffixes). */
export function surnameOf(name: string): string {
  const parts = name.replace(/,?\s+(Jr\.|Sr\.|III|II)$/, '').split(/\s+/);
  return parts[parts.length - 1] ?? name;
}

/** Trims a role phrase to what names the role ("the powerful chief of staff" → "chief of staff"). */
function tidyRole(role: string): string | null {
  let text = role
    .trim()
    .replace(/^(the|a|an|its|his|her|their|and|former)\s+/i, '')
    .replace(/\s+/g, ' ')
    .replace(/[,;:]$/, '');
  text = text.replace(/^(powerful|longtime|veteran|top|senior|then)\s+/i, '');
  if (text === '' || !roleNounPattern.test(text) || text.split(' ').length > 9) return null;
  return text;
}

const roleModifiers =
  /^(special|presidential|vice-presidential|chief|top|senior|deputy|former|national|foreign|economic|security|press|state|federal|acting|interim|assistant|associate|executive|general|prime|lead|principal|defense|defence|finance|health|justice|interior|trade|energy|foreign-policy|white|house|and|of|for)$/i;

/** Title words right before a name: "Secretary of State", "Kremlin spokesman", "presidential adviser". */
function roleBefore(textBefore: string): string | null {
  // Only the words after the last punctuation can be a title glued to the name.
  const clause = textBefore.split(/[.,;:!?()\u2014\u2013"\u201C\u201D]/).pop() ?? '';
  const tokens = clause.trim().split(/\s+/).filter((token) => token !== '');
  let from = tokens.length;
  while (from > 0) {
    const token = tokens[from - 1] ?? '';
    const fits = /^[\p{Lu}]/u.test(token) || roleNounPattern.test(token) || roleModifiers.test(token);
    if (!fits || /['\u2019]s$/.test(token)) break;
    from--;
  }
  let title = tokens.slice(from);
  // "Trump and Vice President JD Vance": what comes before "and" is another person, not part of the title.
  const and = title.lastIndexOf('and');
  if (and > 0 && !roleNounPattern.test(title[and - 1] ?? '') && !roleModifiers.test(title[and - 1] ?? '')) title = title.slice(and + 1);
  while (title.length > 0 && /^(of|for|and|the)$/i.test(title[0] ?? '')) title = title.slice(1);
  if (title.length === 0 || title.length > 6) return null;
  const last = title[title.length - 1] ?? '';
  if (!roleNounPattern.test(last) && !/^(state|staff|security|affairs|defense|defence|justice|house|council|committee|party|office|treasury|commerce|health)$/i.test(last)) {
    return null;
  }
  return tidyRole(title.join(' '));
}

/** An appositive role after a name: "Rustem Umerov, Ukraine's secretary of national security,". */
function roleAfter(textAfter: string): string | null {
  const match = /^,\s+((?:the |a |an )?[^,.;:()\u201C\u201D"]{3,80}?)(?:,|\.|;|\s+\u2014|$)/u.exec(textAfter);
  if (!match?.[1]) return null;
  if (/^(who|which|that|said|says|and|but|in|on|at|after|before|when)\b/i.test(match[1])) return null;
  return tidyRole(match[1]);
}

/** A role given before the name with a comma: "Ukraine's secretary of national security, Rustem Umerov". */
function roleBeforeComma(textBefore: string): string | null {
  const match = /(?:^|[.;:\u2014]\s+|,\s+|\b(?:and|but|while)\s+)((?:[\p{Lu}][\p{L}]*['\u2019]s\s+)?[\p{Ll}][^,.;:]{2,60}),\s*$/u.exec(textBefore);
  if (!match?.[1]) return null;
  return tidyRole(match[1]);
}

/** A mention of a person in a text, with where it stands. */
export interface NameMention {
  name: string;
  start: number;
  end: number;
  role: string | null;
}

/** Where a full name stands in a text, before its role is read. */
interface NameSpan {
  name: string;
  start: number;
  end: number;
}

/**
 * Where a full name may start: a capital letter. Every capital below U+0100 is in A-Z or U+00C0-U+00DE; any
 * character past Latin-1 (but a low surrogate) is left for the pattern to judge.
 */
const nameStartCandidate = /[A-Z\u00C0-\u00DE\u0100-\uDBFF\uE000-\uFFFF]/g;
const fullNameAt = new RegExp(fullNamePattern.source, 'uy');

/**
 * The first match of fullNamePattern at or after `from`, as a global search would find it: the pattern is tried
 * only where a capital stands (a plain character class finds those several times faster than the Unicode pattern
 * scans), and anchored there. This reads every text of a story whose quotes need a speaker.
 */
function nextFullName(text: string, from: number): RegExpExecArray | null {
  for (let at = from; ; ) {
    nameStartCandidate.lastIndex = at;
    const candidate = nameStartCandidate.exec(text);
    if (candidate === null) return null;
    fullNameAt.lastIndex = candidate.index;
    const match = fullNameAt.exec(text);
    if (match !== null) return match;
    at = candidate.index + 1;
  }
}

/** The full-name mentions in `text` (the first `limit` of them), without roles. */
function findNameSpans(text: string, limit = Infinity): NameSpan[] {
  const spans: NameSpan[] = [];
  for (let match = nextFullName(text, 0); match !== null; match = nextFullName(text, match.index + match[0].length)) {
    if (spans.length >= limit) break;
    const inner = nameWithin(match[0]);
    let start = match.index + inner.offset;
    // A run can swallow a sentence opener or a title ("President Volodymyr Zelenskyy"; "Kremlin spokesman" is lower case and stays out).
    const words = inner.name.split(/\s+/);
    while (words.length > 2 && (notNameWords.has((words[0] ?? '').replace(/\.$/, '')) || roleNounPattern.test(words[0] ?? ''))) {
      const dropped = words.shift() ?? '';
      start += dropped.length + 1;
      while (text[start] === ' ') start++;
    }
    const name = words.join(' ');
    if (!isPlausibleName(name)) continue;
    // "Intuitive Machines co-founder Tim Crain": a run followed by a role and another name is the organisation.
    if (orgBeforeRole.test(text.slice(start + name.length, start + name.length + 60))) continue;
    spans.push({ name, start, end: start + name.length });
  }
  return spans;
}

/** The role the words around a name give it ("Kremlin spokesman Dmitry Peskov", "Umerov, Ukraine's secretary of…"). */
function roleAround(text: string, span: NameSpan): string | null {
  const before = text.slice(Math.max(0, span.start - 80), span.start);
  return roleBefore(before) ?? roleAfter(text.slice(span.end, span.end + 120)) ?? roleBeforeComma(before);
}

/**
 * A lone capitalised word opening a sentence as its subject ("Sanders appeared on…"), when it is no place,
 * organisation or sentence opener: who a following "he" or "she" most likely is when no full name is given.
 */
export function sentenceSubject(sentence: string): string | null {
  // The subject of an action a person does: "Sanders appeared", "Lee said", "Kim told"; not "Fordow is gone".
  // A fronted phrase may come first: "From the Rose Garden, Trump spoke…".
  // A name kept to its initial ("Amelie K", as courts and papers shield a plaintiff) is a name too, and an
  // appositive may stand before the verb ("One of the plaintiffs, Amelie K, a set decorator, told the court…").
  const match = /^\s*(?:[^,.]{1,60},\s+)?(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?([\p{Lu}][\p{Ll}'\u2019-]+)(\s[\p{Lu}](?![\p{L}.]))?(?:,\s+(?:an?|the|his|her|their)\s[^,.]{1,60},)?\s+(?:[a-z]+ed|said|says|told|tells|spoke|wrote|met|won|lost|took|made|gave|went|came|saw|thanked|vowed|urged|added|argued|insisted)\b/u.exec(sentence);
  const word = match?.[1];
  if (!word || notNameWords.has(word) || notPersonLastWords.has(word) || /['\u2019]s$|ing$/.test(word)) return null;
  return word + (match[2] ?? '');
}

/** True for a capitalised word that never names anyone on its own ("Republican", "Ukrainian", "Monday"). */
export function isNamelessWord(word: string): boolean {
  return namelessWords.has(word);
}

// Countries and outlets do speak in news ("Japan branded…", "reported Reuters"); adjectives never do. A set, as
// every candidate name's last word is looked up here.
const namelessWords = new Set(
  `Republican Democratic Democrat Conservative Liberal Labour Labor Ukrainian Russian American British Chinese European
  Israeli Palestinian Iranian French German Indian Pakistani Japanese Korean Turkish Islamic Muslim Christian Jewish
  Federal National Foreign Monday Tuesday Wednesday Thursday Friday Saturday Sunday`.split(/\s+/),
);

/** The first full-name mention in `text`, with the role the surrounding words give, or null. */
export function firstNameMention(text: string): NameMention | null {
  const span = findNameSpans(text, 1)[0];
  return span ? { ...span, name: span.name.replace(/['\u2019]s$/, ''), role: roleAround(text, span) } : null;
}

/** Whether `text` names anyone in full. */
export function namesSomeone(text: string): boolean {
  return findNameSpans(text, 1).length > 0;
}

/**
 * True when `name` spells out the first name `other` gives as an initial ("Marco Rubio" for "M. Rubio"): the
 * spelled-out form wins however often the initial is used. Two full forms ("Donald J. Trump", "Donald Trump") are
 * weighed by how often each is given.
 */
function fullerForm(name: string, other: string): boolean {
  const [first = '', ...rest] = name.split(' ');
  const [otherFirst = '', ...otherRest] = other.split(' ');
  return rest.join(' ') === otherRest.join(' ') && /^(?:[\p{Lu}]\.?)+$/u.test(otherFirst) && first.length > 2 && first.startsWith(otherFirst.charAt(0));
}

/**
 * True when two full names of one surname are one person written two ways: the same first name ("Donald J.
 * Trump", "Donald Trump") or one a letter or two from the other ("Mikey", "Milkey"; "Volodymyr", "Volodimir").
 */
function spellingVariants(name: string, other: string): boolean {
  const first = name.split(' ')[0] ?? '';
  const otherFirst = other.split(' ')[0] ?? '';
  // "Donald Trump Jr." is not "Donald Trump".
  const suffix = /\s(?:Jr\.?|Sr\.?|II|III)$/;
  if (suffix.test(name) !== suffix.test(other)) return false;
  if (first === otherFirst) return true;
  if (Math.abs(first.length - otherFirst.length) > 2 || first.charAt(0) !== otherFirst.charAt(0)) return false;
  const shorter = Math.min(first.length, otherFirst.length);
  return shorter >= 4 && editDistance(first.toLowerCase(), otherFirst.toLowerCase()) <= (shorter >= 6 ? 2 : 1);
}

/** Levenshtein distance between two short words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The people of one story: full names with their most-given role, found by surname. */
export class PersonIndex {
  /** Where each person is named, per source text; roles are read from there only for people who speak. */
  private readonly mentions = new Map<string, Array<{ text: string; source: number; span: NameSpan }>>();
  private readonly roles = new Map<string, Map<string, number>>();
  private readonly bySurname = new Map<string, string>();
  /** How often each full name is given: the form a text gives most is the name it uses ("Mikey Madison" twice, a typo once). */
  private readonly counts = new Map<string, number>();
  /** Full names by their first word, for family names written first ("Hong" → Hong Li). */
  private readonly byFirst = new Map<string, string[]>();
  private sources = 0;
  /** Texts given to read later: most stories' quotes never need a speaker looked up, so their names go unread. */
  private readonly unread: string[] = [];

  /** Headlines written all in lower case (rebuilt from a URL slug), as lists of words; their names have no capitals. */
  private readonly lowerHeadlines: string[][] = [];
  /** Every word of the texts, lower-cased: built only when a lower-case headline is consulted. */
  private textWords: Set<string> | null = null;
  private readonly texts: string[] = [];

  /** Records every name mention of `text`. */
  addText(text: string): void {
    this.unread.push(text);
    this.texts.push(text);
  }

  /**
   * Records a headline written in lower case ("australian open 2025 jannik sinner sinks alexander zverev"): its
   * runs of capitals find no names, but a surname the text uses alone can find its first name there.
   */
  addLowerCaseHeadline(headline: string): void {
    this.lowerHeadlines.push(headline.toLowerCase().replace(/['\u2019]/g, '').split(/[^\p{L}-]+/u));
  }

  private readUnread(): void {
    for (const text of this.unread.splice(0)) this.readText(text);
  }

  private readText(text: string): void {
    const source = this.sources++;
    for (const span of findNameSpans(text)) {
      const name = span.name.replace(/['\u2019]s$/, '');
      this.add(name);
      this.mentions.get(name)?.push({ text, source, span });
    }
  }

  private add(name: string): void {
    if (!this.roles.has(name)) {
      this.roles.set(name, new Map());
      this.mentions.set(name, []);
      const first = (name.split(' ')[0] ?? '').toLowerCase();
      const named = this.byFirst.get(first);
      if (named) named.push(name);
      else this.byFirst.set(first, [name]);
    }
    const count = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, count);
    const surname = surnameOf(name).toLowerCase();
    const known = this.bySurname.get(surname);
    if (known === name || (known && fullerForm(known, name))) return;
    if (!known || fullerForm(name, known)) {
      this.bySurname.set(surname, name);
      return;
    }
    // Two people of one surname ("Ted Cruz", later his father "Rafael Cruz"): the surname alone is the one named
    // first, the one the story is about.
    if (!spellingVariants(name, known)) return;
    // Two spellings of one person: the one given more often wins, the longer on a tie.
    const knownCount = this.counts.get(known) ?? 0;
    if (count > knownCount || (count === knownCount && name.length > known.length)) this.bySurname.set(surname, name);
  }

  /**
   * Resolves a mention ("Rubio", "Mr. Trump", "Marco Rubio") to the person the story names. A single word that is
   * no known surname may be a family name written first ("Hong" for Hong Li, "Yoon" for Yoon Suk Yeol), so it
   * also finds the one full name that begins with it.
   */
  resolve(mention: string, options: { familyNameFirst?: boolean; within?: string; speaker?: boolean } = {}): Person | null {
    this.readUnread();
    const bare = mention
      .replace(/^(Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sen\.?|Gov\.?|Rep\.?|President|Senator|Secretary|Minister|Governor)\s+/, '')
      .replace(/['\u2019]s$/, '')
      .trim();
    if (bare === '') return null;
    let full = this.roles.has(bare) && bare.includes(' ') ? bare : this.bySurname.get(surnameOf(bare).toLowerCase());
    if (!full && options.familyNameFirst && !bare.includes(' ')) full = this.byFirstWord(bare, options.within);
    // Only for a word the text uses as a speaker ("Sinner said"), never for any capitalised word looked up.
    if (!full && options.speaker && this.lowerHeadlines.length > 0 && !bare.includes(' ')) {
      const fromHeadline = this.firstNameInLowerHeadline(bare);
      if (fromHeadline) return { name: fromHeadline, role: null };
    }
    if (!full) return null;
    return { name: full, role: this.roleOf(full) };
  }

  /**
   * "Sinner" in a text that never gives his first name, under the headline "… jannik sinner sinks …": the word before
   * the surname there, when the texts never use it (so it is no ordinary word, nor "open" of "Australian Open") and
   * it is no title ("president yoon").
   */
  private firstNameInLowerHeadline(surname: string): string | null {
    const lower = surname.toLowerCase();
    for (const words of this.lowerHeadlines) {
      const at = words.indexOf(lower);
      const first = at > 0 ? (words[at - 1] ?? '') : '';
      if (!/^\p{L}{2,}$/u.test(first)) continue;
      const capitalised = first.charAt(0).toUpperCase() + first.slice(1);
      if (notNameWords.has(capitalised) || isTitleWord(capitalised) || notPersonLastWords.has(capitalised) || isNamelessWord(capitalised)) continue;
      // A slug drops the apostrophe ("irans fordow"), so the texts' words are compared without theirs.
      this.textWords ??= new Set(this.texts.join(' ').toLowerCase().replace(/['\u2019]/g, '').split(/[^\p{L}-]+/u));
      if (this.textWords.has(first)) continue;
      return `${capitalised} ${surname}`;
    }
    return null;
  }

  /** The one full name whose first word is `word` (case aside), or undefined when none or several. */
  private byFirstWord(word: string, within?: string): string | undefined {
    let found: string | undefined;
    const names = this.byFirst.get(word.toLowerCase()) ?? [];
    // Several in the story ("Moon Jae-in", "Moon Hyung-bae"): the one the quote's own article names.
    const own = within === undefined ? [] : names.filter((name) => within.includes(name));
    for (const name of own.length > 0 ? own : names) {
      if (found && found !== name && !found.startsWith(name) && !name.startsWith(found)) return undefined;
      if (!found || name.length > found.length) found = name;
    }
    return found;
  }

  /**
   * The person last named before `before` in `text` whose role holds `roleNoun` ("the president" → the last
   * "President Donald Trump" named before the quote), looked for within a bounded stretch of text.
   */
  latestWithRole(text: string, before: number, roleNoun: string): Person | null {
    const from = Math.max(0, before - 3000);
    const spans = findNameSpans(text.slice(from, before));
    const noun = roleNoun.toLowerCase();
    // "his conservative rival Kim Moon-soo": a description word right before the name, though no title.
    const nounBefore = new RegExp(`\\b${noun}\\s*,?\\s*$`, 'i');
    for (let i = spans.length - 1; i >= 0; i--) {
      const span = spans[i];
      if (!span) continue;
      const shifted = { name: span.name.replace(/['\u2019]s$/, ''), start: span.start + from, end: span.end + from };
      const role = roleAround(text, shifted);
      if (role && role.toLowerCase().split(/[\s-]+/).includes(noun)) return this.resolve(shifted.name) ?? { name: shifted.name, role };
      if (nounBefore.test(text.slice(Math.max(0, shifted.start - 40), shifted.start))) return this.resolve(shifted.name) ?? { name: shifted.name, role };
    }
    // "President Trump" in a story that never gives his first name.
    const nounPattern = noun.replace(/^./, (first) => `[${first}${first.toUpperCase()}]`);
    const titled = new RegExp(`\\b${nounPattern}\\s+([\\p{Lu}][\\p{L}'\u2019-]+)(?![\\p{L}'\u2019-]|\\s+[\\p{Lu}])`, 'gu');
    let surname: string | null = null;
    for (const match of text.slice(from, before).matchAll(titled)) surname = match[1] ?? surname;
    return surname ? (this.resolve(surname) ?? { name: surname, role: null }) : null;
  }

  /** The role most mentions give; ties go to the more specific (longer) role. */
  roleOf(name: string): string | null {
    this.readUnread();
    const counts = this.roles.get(name);
    if (!counts) return null;
    const pending = this.mentions.get(name) ?? [];
    if (pending.length > 0) {
      // Each source gets one vote per role: an outlet repeating its own (possibly wrong) title does not outvote another.
      const voted = new Set<string>();
      for (const { text, source, span } of pending) {
        const role = roleAround(text, span);
        if (role === null || voted.has(`${source}\u0000${role}`)) continue;
        voted.add(`${source}\u0000${role}`);
        counts.set(role, (counts.get(role) ?? 0) + 1);
      }
      pending.length = 0;
    }
    if (counts.size === 0) return null;
    let best: string | null = null;
    let bestCount = 0;
    for (const [role, count] of counts) {
      if (count > bestCount || (count === bestCount && best !== null && role.length > best.length)) {
        best = role;
        bestCount = count;
      }
    }
    return best;
  }
}
