/**
 * Groups articles that tell the same story. Each article becomes a TF-IDF vector; candidate pairs come from an
 * inverted index over each article's few most telling terms, so the work grows with the number of articles,
 * not with its square.
 */

/** Terms of one article, with counts; title terms count double. */
export type TermCounts = Map<string, number>;

export interface ClusterOptions {
  /** Cosine similarity needed to join two articles. */
  threshold?: number;
  /** How many of an article's heaviest terms go into the candidate index. */
  signatureSize?: number;
  /** Terms shared by more articles than this are too common to suggest a pair. */
  maxPostingLength?: number;
  /** How many candidate stories (those sharing most heavy terms) an article is compared with in full. */
  maxCandidates?: number;
}

interface WeightedVector {
  weights: Map<string, number>;
}

/**
 * A smoothed IDF: a small collection behaves as if it sat in a larger one, so two articles alone still compare
 * on their shared vocabulary instead of every shared word weighing zero.
 */
function inverseDocumentFrequency(documentFrequency: number, documents: number): number {
  return Math.log((documents + 50) / (documentFrequency + 1));
}

/** Terms kept per article vector: the heaviest carry nearly all of the cosine, and the rest only cost time. */
const VECTOR_TERMS = 64;

function buildVectors(documents: TermCounts[]): { vectors: WeightedVector[]; documentFrequency: Map<string, number> } {
  const documentFrequency = new Map<string, number>();
  for (const counts of documents) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const vectors = documents.map((counts) => {
    const all: Array<[string, number]> = [];
    for (const [term, count] of counts) {
      all.push([term, (1 + Math.log(count)) * inverseDocumentFrequency(documentFrequency.get(term) ?? 1, documents.length)]);
    }
    const kept = all.length > VECTOR_TERMS ? all.sort((a, b) => b[1] - a[1]).slice(0, VECTOR_TERMS) : all;
    let norm = 0;
    for (const [, weight] of kept) norm += weight * weight;
    norm = Math.sqrt(norm) || 1;
    const weights = new Map<string, number>();
    for (const [term, weight] of kept) weights.set(term, weight / norm);
    return { weights };
  });
  return { vectors, documentFrequency };
}

/** The `count` heaviest terms that pass `keep`, heaviest first, without sorting the whole vector. */
function heaviestTerms(vector: WeightedVector, count: number, keep: (term: string) => boolean): string[] {
  const terms: string[] = [];
  const weights: number[] = [];
  for (const [term, weight] of vector.weights) {
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

interface Cluster {
  centroid: Map<string, number>;
  normSquared: number;
  members: number[];
}

function similarityToCluster(vector: WeightedVector, cluster: Cluster): number {
  let dot = 0;
  for (const [term, weight] of vector.weights) {
    const other = cluster.centroid.get(term);
    if (other !== undefined) dot += weight * other;
  }
  return cluster.normSquared > 0 ? dot / Math.sqrt(cluster.normSquared) : 0;
}

function addToCluster(cluster: Cluster, vector: WeightedVector, index: number): void {
  for (const [term, weight] of vector.weights) {
    const before = cluster.centroid.get(term) ?? 0;
    const after = before + weight;
    cluster.centroid.set(term, after);
    cluster.normSquared += after * after - before * before;
  }
  cluster.members.push(index);
}

/**
 * Returns groups of document indexes; each group is one story, members in input order. Documents are taken in
 * input order (callers pass them oldest first, as a feed arrives) and each joins the most similar story so far
 * when its similarity to that story's centroid passes the threshold. Comparing with centroids, not with single
 * members, keeps a follow-up that shares half its text with two stories from chaining them into one.
 */
export function clusterDocuments(documents: TermCounts[], options: ClusterOptions = {}): number[][] {
  const threshold = options.threshold ?? 0.65;
  const signatureSize = options.signatureSize ?? 12;
  const maxPostingLength = options.maxPostingLength ?? 100;
  const maxCandidates = options.maxCandidates ?? 8;
  const { vectors, documentFrequency } = buildVectors(documents);

  const postings = new Map<string, number[]>();
  const signatures = vectors.map((vector, index) => {
    const signature = heaviestTerms(vector, signatureSize, (term) => (documentFrequency.get(term) ?? 0) > 1);
    for (const term of signature) {
      let list = postings.get(term);
      if (!list) {
        list = [];
        postings.set(term, list);
      }
      list.push(index);
    }
    return signature;
  });

  const clusterOf = new Int32Array(documents.length).fill(-1);
  const clusters: Cluster[] = [];
  // Shared-term counts per candidate story, in a typed array reset through the list of stories touched.
  const sharedTerms = new Int32Array(documents.length);
  const touched: number[] = [];
  signatures.forEach((signature, index) => {
    const vector = vectors[index];
    if (!vector) return;
    touched.length = 0;
    for (const term of signature) {
      const list = postings.get(term);
      if (!list || list.length > maxPostingLength) continue;
      for (const other of list) {
        if (other >= index) break; // postings are in document order; later documents have no story yet
        const cluster = clusterOf[other] ?? -1;
        if (cluster < 0) continue;
        if (sharedTerms[cluster] === 0) touched.push(cluster);
        sharedTerms[cluster] = (sharedTerms[cluster] ?? 0) + 1;
      }
    }
    // One shared term is chance; a story shows in several of the heaviest terms at once. Only the stories
    // sharing the most are compared in full, which keeps the work per article bounded as the feed grows.
    const candidates = touched.filter((candidate) => (sharedTerms[candidate] ?? 0) >= 2);
    if (candidates.length > maxCandidates) candidates.sort((a, b) => (sharedTerms[b] ?? 0) - (sharedTerms[a] ?? 0)).length = maxCandidates;
    for (const candidate of touched) sharedTerms[candidate] = 0;
    let best = -1;
    let bestSimilarity = threshold;
    for (const candidate of candidates) {
      const cluster = clusters[candidate];
      if (!cluster) continue;
      const similarity = similarityToCluster(vector, cluster);
      if (similarity >= bestSimilarity) {
        best = candidate;
        bestSimilarity = similarity;
      }
    }
    if (best < 0) {
      best = clusters.length;
      clusters.push({ centroid: new Map(), normSquared: 0, members: [] });
    }
    const target = clusters[best];
    if (target) addToCluster(target, vector, index);
    clusterOf[index] = best;
  });

  return clusters.map((cluster) => cluster.members);
}
