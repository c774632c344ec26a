/**
 * `npm run eval -- stories DIR`: groups a labelled folder of articles (the gold.json format of news-stories-dev)
 * with the digest's own grouping and scores it: B-cubed and pairwise precision/recall/F1, the multi-outlet
 * stories grouped whole, near-miss and follow-up merges, on the whole set and on each half of its stories.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseArticleFile } from '../content/parse-article.js';
import { buildDigest } from '../digest/build-digest.js';
import type { ClusterOptions } from '../digest/cluster.js';
import type { Article, Story } from '../digest/types.js';
import { EvalInputError, type RecordProblem } from './records.js';

const goldSchema = z.object({
  articles: z.record(z.string(), z.object({ story: z.string().min(1), near_copy_of: z.string().nullable().optional() })),
  stories: z.record(z.string(), z.object({ follows: z.string().nullable().optional(), near_miss_of: z.string().nullable().optional() })),
});

/** A labelled folder: its articles, the gold story of each, and how the stories relate. */
export interface LabelledStories {
  articles: Article[];
  storyOf: Map<string, string>;
  /** Story ids in gold.json order (the halves are the odd and even positions). */
  storyIds: string[];
  nearMisses: [string, string][];
  followUps: [string, string][];
  /** Labelled copies: [copy, original] article ids. */
  copies: [string, string][];
}

/** Reads DIR/gold.json and every article it labels; a missing or bad file is an EvalInputError naming it. */
export async function loadLabelledStories(directory: string): Promise<LabelledStories> {
  const goldFile = path.join(directory, 'gold.json');
  let gold: z.infer<typeof goldSchema>;
  try {
    const parsed = goldSchema.safeParse(JSON.parse(await readFile(goldFile, 'utf8')));
    if (!parsed.success) throw new EvalInputError(goldFile, parsed.error.issues.map((issue) => ({ line: 0, message: `${goldFile}: ${issue.path.join('.')}: ${issue.message}` })));
    gold = parsed.data;
  } catch (error) {
    if (error instanceof EvalInputError) throw error;
    const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no gold.json in ${directory} (see ../shared/datasets/news-stories-dev/README.md)` : `${goldFile}: ${(error as Error).message}`;
    throw new EvalInputError(goldFile, [{ line: 0, message }]);
  }
  const problems: RecordProblem[] = [];
  const articles: Article[] = [];
  const storyOf = new Map<string, string>();
  for (const [file, label] of Object.entries(gold.articles)) {
    let text: string;
    try {
      text = await readFile(path.join(directory, file), 'utf8');
    } catch (error) {
      problems.push({ line: 0, message: `${file}: ${(error as Error).message}` });
      continue;
    }
    let parsed = parseArticleFile(file, text);
    // A page without a headline is still a report of its event: it is read with an empty title.
    const untitled = !parsed.ok && /^title:\s*""\s*$/m.test(text);
    if (untitled) parsed = parseArticleFile(file, text.replace(/^title:\s*""\s*$/m, 'title: "untitled"'));
    if (!parsed.ok) {
      problems.push({ line: 0, message: `${file}: ${parsed.message}` });
      continue;
    }
    articles.push(untitled ? { ...parsed.article, title: '' } : parsed.article);
    storyOf.set(parsed.article.id, label.story);
  }
  if (problems.length > 0) throw new EvalInputError(directory, problems);
  const storyIds = Object.keys(gold.stories);
  const relation = (field: 'follows' | 'near_miss_of') =>
    Object.entries(gold.stories).flatMap(([id, story]): [string, string][] => (story[field] ? [[id, story[field]]] : []));
  const copies = Object.entries(gold.articles).flatMap(([file, label]): [string, string][] => (label.near_copy_of ? [[file, label.near_copy_of]] : []));
  return { articles, storyOf, storyIds, nearMisses: relation('near_miss_of'), followUps: relation('follows'), copies };
}

/** Precision, recall and F1. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Scores of one grouping against the gold stories. */
export interface StoryScores {
  articles: number;
  goldStories: number;
  foundStories: number;
  bcubed: Prf;
  pairwise: Prf;
  /** Gold stories of 3 or more articles whose articles all sit in one found story (and how many such stories). */
  multiOutletWhole: number;
  multiOutletStories: number;
  /** Labelled near-miss / follow-up pairs of stories with articles in one found story. */
  nearMissMerged: [string, string][];
  nearMissPairs: number;
  followUpMerged: [string, string][];
  followUpPairs: number;
}

const prf = (precision: number, recall: number): Prf => ({ precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 });

/** Scores found groups (lists of article ids) against the gold labels. */
export function scoreStories(found: readonly string[][], storyOf: ReadonlyMap<string, string>, nearMisses: readonly [string, string][], followUps: readonly [string, string][]): StoryScores {
  const goldSize = new Map<string, number>();
  for (const group of found) for (const id of group) goldSize.set(storyOf.get(id) ?? id, (goldSize.get(storyOf.get(id) ?? id) ?? 0) + 1);
  let precision = 0;
  let recall = 0;
  let articles = 0;
  let pairsFound = 0;
  let pairsRight = 0;
  const storiesTogether = new Set<string>();
  for (const group of found) {
    const perStory = new Map<string, number>();
    for (const id of group) perStory.set(storyOf.get(id) ?? id, (perStory.get(storyOf.get(id) ?? id) ?? 0) + 1);
    for (const [story, count] of perStory) {
      precision += (count * count) / group.length;
      recall += (count * count) / (goldSize.get(story) ?? count);
      pairsRight += (count * (count - 1)) / 2;
    }
    articles += group.length;
    pairsFound += (group.length * (group.length - 1)) / 2;
    const stories = [...perStory.keys()];
    for (const a of stories) for (const b of stories) if (a !== b) storiesTogether.add(`${a}\n${b}`);
  }
  let pairsGold = 0;
  for (const size of goldSize.values()) pairsGold += (size * (size - 1)) / 2;
  const multi = [...goldSize].filter(([, size]) => size >= 3);
  const whole = multi.filter(([story, size]) => found.some((group) => group.filter((id) => (storyOf.get(id) ?? id) === story).length === size));
  const present = (pair: readonly [string, string]) => goldSize.has(pair[0]) && goldSize.has(pair[1]);
  const merged = (pairs: readonly [string, string][]) => pairs.filter(present).filter(([a, b]) => storiesTogether.has(`${a}\n${b}`));
  return {
    articles,
    goldStories: goldSize.size,
    foundStories: found.length,
    bcubed: prf(articles > 0 ? precision / articles : 0, articles > 0 ? recall / articles : 0),
    pairwise: prf(pairsFound > 0 ? pairsRight / pairsFound : 1, pairsGold > 0 ? pairsRight / pairsGold : 1),
    multiOutletWhole: whole.length,
    multiOutletStories: multi.length,
    nearMissMerged: merged(nearMisses),
    nearMissPairs: nearMisses.filter(present).length,
    followUpMerged: merged(followUps),
    followUpPairs: followUps.filter(present).length,
  };
}

/** The digest's stories for `articles` (every article in, whatever its date), and each as a list of article ids. */
export function groupArticles(articles: Article[], grouping?: ClusterOptions): { found: string[][]; stories: Story[] } {
  const byFile = new Map(articles.map((article) => [article.file, article.id]));
  const digest = buildDigest(articles, { now: new Date(8.64e15), since: new Date(-8.64e15), until: new Date(8.64e15), maxQuotes: 0, ...(grouping ? { grouping } : {}) });
  return { found: digest.stories.map((story) => story.sources.map((source) => byFile.get(source.file) ?? source.file)), stories: digest.stories };
}

/** How the found follow-up links and wire copies compare with the labels. */
export interface LinkScores {
  /** Labelled follow-ups whose story was found linked to the story it follows; links found; labelled. */
  followsRight: number;
  followsFound: number;
  followsLabelled: number;
  /** Labelled copy pairs found as one text; article pairs found as copies; labelled pairs. */
  copiesRight: number;
  copiesFound: number;
  copiesLabelled: number;
}

/** Scores the stories' `follows` links and syndication against gold (a story stands for the gold story most of its articles belong to). */
export function scoreLinks(stories: readonly Story[], labelled: LabelledStories): LinkScores {
  const byFile = new Map(labelled.articles.map((article) => [article.file, article.id]));
  const goldOfStory = new Map<string, string>();
  for (const story of stories) {
    const votes = new Map<string, number>();
    for (const source of story.sources) {
      const gold = labelled.storyOf.get(byFile.get(source.file) ?? source.file);
      if (gold) votes.set(gold, (votes.get(gold) ?? 0) + 1);
    }
    const top = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (top) goldOfStory.set(story.id, top[0]);
  }
  const labelledFollows = new Set(labelled.followUps.map(([later, earlier]) => `${later}\n${earlier}`));
  const links = stories.filter((story) => story.follows).map((story) => `${goldOfStory.get(story.id) ?? ''}\n${goldOfStory.get(story.follows ?? '') ?? ''}`);
  const copyPairs = new Set<string>();
  for (const story of stories) {
    for (const copy of story.syndication ?? []) {
      const ids = copy.files.map((file) => byFile.get(file) ?? file).sort();
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) copyPairs.add(`${ids[i]}\n${ids[j]}`);
    }
  }
  const labelledCopies = labelled.copies.map((pair) => [...pair].sort().join('\n'));
  return {
    followsRight: new Set(links.filter((link) => labelledFollows.has(link))).size,
    followsFound: links.length,
    followsLabelled: labelledFollows.size,
    copiesRight: labelledCopies.filter((pair) => copyPairs.has(pair)).length,
    copiesFound: copyPairs.size,
    copiesLabelled: labelledCopies.length,
  };
}

/** One split or merge, with the titles a reader checks it by. */
export interface GroupingError {
  kind: 'split' | 'merge';
  /** For a split, the gold story; for a merge, the gold stories joined. */
  stories: string[];
  /** Found groups involved, each as "file — title" lines. */
  groups: string[][];
}

/** Every gold story split over several found stories, and every found story joining several gold stories. */
export function listGroupingErrors(found: readonly string[][], labelled: LabelledStories): GroupingError[] {
  const byId = new Map(labelled.articles.map((article) => [article.id, article]));
  const line = (id: string) => `${byId.get(id)?.file ?? id} — ${byId.get(id)?.title || '(no title)'}`;
  const story = (id: string) => labelled.storyOf.get(id) ?? id;
  const errors: GroupingError[] = [];
  for (const goldStory of labelled.storyIds) {
    const parts = found.filter((group) => group.some((id) => story(id) === goldStory));
    if (parts.length > 1) errors.push({ kind: 'split', stories: [goldStory], groups: parts.map((group) => group.filter((id) => story(id) === goldStory).map(line)) });
  }
  for (const group of found) {
    const stories = [...new Set(group.map(story))];
    if (stories.length > 1) errors.push({ kind: 'merge', stories, groups: stories.map((s) => group.filter((id) => story(id) === s).map(line)) });
  }
  return errors;
}

/** The whole report: the set, then its odd and even halves (by story position in gold.json), each grouped on its own. */
export interface StoryReport {
  all: StoryScores;
  odd: StoryScores;
  even: StoryScores;
  links: LinkScores;
  errors: GroupingError[];
}

/** Groups and scores the set and each half. */
export function evaluateStories(labelled: LabelledStories, grouping?: ClusterOptions): StoryReport {
  const score = (articles: Article[]) => {
    const { found, stories } = groupArticles(articles, grouping);
    return { found, stories, scores: scoreStories(found, labelled.storyOf, labelled.nearMisses, labelled.followUps) };
  };
  const position = new Map(labelled.storyIds.map((id, index) => [id, index + 1]));
  const half = (parity: number) => labelled.articles.filter((article) => (position.get(labelled.storyOf.get(article.id) ?? '') ?? 0) % 2 === parity);
  const all = score(labelled.articles);
  return { all: all.scores, odd: score(half(1)).scores, even: score(half(0)).scores, links: scoreLinks(all.stories, labelled), errors: listGroupingErrors(all.found, labelled) };
}

const f2 = (value: number) => value.toFixed(3);

/** The report as aligned text. */
export function formatStoryReport(report: StoryReport, info: { directory: string; seconds: number }, withErrors: boolean): string {
  const row = (name: string, s: StoryScores) =>
    [
      name.padEnd(12),
      `${s.articles}`.padStart(8),
      `${s.goldStories}/${s.foundStories}`.padStart(12),
      `${f2(s.bcubed.precision)}/${f2(s.bcubed.recall)}/${f2(s.bcubed.f1)}`.padStart(20),
      `${f2(s.pairwise.precision)}/${f2(s.pairwise.recall)}/${f2(s.pairwise.f1)}`.padStart(20),
      `${s.multiOutletWhole}/${s.multiOutletStories}`.padStart(12),
      `${s.nearMissMerged.length}/${s.nearMissPairs}`.padStart(10),
      `${s.followUpMerged.length}/${s.followUpPairs}`.padStart(10),
    ].join('  ');
  const lines = [
    `stories: ${info.directory} in ${info.seconds.toFixed(1)} s`,
    ['set'.padEnd(12), 'articles'.padStart(8), 'gold/found'.padStart(12), 'B-cubed P/R/F1'.padStart(20), 'pairwise P/R/F1'.padStart(20), 'whole (3+)'.padStart(12), 'near-miss'.padStart(10), 'follow-up'.padStart(10)].join('  '),
    row('all', report.all),
    row('odd stories', report.odd),
    row('even stories', report.even),
    '(whole = gold stories of 3+ articles all in one found story; near-miss / follow-up = labelled pairs of stories merged, of those present)',
  ];
  const { links } = report;
  lines.push(
    `follow-up links (all): ${links.followsRight} of ${links.followsLabelled} labelled follow-ups linked to the story they follow; ${links.followsFound} links made`,
    `wire copies (all): ${links.copiesRight} of ${links.copiesLabelled} labelled copy pairs found; ${links.copiesFound} pairs found as copies`,
  );
  for (const [a, b] of report.all.nearMissMerged) lines.push(`near miss merged: ${a} + ${b}`);
  for (const [a, b] of report.all.followUpMerged) lines.push(`follow-up merged: ${a} + ${b}`);
  if (withErrors) {
    for (const error of report.errors) {
      lines.push('', `${error.kind} ${error.stories.join(' + ')}`);
      error.groups.forEach((group, index) => {
        for (const item of group) lines.push(`  ${index + 1}. ${item}`);
      });
    }
  }
  return lines.join('\n');
}
