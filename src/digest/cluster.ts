/**
 * Groups articles that tell the same story. Each article becomes a TF-IDF vector; candidate pairs come from an
 * inverted index over each article's few most telling terms, so the work grows with the number of articles,
 * not with its square. Pairs above a cosine threshold are joined (union-find).
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
}

class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(item: number): number {
    let root = item;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    let cursor = item;
    while (this.parent[cursor] !== root) {
      const next = this.parent[cursor] ?? root;
      this.parent[cursor] = root;
      cursor = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
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

function buildVectors(documents: TermCounts[]): { vectors: WeightedVector[]; documentFrequency: Map<string, number> } {
  const documentFrequency = new Map<string, number>();
  for (const counts of documents) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const vectors = documents.map((counts) => {
    const weights = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = (1 + Math.log(count)) * inverseDocumentFrequency(documentFrequency.get(term) ?? 1, documents.length);
      weights.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of weights) weights.set(term, weight / norm);
    return { weights };
  });
  return { vectors, documentFrequency };
}

function cosine(a: WeightedVector, b: WeightedVector): number {
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small.weights) {
    const other = large.weights.get(term);
    if (other !== undefined) dot += weight * other;
  }
  return dot;
}

/** Returns groups of document indexes; each group is one story, members in input order. */
export function clusterDocuments(documents: TermCounts[], options: ClusterOptions = {}): number[][] {
  const threshold = options.threshold ?? 0.3;
  const signatureSize = options.signatureSize ?? 12;
  const maxPostingLength = options.maxPostingLength ?? 100;
  const { vectors, documentFrequency } = buildVectors(documents);

  const postings = new Map<string, number[]>();
  const signatures = vectors.map((vector, index) => {
    const signature = [...vector.weights.entries()]
      .filter(([term]) => (documentFrequency.get(term) ?? 0) > 1)
      .sort((a, b) => b[1] - a[1])
      .slice(0, signatureSize)
      .map(([term]) => term);
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

  const groups = new UnionFind(documents.length);
  const shared = new Map<number, number>();
  signatures.forEach((signature, index) => {
    shared.clear();
    for (const term of signature) {
      const list = postings.get(term);
      if (!list || list.length > maxPostingLength) continue;
      for (const other of list) if (other > index) shared.set(other, (shared.get(other) ?? 0) + 1);
    }
    const vector = vectors[index];
    if (!vector) return;
    for (const [other, count] of shared) {
      // One shared term is chance; a story shows in several of the heaviest terms at once.
      if (count < 2 || groups.find(index) === groups.find(other)) continue;
      const otherVector = vectors[other];
      if (otherVector && cosine(vector, otherVector) >= threshold) groups.union(index, other);
    }
  });

  const byRoot = new Map<number, number[]>();
  for (let index = 0; index < documents.length; index++) {
    const root = groups.find(index);
    const members = byRoot.get(root);
    if (members) members.push(index);
    else byRoot.set(root, [index]);
  }
  return [...byRoot.values()];
}
