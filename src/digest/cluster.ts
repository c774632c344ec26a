/**
 * Groups articles that tell the same event. Separately written reports of one event share its actors, places and
 * time far more than their wording, so two articles are linked on their TF-IDF cosine and the overlap of the
 * names in their title and lead, within a few days of each other, unless each one's main name is missing from
 * the other (two finals of one tournament). Candidate pairs come from an inverted index over each article's
 * most telling terms and lead names, so the work grows with the number of articles, not with its square.
 */

/** Terms of one article as dense ids (0 … vocabulary size - 1) with their counts; title terms count double. */
export interface TermCounts {
  ids: Int32Array;
  counts: Float64Array;
}

/** What grouping reads of one article. */
export interface GroupingDocument {
  /** Terms of the whole text; title terms count double. */
  terms: TermCounts;
  /** Term ids of the capitalised words of the title and lead, one per occurrence. */
  leadNames: readonly number[];
  /** Term ids of the capitalised words of the whole text, one per occurrence. */
  names: readonly number[];
  /** Publication time in ms; null when unknown (then time never keeps two articles apart). */
  time: number | null;
  /** A stable key (the article id) that breaks ties, so the result does not depend on input order. */
  key: string;
}

export interface ClusterOptions {
  /** Link score (half cosine, half lead-name overlap) needed to link two articles. */
  threshold?: number;
  /** Articles further apart than this in publication time are never linked, nor stories spread wider than it. */
  maxGapHours?: number;
  /** How many of an article's heaviest terms go into the candidate index. */
  signatureSize?: number;
  /** Terms shared by more articles than this are too common to suggest a pair. */
  maxPostingLength?: number;
  /** How many candidate articles (those sharing most heavy terms) an article is compared with in full. */
  maxCandidates?: number;
  /** Cosine below which two articles are not linked, however many names they share. */
  minCosine?: number;
  /** Mean link score over every pair across two stories (unscored pairs count 0) needed for them to join. */
  minMeanScore?: number;
  /** Link score needed between two stories for the later one to be taken as following the earlier one. */
  followThreshold?: number;
  /** How long after a story a follow-up may come. */
  followDays?: number;
}

/** Stories as groups of document indexes, and for each story the index of the earlier story it follows up, or null. */
export interface StoryGroups {
  groups: number[][];
  follows: (number | null)[];
}

/** A unit-length TF-IDF vector over dense term ids (ids and weights side by side). */
interface WeightedVector {
  ids: Int32Array;
  weights: Float64Array;
}

/**
 * A smoothed IDF: a small collection behaves as if it sat in a larger one, so two articles alone still compare
 * on their shared vocabulary instead of every shared word weighing zero.
 */
function inverseDocumentFrequency(documentFrequency: number, documents: number): number {
  return Math.log((documents + 50) / (documentFrequency + 1));
}

/** 1 + the natural log of each whole count below LOG_TABLE_SIZE (a term's count in one article rarely passes it). */
const LOG_TABLE_SIZE = 256;
const onePlusLog = Float64Array.from({ length: LOG_TABLE_SIZE }, (_, count) => 1 + Math.log(count));

/** Terms kept per article vector: the heaviest carry nearly all of the cosine, and the rest only cost time. */
const VECTOR_TERMS = 64;

/** Turns term counts into unit TF-IDF vectors, each cut to its VECTOR_TERMS heaviest terms. */
function buildVectors(documents: readonly TermCounts[]): { vectors: WeightedVector[]; documentFrequency: Int32Array } {
  let vocabularySize = 0;
  for (const { ids } of documents) for (const id of ids) if (id >= vocabularySize) vocabularySize = id + 1;
  const documentFrequency = new Int32Array(vocabularySize);
  for (const { ids } of documents) for (const id of ids) documentFrequency[id] = (documentFrequency[id] ?? 0) + 1;

  // Each weight is read from tables: the IDF of every document frequency, and 1 + log of the small whole counts
  // most terms have (the same values the functions give; a log per term of every article was a third of grouping).
  const idfOfFrequency = new Float64Array(documents.length + 2);
  for (let frequency = 0; frequency < idfOfFrequency.length; frequency++) idfOfFrequency[frequency] = inverseDocumentFrequency(frequency, documents.length);
  // Scratch for one article's weights and their copy to select from: views of two buffers, not two arrays per article.
  const longest = documents.reduce((most, { ids }) => Math.max(most, ids.length), 0);
  const sorted = new Float64Array(longest);
  const weights = new Float64Array(longest);
  const vectors = documents.map(({ ids, counts }) => {
    const all = weights.subarray(0, ids.length);
    for (let i = 0; i < ids.length; i++) {
      const count = counts[i] ?? 1;
      const frequency = documentFrequency[ids[i] ?? 0] ?? 1;
      all[i] = (count < LOG_TABLE_SIZE && count === Math.floor(count) && count > 0 ? (onePlusLog[count] ?? 0) : 1 + Math.log(count)) * (idfOfFrequency[frequency] ?? 0);
    }
    // Keep the VECTOR_TERMS heaviest; on a tie at the cut, the earlier term (as the counts list them) stays.
    let cut = -Infinity;
    if (all.length > VECTOR_TERMS) {
      const copy = sorted.subarray(0, all.length);
      copy.set(all);
      cut = kthSmallest(copy, all.length - VECTOR_TERMS);
    }
    let above = 0;
    for (const weight of all) if (weight > cut) above++;
    let tiesLeft = Math.min(all.length, VECTOR_TERMS) - above;
    const keptIds = new Int32Array(Math.min(all.length, VECTOR_TERMS));
    const keptWeights = new Float64Array(keptIds.length);
    let kept = 0;
    let norm = 0;
    for (let i = 0; i < all.length; i++) {
      const weight = all[i] ?? 0;
      if (weight < cut || (weight === cut && tiesLeft-- <= 0)) continue;
      keptIds[kept] = ids[i] ?? 0;
      keptWeights[kept] = weight;
      norm += weight * weight;
      kept++;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < kept; i++) keptWeights[i] = (keptWeights[i] ?? 0) / norm;
    return { ids: keptIds, weights: keptWeights };
  });
  return { vectors, documentFrequency };
}

/**
 * The value that would stand at index `k` were `values` sorted (ascending), found by quickselect: the values are
 * reordered, not sorted (sorting every article's weights to find its cut took most of the vectors' time).
 */
function kthSmallest(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1] ?? 0;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i++;
      while ((values[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const swap = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] ?? 0;
}

/** The `count` heaviest terms that pass `keep`, heaviest first, without sorting the whole vector. */
function heaviestTerms(vector: WeightedVector, count: number, keep: (id: number) => boolean): number[] {
  const terms: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < vector.ids.length; i++) {
    const term = vector.ids[i] ?? 0;
    const weight = vector.weights[i] ?? 0;
    if (terms.length === count && weight <= (weights[count - 1] ?? 0)) continue;
    if (!keep(term)) continue;
    let at = terms.length;
    while (at > 0 && (weights[at - 1] ?? 0) < weight) at--;
    terms.splice(at, 0, term);
    weights.splice(at, 0, weight);
    if (terms.length > count) {
      terms.pop();
      weights.pop();
    }
  }
  return terms;
}

function hasId(sorted: Int32Array, id: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = sorted[mid] ?? 0;
    if (value === id) return true;
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** What is read once per article before any pair is compared. */
interface Profile {
  vector: WeightedVector;
  /**
   * The terms of the text that are some article's main name, sorted: all that is ever looked up in an article's
   * terms (sorting every term of every article cost more than the look-ups).
   */
  mainNamesHeld: Int32Array;
  /** Lead names with their IDF weights, and the sum of those weights. */
  leadNames: Map<number, number>;
  leadWeight: number;
  /**
   * The article's main names: the names mentioned most, weighted by how rare they are across the articles (all
   * of them on a tie, so that which one is kept never depends on the order terms were numbered in).
   */
  mainNames: number[];
}

function buildProfiles(documents: readonly GroupingDocument[], vectors: WeightedVector[], vocabularySize: number): Profile[] {
  // Names are term ids: counted in arrays indexed by id, each document's names in the order first met.
  let size = 0;
  for (const { names, leadNames } of documents) for (const list of [names, leadNames]) for (const id of list) if (id >= size) size = id + 1;
  const nameFrequency = new Int32Array(size);
  const lastDocument = new Int32Array(size);
  documents.forEach(({ names }, index) => {
    for (const id of names) {
      if (lastDocument[id] === index + 1) continue;
      lastDocument[id] = index + 1;
      nameFrequency[id] = (nameFrequency[id] ?? 0) + 1;
    }
  });
  const weightOfFrequency = new Float64Array(documents.length + 1);
  for (let frequency = 0; frequency <= documents.length; frequency++) weightOfFrequency[frequency] = inverseDocumentFrequency(frequency, documents.length);
  const nameWeight = (id: number) => weightOfFrequency[nameFrequency[id] ?? 0] ?? 0;
  const nameCount = new Int32Array(size);
  const met: number[] = [];
  const profiles = documents.map((document, index): Profile => {
    const leadNames = new Map<number, number>();
    let leadWeight = 0;
    for (const id of document.leadNames) {
      if (leadNames.has(id)) continue;
      const weight = nameWeight(id);
      leadNames.set(id, weight);
      leadWeight += weight;
    }
    met.length = 0;
    for (const id of document.names) {
      if (nameCount[id] === 0) met.push(id);
      nameCount[id] = (nameCount[id] ?? 0) + 1;
    }
    let best = 0;
    let mainNames: number[] = [];
    for (const id of met) {
      const score = (nameCount[id] ?? 0) * nameWeight(id);
      nameCount[id] = 0;
      if (score > best + 1e-9) {
        best = score;
        mainNames = [id];
      } else if (Math.abs(score - best) <= 1e-9) mainNames.push(id);
    }
    return { vector: vectors[index] ?? { ids: new Int32Array(0), weights: new Float64Array(0) }, mainNamesHeld: new Int32Array(0), leadNames, leadWeight, mainNames };
  });
  const isMainName = new Uint8Array(Math.max(size, vocabularySize));
  for (const profile of profiles) for (const id of profile.mainNames) isMainName[id] = 1;
  profiles.forEach((profile, index) => {
    const held: number[] = [];
    for (const id of documents[index]?.terms.ids ?? []) if (isMainName[id] === 1) held.push(id);
    profile.mainNamesHeld = Int32Array.from(held).sort();
  });
  return profiles;
}

/** Share of the lighter side's lead-name weight that both articles name. */
function leadNameOverlap(a: Profile, b: Profile): number {
  if (a.leadWeight === 0 || b.leadWeight === 0) return 0;
  const [small, large] = a.leadNames.size <= b.leadNames.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [id, weight] of small.leadNames) if (large.leadNames.has(id)) shared += weight;
  return shared / Math.min(a.leadWeight, b.leadWeight);
}

/** True when neither article mentions the other's main name anywhere: their stories are about different people or places. */
function mainNamesDisagree(a: Profile, b: Profile): boolean {
  if (a.mainNames.length === 0 || b.mainNames.length === 0) return false;
  return !a.mainNames.some((id) => hasId(b.mainNamesHeld, id)) && !b.mainNames.some((id) => hasId(a.mainNamesHeld, id));
}

const hourMs = 60 * 60 * 1000;

/** Finds the root of a union-find set, halving the path as it goes. */
function findRoot(parent: Int32Array, index: number): number {
  let at = index;
  while ((parent[at] ?? at) !== at) {
    const up = parent[at] ?? at;
    parent[at] = parent[up] ?? up;
    at = up;
  }
  return at;
}

/**
 * Returns groups of document indexes; each group is one story, members in input order, groups in the order of
 * their first member. Links are scored for candidate pairs only and applied strongest first (ties by key), a
 * union-find joining two stories unless that would spread one story wider in time than `maxGapHours` or their
 * articles are not close on average (`minMeanScore`). Which documents share a story does not depend on the order
 * they come in.
 */
export function clusterDocuments(documents: readonly GroupingDocument[], options: ClusterOptions = {}): number[][] {
  return groupStories(documents, options).groups;
}

/**
 * Groups as clusterDocuments does, and links follow-ups: a story whose articles are strongly linked to an earlier
 * story's (the same people and places, the same topic) but came too late, or about other main names, to be the
 * same event. Each story follows the earlier story it is most strongly linked to, if any.
 */
export function groupStories(documents: readonly GroupingDocument[], options: ClusterOptions = {}): StoryGroups {
  const threshold = options.threshold ?? 0.2;
  const maxGapMs = (options.maxGapHours ?? 72) * hourMs;
  const signatureSize = options.signatureSize ?? 12;
  const maxPostingLength = options.maxPostingLength ?? 100;
  const maxCandidates = options.maxCandidates ?? 12;
  const { vectors, documentFrequency } = buildVectors(documents.map((document) => document.terms));
  const profiles = buildProfiles(documents, vectors, documentFrequency.length);
  const count = documents.length;

  // Posting lists by term id, and the terms that have one in the order they were first met.
  const postings: (number[] | undefined)[] = [];
  const postedTerms: number[] = [];
  profiles.forEach((profile, index) => {
    const signature = new Set(heaviestTerms(profile.vector, signatureSize, (term) => (documentFrequency[term] ?? 0) > 1));
    for (const id of profile.leadNames.keys()) if ((documentFrequency[id] ?? 0) > 1) signature.add(id);
    for (const term of signature) {
      let list = postings[term];
      if (!list) {
        list = [];
        postings[term] = list;
        postedTerms.push(term);
      }
      list.push(index);
    }
  });
  const signatures: number[][] = Array.from({ length: count }, () => []);
  for (const term of postedTerms) {
    const list = postings[term] ?? [];
    // A term in more articles than this says little about which event an article reports.
    if (list.length > maxPostingLength) continue;
    for (const index of list) signatures[index]?.push(term);
  }

  // Candidate pairs: each article's articles sharing most signature terms (two at least), ties by key, so a pair
  // is chosen the same way whatever the input order.
  const pairsOf: number[][] = Array.from({ length: count }, () => []);
  const shared = new Int32Array(count);
  const touched: number[] = [];
  // Ties are broken by key; ranks of the keys make that a comparison of numbers.
  const rank = new Int32Array(count);
  Array.from({ length: count }, (_, index) => index)
    .sort((a, b) => {
      const [keyA, keyB] = [documents[a]?.key ?? '', documents[b]?.key ?? ''];
      return keyA < keyB ? -1 : keyA > keyB ? 1 : a - b;
    })
    .forEach((index, position) => {
      rank[index] = position;
    });
  // The best candidates so far, best first: kept by insertion, as only the first few of a long list are wanted.
  const best: number[] = [];
  /** Whether `a` shares more terms than `b`, or as many and its key comes first. */
  const ahead = (a: number, b: number) => (shared[a] ?? 0) > (shared[b] ?? 0) || ((shared[a] ?? 0) === (shared[b] ?? 0) && (rank[a] ?? 0) < (rank[b] ?? 0));
  for (let index = 0; index < count; index++) {
    touched.length = 0;
    for (const term of signatures[index] ?? []) {
      for (const other of postings[term] ?? []) {
        if (other === index) continue;
        if (shared[other] === 0) touched.push(other);
        shared[other] = (shared[other] ?? 0) + 1;
      }
    }
    best.length = 0;
    for (const other of touched) {
      if ((shared[other] ?? 0) < 2) continue;
      if (best.length === maxCandidates && !ahead(other, best[maxCandidates - 1] ?? 0)) continue;
      let at = best.length;
      while (at > 0 && ahead(other, best[at - 1] ?? 0)) at--;
      best.splice(at, 0, other);
      if (best.length > maxCandidates) best.pop();
    }
    for (const other of touched) shared[other] = 0;
    for (const other of best) pairsOf[Math.min(index, other)]?.push(Math.max(index, other));
  }

  const followThreshold = options.followThreshold ?? 0.25;
  const minMeanScore = options.minMeanScore ?? 0.1;
  const minCosine = options.minCosine ?? 0.15;
  const followMs = (options.followDays ?? 30) * 24 * hourMs;
  const edges: { a: number; b: number; score: number }[] = [];
  const related: { a: number; b: number; score: number }[] = [];
  /** For each article, the articles it may join and their scores, side by side (partner, score, partner, …). */
  const scored: number[][] = Array.from({ length: count }, () => []);
  const dense = new Float64Array(documentFrequency.length);
  for (let index = 0; index < count; index++) {
    const partners = [...new Set(pairsOf[index] ?? [])];
    const profile = profiles[index];
    if (!profile || partners.length === 0) continue;
    const { ids, weights } = profile.vector;
    for (let i = 0; i < ids.length; i++) dense[ids[i] ?? 0] = weights[i] ?? 0;
    const time = documents[index]?.time ?? null;
    for (const other of partners) {
      const otherTime = documents[other]?.time ?? null;
      const gap = time !== null && otherTime !== null ? Math.abs(time - otherTime) : 0;
      const otherProfile = profiles[other];
      if (!otherProfile || gap > followMs) continue;
      let cosine = 0;
      for (let i = 0; i < otherProfile.vector.ids.length; i++) cosine += (otherProfile.vector.weights[i] ?? 0) * (dense[otherProfile.vector.ids[i] ?? 0] ?? 0);
      const score = cosine < minCosine ? 0 : 0.5 * cosine + 0.5 * leadNameOverlap(profile, otherProfile);
      if (score >= followThreshold) related.push({ a: index, b: other, score });
      if (gap > maxGapMs || mainNamesDisagree(profile, otherProfile)) continue;
      scored[index]?.push(other, score);
      scored[other]?.push(index, score);
      if (score >= threshold) edges.push({ a: index, b: other, score });
    }
    for (let i = 0; i < ids.length; i++) dense[ids[i] ?? 0] = 0;
  }
  /** Orders pairs of equal score by their keys' ranks, lower rank first. */
  const byPairRank = (x: { a: number; b: number }, y: { a: number; b: number }) => {
    const [x1, x2] = [rank[x.a] ?? 0, rank[x.b] ?? 0].sort((p, q) => p - q) as [number, number];
    const [y1, y2] = [rank[y.a] ?? 0, rank[y.b] ?? 0].sort((p, q) => p - q) as [number, number];
    return x1 - y1 || x2 - y2;
  };
  edges.sort((x, y) => y.score - x.score || byPairRank(x, y));

  const parent = Int32Array.from({ length: count }, (_, index) => index);
  const earliest = documents.map((document) => document.time ?? Infinity);
  const latest = documents.map((document) => document.time ?? -Infinity);
  const members: number[][] = Array.from({ length: count }, (_, index) => [index]);
  /** The sum of the scores between `group`'s members and the members of the story rooted at `other`. */
  const scoreTo = (group: readonly number[], other: number) => {
    let sum = 0;
    for (const member of group) {
      const list = scored[member] ?? [];
      for (let i = 0; i < list.length; i += 2) if (findRoot(parent, list[i] ?? 0) === other) sum += list[i + 1] ?? 0;
    }
    return sum;
  };
  // Passes until nothing joins: a join refused early may be accepted once either side has grown.
  for (let changed = true; changed; ) {
    changed = false;
    for (const { a, b } of edges) {
      const rootA = findRoot(parent, a);
      const rootB = findRoot(parent, b);
      if (rootA === rootB) continue;
      const from = Math.min(earliest[rootA] ?? Infinity, earliest[rootB] ?? Infinity);
      const until = Math.max(latest[rootA] ?? -Infinity, latest[rootB] ?? -Infinity);
      // A chain of day-apart links would otherwise turn a week of one topic into one story.
      if (Number.isFinite(from) && Number.isFinite(until) && until - from > maxGapMs) continue;
      const [small, large] = (members[rootA]?.length ?? 0) <= (members[rootB]?.length ?? 0) ? [rootA, rootB] : [rootB, rootA];
      const smallMembers = members[small] ?? [];
      // One link between two stories is a chain, not a story: on a busy day a report of a ceasefire Trump announced
      // would otherwise join the tariff story to the Kashmir one. The two must be close on average (average link).
      if (scoreTo(smallMembers, large) < minMeanScore * smallMembers.length * (members[large]?.length ?? 0)) continue;
      parent[small] = large;
      members[large]?.push(...smallMembers);
      members[small] = [];
      earliest[large] = from;
      latest[large] = until;
      changed = true;
    }
  }

  const groups = new Map<number, number[]>();
  for (let index = 0; index < count; index++) {
    const root = findRoot(parent, index);
    let group = groups.get(root);
    if (!group) {
      group = [];
      groups.set(root, group);
    }
    group.push(index);
  }
  const list = [...groups.values()];
  const groupOf = new Int32Array(count);
  list.forEach((members, group) => {
    for (const index of members) groupOf[index] = group;
  });
  const start = list.map((members) => Math.min(...members.map((index) => documents[index]?.time ?? Infinity)));
  const startRank = list.map((members) => Math.min(...members.map((index) => rank[index] ?? 0)));
  /** True when group `a` began before group `b` (by time, then by its first key). */
  const before = (a: number, b: number) => (start[a] ?? 0) < (start[b] ?? 0) || ((start[a] ?? 0) === (start[b] ?? 0) && (startRank[a] ?? 0) < (startRank[b] ?? 0));
  const follows: (number | null)[] = list.map(() => null);
  related.sort((x, y) => y.score - x.score || byPairRank(x, y));
  for (const { a, b } of related) {
    const [groupA, groupB] = [groupOf[a] ?? 0, groupOf[b] ?? 0];
    if (groupA === groupB) continue;
    const [earlier, later] = before(groupA, groupB) ? [groupA, groupB] : [groupB, groupA];
    // Stories that begin together are two sides of one day's news, not one following the other.
    if ((start[later] ?? 0) <= (start[earlier] ?? 0)) continue;
    if (follows[later] === null) follows[later] = earlier;
  }
  return { groups: list, follows };
}
