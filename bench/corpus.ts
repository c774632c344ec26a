/**
 * The digest bench's corpus: real news text from ../shared/datasets/, turned into a feed where a
 * story is carried by 1-4 outlets, as in real feeds.
 *
 * Base stories: the 284 articles of the three data sets (CNN/DM detokenised, BBC with its title,
 * PolNeAR with its first line as the title).
 *
 * Derived stories, for sizes that need more stories than 284 (10,000 articles ≈ 4,000 stories):
 * composites of 4-6 paragraphs whose every sentence comes from a random base article of the same
 * data set, headed by their own first words, and recast with six invented protagonists (every
 * name-like word of the corpus becomes one of them) and shifted numbers. Any two stories share a
 * sentence or two at most, so clustering has real work to do and is not handed 284 giant clusters.
 * (Paragraph-level splicing was tried first: with ~18,000 paragraph uses over ~1,700 base
 * paragraphs, stories shared whole paragraphs and single-link clustering chained them together.)
 *
 * Outlet variants of one story: a different outlet name and headline wording, each later sentence
 * dropped with probability 0.15, adjacent sentences swapped within a paragraph with probability
 * 0.25, a few word substitutions (said→told reporters, about→around …), and publication times
 * spread over up to 24 hours. Everything is driven by a seeded generator, so a size always gets the
 * same corpus.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One base or derived story before outlets rewrite it. */
export interface BaseStory {
  key: string;
  title: string;
  paragraphs: string[][];
  dataset: string;
}

/** A JSON Lines record as src/content/jsonl-articles.ts reads it. */
export interface BenchRecord {
  id: string;
  title: string;
  text: string;
  source: string;
  url: string;
  published: string;
}

/** A generated corpus and the truth about it. */
export interface BenchCorpus {
  records: BenchRecord[];
  /** How many distinct stories the records tell (the ideal number of clusters). */
  stories: number;
  /** How many of those stories are derived (spliced and renamed) rather than base articles. */
  derivedStories: number;
  /** Story key of each record id. */
  storyOf: Map<string, string>;
}

/** A small, fast, seeded PRNG (mulberry32), so corpora are reproducible. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits a paragraph into sentences with a cheap rule; good enough for building the corpus. */
export function roughSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?]["”’']?)\s+(?=["“‘']?[A-Z0-9])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Undoes CNN/DM's PTB tokenisation ("team 's", "do n't", "`` quote ''"). */
export function detokenize(text: string): string {
  return text
    .replace(/ (['’](s|re|ve|ll|d|m)|n't)\b/giu, '$1')
    .replace(/`` ?/g, '“')
    .replace(/ ?''/g, '”')
    .replace(/ ([.,;:!?%)\]])/g, '$1')
    .replace(/([([$£]) /g, '$1')
    .replace(/ - /g, ' – ')
    .replace(/\s+/g, ' ')
    .trim();
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Reads the 284 base stories from the data sets directory. */
export function loadBaseStories(datasetsDir: string): BaseStory[] {
  const read = (file: string) =>
    readFileSync(path.join(datasetsDir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const stories: BaseStory[] = [];
  for (const r of read('cnndm_summeval_100.jsonl')) {
    const sentences = roughSentences(detokenize(String(r.article)));
    const title = (sentences[0] ?? '').split(' ').slice(0, 12).join(' ');
    stories.push({ key: `cnndm:${String(r.id)}`, title, paragraphs: chunk(sentences, 3), dataset: 'cnndm' });
  }
  for (const r of read('bbc_news_summary_100.jsonl')) {
    const paragraphs = String(r.article)
      .split(/\n\s*\n/)
      .map((p) => p.split('\n').map((s) => s.trim()).filter(Boolean))
      .filter((p) => p.length > 0);
    stories.push({ key: `bbc:${String(r.id)}`, title: String(r.title), paragraphs, dataset: 'bbc' });
  }
  for (const r of read('polnear_dev_attributions.jsonl')) {
    const [first, ...rest] = String(r.text).split(/\n\s*\n/);
    const paragraphs = rest.map((p) => roughSentences(p.replace(/\s+/g, ' ').trim())).filter((p) => p.length > 0);
    stories.push({ key: `polnear:${String(r.id)}`, title: (first ?? '').trim(), paragraphs, dataset: 'polnear' });
  }
  return stories.filter((s) => s.paragraphs.length > 0);
}

const OUTLETS = [
  'Reuters', 'Associated Press', 'BBC News', 'CNN', 'The Guardian', 'Al Jazeera', 'NPR', 'Politico', 'The Hill',
  'Bloomberg', 'Financial Times', 'The Washington Post', 'The New York Times', 'Sky News', 'France 24', 'Deutsche Welle',
  'ABC News', 'CBS News', 'NBC News', 'The Independent', 'The Telegraph', 'Axios', 'Euronews', 'CRBC News',
];

const SUBSTITUTIONS: [RegExp, string][] = [
  [/\bsaid\b/, 'told reporters'],
  [/\babout\b/, 'around'],
  [/\bbig\b/, 'large'],
  [/\bannounced\b/, 'unveiled'],
  [/\bpeople\b/, 'individuals'],
  [/\bhowever\b/, 'though'],
  [/\balso\b/, 'additionally'],
  [/\bshowed\b/, 'revealed'],
  [/\bbegan\b/, 'started'],
  [/\bhelp\b/, 'assist'],
];

const SYLLABLES = 'ka lo mi ren dor vic sa tel bri nov gar zel ost qui har len mar pet rus ton bel cor dav fen gil hol jor kes lin mon nar pol rad sen tav ul var wes yor zan'.split(' ');

const KEEP_CAPITALISED = new Set(
  'The A An In On At For But And Or If When While After Before As It He She They We I His Her Their This That These Those There Here Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December'.split(
    ' ',
  ),
);

function inventName(random: () => number): string {
  const parts = 2 + Math.floor(random() * 2);
  let name = '';
  for (let i = 0; i < parts; i++) name += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
  return name[0]!.toUpperCase() + name.slice(1);
}

/** Words capitalised somewhere mid-sentence in the base stories: names of people, places, firms. */
function nameLikeWords(base: readonly BaseStory[]): Set<string> {
  const names = new Set<string>();
  for (const story of base) {
    for (const sentences of story.paragraphs) {
      for (const sentence of sentences) {
        for (const match of sentence.matchAll(/(?<=[^.!?\s]\s+)\b[A-Z][a-z]{2,}\b/gu)) {
          if (!KEEP_CAPITALISED.has(match[0])) names.add(match[0]);
        }
      }
    }
  }
  return names;
}

/**
 * Gives a derived story its own cast: every name-like word becomes one of six invented names,
 * chosen by the word, so the story keeps repeating its protagonists as real stories do; numbers
 * are shifted.
 */
function recastEntities(paragraphs: string[][], names: ReadonlySet<string>, random: () => number): string[][] {
  const cast = Array.from({ length: 6 }, () => inventName(random));
  const numberShift = 1 + Math.floor(random() * 9);
  const rename = (word: string): string => {
    if (!names.has(word)) return word;
    let hash = 0;
    for (const ch of word) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return cast[hash % cast.length]!;
  };
  return paragraphs.map((sentences) =>
    sentences.map((sentence) => sentence.replace(/\b[A-Z][a-z]{2,}\b/gu, rename).replace(/\b\d+\b/g, (n) => String(Number(n) + numberShift))),
  );
}

/**
 * A composite story of 4-6 paragraphs of 2-3 sentences, every sentence drawn from a random base
 * article of the same data set, then recast. Any two stories share a sentence or two at most, so
 * its outlets' copies are far closer to each other than to anything else, as a distinct story's
 * should be.
 */
function deriveStory(base: readonly BaseStory[], names: ReadonlySet<string>, index: number, random: () => number): BaseStory {
  const dataset = base[Math.floor(random() * base.length)]!.dataset;
  const donors = base.filter((s) => s.dataset === dataset);
  const pick = (): string => {
    const donor = donors[Math.floor(random() * donors.length)]!;
    const paragraph = donor.paragraphs[Math.floor(random() * donor.paragraphs.length)]!;
    return paragraph[Math.floor(random() * paragraph.length)]!;
  };
  const paragraphCount = 4 + Math.floor(random() * 3);
  const spliced = Array.from({ length: paragraphCount }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, pick));
  const paragraphs = recastEntities(spliced, names, random);
  // Headed by its own first words, like CNN/DM's untitled articles.
  const title = (paragraphs[0]?.[0] ?? '').split(' ').slice(0, 10).join(' ');
  return { key: `derived:${index}`, title, paragraphs, dataset };
}

function outletVariant(story: BaseStory, random: () => number): string[][] {
  return story.paragraphs
    .map((sentences, p) => {
      const kept = sentences.filter((_, s) => (p === 0 && s === 0) || random() >= 0.15);
      for (let s = 1; s + 1 < kept.length; s++) {
        if (random() < 0.25) [kept[s], kept[s + 1]] = [kept[s + 1]!, kept[s]!];
      }
      return kept.map((sentence) => {
        if (random() >= 0.2) return sentence;
        const [pattern, replacement] = SUBSTITUTIONS[Math.floor(random() * SUBSTITUTIONS.length)]!;
        return sentence.replace(pattern, replacement);
      });
    })
    .filter((sentences) => sentences.length > 0);
}

function headlineVariant(title: string, outlet: string, random: () => number): string {
  const r = random();
  if (r < 0.4) return title;
  if (r < 0.6) return `${title} – ${outlet}`;
  if (r < 0.8) return `Live: ${title}`;
  return title.replace(/\b(says|said)\b/, 'claims').replace(/^(\w+)/, '$1:');
}

/** Builds a corpus of exactly `size` articles from the base stories, deriving more stories as needed. */
export function buildBenchCorpus(base: readonly BaseStory[], size: number, now: Date, seed = 20251130): BenchCorpus {
  if (base.length < 2) throw new RangeError('the bench corpus needs at least two base stories');
  const random = createRandom(seed + size);
  const order = [...base];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const names = nameLikeWords(base);
  const records: BenchRecord[] = [];
  const storyOf = new Map<string, string>();
  let stories = 0;
  let derivedStories = 0;
  while (records.length < size) {
    const story = stories < order.length ? order[stories]! : deriveStory(order, names, stories, random);
    if (stories >= order.length) derivedStories++;
    stories++;
    const outlets = 1 + Math.floor(random() * 4);
    const storyTime = now.getTime() - (1 + random() * 18) * 3_600_000;
    const firstOutlet = Math.floor(random() * OUTLETS.length);
    for (let k = 0; k < outlets && records.length < size; k++) {
      const outlet = OUTLETS[(firstOutlet + k * 5) % OUTLETS.length]!;
      const published = new Date(Math.min(now.getTime() - 60_000, storyTime + random() * 5 * 3_600_000));
      const id = `${outlet.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${stories}-${k}`;
      const paragraphs = outletVariant(story, random);
      records.push({
        id,
        title: headlineVariant(story.title, outlet, random),
        text: paragraphs.map((sentences) => sentences.join(' ')).join('\n\n'),
        source: outlet,
        url: `https://news.example/${id}`,
        published: published.toISOString(),
      });
      storyOf.set(id, story.key);
    }
  }
  return { records, stories, derivedStories, storyOf };
}

/** Pairwise precision and recall of a clustering: over article pairs, found-together vs truly-together. */
export function pairwiseAgreement(found: string[][], truth: Map<string, string>): { precision: number; recall: number } {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const cells = new Map<string, number>();
  const trueSizes = new Map<string, number>();
  let foundPairs = 0;
  for (const [i, cluster] of found.entries()) {
    foundPairs += pairs(cluster.length);
    for (const id of cluster) {
      const story = truth.get(id) ?? `unknown:${id}`;
      cells.set(`${i}\u0000${story}`, (cells.get(`${i}\u0000${story}`) ?? 0) + 1);
      trueSizes.set(story, (trueSizes.get(story) ?? 0) + 1);
    }
  }
  let together = 0;
  for (const n of cells.values()) together += pairs(n);
  let truePairs = 0;
  for (const n of trueSizes.values()) truePairs += pairs(n);
  return { precision: foundPairs === 0 ? 1 : together / foundPairs, recall: truePairs === 0 ? 1 : together / truePairs };
}

/** B-cubed precision, recall and F1 of a clustering (each article scored on its own cluster and story, then averaged). */
export function bcubed(found: string[][], truth: Map<string, string>): { precision: number; recall: number; f1: number } {
  const storyOf = (id: string) => truth.get(id) ?? `unknown:${id}`;
  const trueSizes = new Map<string, number>();
  for (const cluster of found) for (const id of cluster) trueSizes.set(storyOf(id), (trueSizes.get(storyOf(id)) ?? 0) + 1);
  let precision = 0;
  let recall = 0;
  let articles = 0;
  for (const cluster of found) {
    const cells = new Map<string, number>();
    for (const id of cluster) cells.set(storyOf(id), (cells.get(storyOf(id)) ?? 0) + 1);
    for (const [story, n] of cells) {
      precision += (n * n) / cluster.length;
      recall += (n * n) / (trueSizes.get(story) ?? n);
    }
    articles += cluster.length;
  }
  if (articles === 0) return { precision: 1, recall: 1, f1: 1 };
  const p = precision / articles;
  const r = recall / articles;
  return { precision: p, recall: r, f1: (2 * p * r) / (p + r) };
}

/**
 * Spreads a corpus's stories over a period, one random day and hour per story (its outlets keep their offsets
 * from one another), so they can stand beside real reports of that period.
 */
export function spreadOverPeriod(corpus: BenchCorpus, from: Date, until: Date, seed = 20250101): BenchRecord[] {
  const random = createRandom(seed);
  const shift = new Map<string, number>();
  const span = until.getTime() - from.getTime();
  return corpus.records.map((record) => {
    const story = corpus.storyOf.get(record.id) ?? record.id;
    let offset = shift.get(story);
    if (offset === undefined) {
      offset = from.getTime() + random() * span - Date.parse(record.published);
      shift.set(story, offset);
    }
    return { ...record, published: new Date(Date.parse(record.published) + offset).toISOString() };
  });
}
