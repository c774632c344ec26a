/**
 * Finds the copies of one text inside a story: one wire report (AP, Reuters, AFP …) reprinted by several sites,
 * or one outlet's text mirrored by another. A story lists every site but counts distinct reporting.
 */

/** A text carried by several articles of one story. */
export interface TextCopies {
  /** Indexes (into the articles given) of the articles carrying the text, in that order. */
  members: number[];
  /** The wire service that wrote it, when a copy names one; null otherwise. */
  agency: string | null;
}

/**
 * Share of the shorter lead's triples of consecutive content terms found in the other (the lead: the top of the
 * text, where copies agree before sites cut them differently; terms already read for grouping, so nothing is
 * read twice). On the dev set, reports of one event by different
 * writers share at most 0.43 (two that quote one statement at length), verbatim reprints 0.59-0.99 (sites cut the
 * end or add a line); lightly rewritten copies (0.26-0.41) are left as separate reporting.
 */
const COPY_SHARE = 0.5;

/** Wire services as a source line or dateline names them, with the name the digest shows. */
const agencies: [string, string][] = [
  ['AP|Associated Press', 'AP'],
  ['Reuters', 'Reuters'],
  ['AFP|Agence France-Presse', 'AFP'],
  ['PTI|Press Trust of India', 'PTI'],
  ['dpa', 'dpa'],
  ['UPI', 'UPI'],
  ['TASS', 'TASS'],
  ['Xinhua', 'Xinhua'],
  ['IANS', 'IANS'],
  ['ANI', 'ANI'],
  ['AAP', 'AAP'],
  ['PA Media|PA', 'PA'],
];
const inSource = agencies.map(([names, name]) => [new RegExp(`\\b(?:${names})\\b`), name] as const);
/** A dateline credit near the top: "BEIJING (AP) —", "(Reuters) -". */
const inDateline = agencies.map(([names, name]) => [new RegExp(`\\(\\s*(?:${names})\\s*\\)`), name] as const);

/** The wire service an article's source line ("Himal Press (AP copy)") or opening dateline names, or null. */
export function agencyOf(source: string | null, opening: string): string | null {
  for (const [pattern, name] of inSource) if (source && pattern.test(source)) return name;
  const top = opening.slice(0, 160);
  for (const [pattern, name] of inDateline) if (pattern.test(top)) return name;
  return null;
}

/**
 * The distinct triples of consecutive terms, sorted, so two articles' are compared in one merge: a set of them per
 * article cost more than the rest of the story's copy search (the keys pass 2^31, so a set hashes each one boxed).
 */
function shingles(terms: readonly number[]): Float64Array {
  const found = new Float64Array(Math.max(0, terms.length - 2));
  // Term ids stay far below 2^21, so three fit one safe integer exactly.
  for (let i = 0; i + 2 < terms.length; i++) found[i] = ((terms[i] ?? 0) * 2 ** 21 + (terms[i + 1] ?? 0)) * 2 ** 21 + (terms[i + 2] ?? 0);
  found.sort();
  let distinct = 0;
  for (let i = 0; i < found.length; i++) if (distinct === 0 || found[i] !== found[distinct - 1]) found[distinct++] = found[i] ?? 0;
  return found.subarray(0, distinct);
}

/** Share of the smaller list's triples (distinct, sorted) that the other holds too. */
function sharedShare(a: Float64Array, b: Float64Array): number {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  if (small.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < small.length && j < large.length; ) {
    const x = small[i] ?? 0;
    const y = large[j] ?? 0;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / small.length;
}

/** One article as copies are looked for: its lead's content-term ids in order, the source line and opening that may name a wire. */
export interface CopyCandidate {
  source: string | null;
  opening: string;
  terms: readonly number[];
}

/**
 * Groups of articles carrying one text (two or more each). Every pair of the story is compared: a story has at
 * most a few dozen articles, so this stays small beside the grouping itself.
 */
export function findCopies(articles: readonly CopyCandidate[]): TextCopies[] {
  if (articles.length < 2) return [];
  const sets = articles.map((article) => shingles(article.terms));
  const parent = articles.map((_, index) => index);
  const root = (index: number): number => {
    let at = index;
    while (parent[at] !== at) at = parent[at] ?? at;
    return at;
  };
  for (let i = 0; i < articles.length; i++) {
    for (let j = i + 1; j < articles.length; j++) {
      if (sharedShare(sets[i] ?? new Float64Array(0), sets[j] ?? new Float64Array(0)) < COPY_SHARE) continue;
      const [a, b] = [root(i), root(j)];
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  articles.forEach((_, index) => {
    const group = groups.get(root(index)) ?? [];
    group.push(index);
    groups.set(root(index), group);
  });
  return [...groups.values()]
    .filter((members) => members.length > 1)
    .map((members) => {
      const named = members.map((index) => agencyOf(articles[index]?.source ?? null, articles[index]?.opening ?? '')).filter((name): name is string => name !== null);
      // The agency most copies name; a tie goes to the one named first in the story's order.
      const votes = new Map<string, number>();
      for (const name of named) votes.set(name, (votes.get(name) ?? 0) + 1);
      let agency: string | null = null;
      for (const [name, count] of votes) if (agency === null || count > (votes.get(agency) ?? 0)) agency = name;
      return { members, agency };
    });
}
