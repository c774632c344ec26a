/**
 * Groups articles that tell the same story. Each article becomes a TF-IDF vector; candidate pairs come from an
 * inverted index over each article's few most telling terms, so the work grows with the number of articles,
 * not with its square.
 */
/**
 * A smoothed IDF: a small collection behaves as if it sat in a larger one, so two articles alone still compare
 * on their shared vocabulary instead of every shared word weighing zero.
 */
function inverseDocumentFrequency(documentFrequency, documents) {
    return Math.log((documents + 50) / (documentFrequency + 1));
}
/** Terms kept per article vector: the heaviest carry nearly all of the cosine, and the rest only cost time. */
const VECTOR_TERMS = 64;
/** Turns term counts into unit TF-IDF vectors, each cut to its VECTOR_TERMS heaviest terms. */
function buildVectors(documents) {
    let vocabularySize = 0;
    for (const { ids } of documents)
        for (const id of ids)
            if (id >= vocabularySize)
                vocabularySize = id + 1;
    const documentFrequency = new Int32Array(vocabularySize);
    for (const { ids } of documents)
        for (const id of ids)
            documentFrequency[id] = (documentFrequency[id] ?? 0) + 1;
    const vectors = documents.map(({ ids, counts }) => {
        const all = new Float64Array(ids.length);
        for (let i = 0; i < ids.length; i++) {
            all[i] = (1 + Math.log(counts[i] ?? 1)) * inverseDocumentFrequency(documentFrequency[ids[i] ?? 0] ?? 1, documents.length);
        }
        // Keep the VECTOR_TERMS heaviest; on a tie at the cut, the earlier term (as the counts list them) stays.
        const cut = all.length > VECTOR_TERMS ? Float64Array.from(all).sort()[all.length - VECTOR_TERMS] ?? 0 : -Infinity;
        let above = 0;
        for (const weight of all)
            if (weight > cut)
                above++;
        let tiesLeft = Math.min(all.length, VECTOR_TERMS) - above;
        const keptIds = new Int32Array(Math.min(all.length, VECTOR_TERMS));
        const keptWeights = new Float64Array(keptIds.length);
        let kept = 0;
        let norm = 0;
        for (let i = 0; i < all.length; i++) {
            const weight = all[i] ?? 0;
            if (weight < cut || (weight === cut && tiesLeft-- <= 0))
                continue;
            keptIds[kept] = ids[i] ?? 0;
            keptWeights[kept] = weight;
            norm += weight * weight;
            kept++;
        }
        norm = Math.sqrt(norm) || 1;
        for (let i = 0; i < kept; i++)
            keptWeights[i] = (keptWeights[i] ?? 0) / norm;
        return { ids: keptIds, weights: keptWeights };
    });
    return { vectors, documentFrequency };
}
/** The `count` heaviest terms that pass `keep`, heaviest first, without sorting the whole vector. */
function heaviestTerms(vector, count, keep) {
    const terms = [];
    const weights = [];
    for (let i = 0; i < vector.ids.length; i++) {
        const term = vector.ids[i] ?? 0;
        const weight = vector.weights[i] ?? 0;
        if (terms.length === count && weight <= (weights[count - 1] ?? 0))
            continue;
        if (!keep(term))
            continue;
        let at = terms.length;
        while (at > 0 && (weights[at - 1] ?? 0) < weight)
            at--;
        terms.splice(at, 0, term);
        weights.splice(at, 0, weight);
        if (terms.length > count) {
            terms.pop();
            weights.pop();
        }
    }
    return terms;
}
function similarityToCluster(vector, cluster) {
    let dot = 0;
    for (let i = 0; i < vector.ids.length; i++) {
        const other = cluster.centroid.get(vector.ids[i] ?? 0);
        if (other !== undefined)
            dot += (vector.weights[i] ?? 0) * other;
    }
    return cluster.normSquared > 0 ? dot / Math.sqrt(cluster.normSquared) : 0;
}
function addToCluster(cluster, vector, index) {
    for (let i = 0; i < vector.ids.length; i++) {
        const term = vector.ids[i] ?? 0;
        const before = cluster.centroid.get(term) ?? 0;
        const after = before + (vector.weights[i] ?? 0);
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
export function clusterDocuments(documents, options = {}) {
    const threshold = options.threshold ?? 0.65;
    const signatureSize = options.signatureSize ?? 12;
    const maxPostingLength = options.maxPostingLength ?? 100;
    const maxCandidates = options.maxCandidates ?? 8;
    const { vectors, documentFrequency } = buildVectors(documents);
    const postings = new Map();
    const signatures = vectors.map((vector, index) => {
        const signature = heaviestTerms(vector, signatureSize, (term) => (documentFrequency[term] ?? 0) > 1);
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
    const clusters = [];
    // Shared-term counts per candidate story, in a typed array reset through the list of stories touched.
    const sharedTerms = new Int32Array(documents.length);
    const touched = [];
    signatures.forEach((signature, index) => {
        const vector = vectors[index];
        if (!vector)
            return;
        touched.length = 0;
        for (const term of signature) {
            const list = postings.get(term);
            if (!list || list.length > maxPostingLength)
                continue;
            for (const other of list) {
                if (other >= index)
                    break; // postings are in document order; later documents have no story yet
                const cluster = clusterOf[other] ?? -1;
                if (cluster < 0)
                    continue;
                if (sharedTerms[cluster] === 0)
                    touched.push(cluster);
                sharedTerms[cluster] = (sharedTerms[cluster] ?? 0) + 1;
            }
        }
        // One shared term is chance; a story shows in several of the heaviest terms at once. Only the stories
        // sharing the most are compared in full, which keeps the work per article bounded as the feed grows.
        const candidates = touched.filter((candidate) => (sharedTerms[candidate] ?? 0) >= 2);
        if (candidates.length > maxCandidates)
            candidates.sort((a, b) => (sharedTerms[b] ?? 0) - (sharedTerms[a] ?? 0)).length = maxCandidates;
        for (const candidate of touched)
            sharedTerms[candidate] = 0;
        let best = -1;
        let bestSimilarity = threshold;
        for (const candidate of candidates) {
            const cluster = clusters[candidate];
            if (!cluster)
                continue;
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
        if (target)
            addToCluster(target, vector, index);
        clusterOf[index] = best;
    });
    return clusters.map((cluster) => cluster.members);
}
//# sourceMappingURL=cluster.js.map