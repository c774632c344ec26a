/**
 * `npm run eval -- events DIR`: Brief's "what's next" on each article of a labelled folder (news-stories-dev's
 * gold.json `events` and `not_events`), scored as its README suggests: recall and precision with borderline events
 * counting neither way, date accuracy on the matched ones, and how many traps fired.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadArticlesFromFolder } from '../content/load-folder.js';
import { parseArticleFile } from '../content/parse-article.js';
import { buildDigest } from '../digest/build-digest.js';
import { contentTerms } from '../digest/text.js';
import type { Article, NextEvent } from '../digest/types.js';
import { EvalInputError } from './records.js';

/** One labelled future event. */
export interface GoldEvent {
  file: string;
  event: string;
  when_text: string | null;
  date: string | null;
  range: [string, string] | null;
  borderline: boolean;
}

/** A sentence that only looks like an event. */
export interface GoldTrap {
  file: string;
  text: string;
}

/** What Brief listed for one article. */
export interface PredictedEvents {
  file: string;
  events: NextEvent[];
}

/** Counts and rates of one scored run. */
export interface EventScores {
  articles: number;
  predicted: number;
  firm: number;
  firmFound: number;
  /** Items matching a firm event. */
  truePositives: number;
  /** Items matching only a borderline event: neither right nor wrong. */
  borderlineItems: number;
  falsePositives: number;
  trapsFired: number;
  datesRight: number;
  precision: number;
  recall: number;
  dateAccuracy: number;
}

/** One line of --errors. */
export interface EventError {
  file: string;
  kind: 'missed' | 'not an event' | 'trap' | 'wrong date';
  text: string;
  detail: string;
}

const termSet = (text: string): Set<string> => new Set(contentTerms(text));

/** How much of the gold event's content an item covers, with a bonus when it carries the gold's time words. */
export function eventSimilarity(item: NextEvent, gold: GoldEvent): number {
  const goldTerms = termSet(gold.event);
  const itemTerms = termSet(item.text);
  if (goldTerms.size === 0 || itemTerms.size === 0) return 0;
  let shared = 0;
  for (const term of goldTerms) if (itemTerms.has(term)) shared++;
  const coverage = shared / Math.min(goldTerms.size, itemTerms.size);
  const timeBonus = gold.when_text !== null && item.text.toLowerCase().includes(gold.when_text.toLowerCase()) && shared > 0 ? 0.25 : 0;
  return coverage + timeBonus;
}

const MATCH_THRESHOLD = 0.4;

function trapFired(item: NextEvent, trap: GoldTrap): boolean {
  const trapTerms = termSet(trap.text);
  const itemTerms = termSet(item.text);
  if (trapTerms.size === 0) return false;
  let shared = 0;
  for (const term of trapTerms) if (itemTerms.has(term)) shared++;
  return shared / trapTerms.size >= 0.6;
}

/** Whether an item's date is the gold's: the day, the span, or no date where the text gives none. */
export function dateIsRight(item: NextEvent, gold: GoldEvent): boolean {
  const until = item.until ?? null;
  if (gold.date) return item.date === gold.date && (until === null || until === gold.date);
  if (gold.range) return item.date === gold.range[0] && until === gold.range[1];
  return item.date === null;
}

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** Scores items against the labels, file by file. */
export function scoreEvents(predicted: PredictedEvents[], gold: GoldEvent[], traps: GoldTrap[], errors?: EventError[]): EventScores {
  const files = new Set(predicted.map((p) => p.file));
  const goldHere = gold.filter((event) => files.has(event.file));
  let truePositives = 0;
  let borderlineItems = 0;
  let falsePositives = 0;
  let trapsFired = 0;
  let datesRight = 0;
  const found = new Set<GoldEvent>();
  for (const { file, events } of predicted) {
    const candidates = goldHere.filter((event) => event.file === file);
    const taken = new Set<GoldEvent>();
    for (const item of events) {
      const best = candidates
        .filter((event) => !taken.has(event))
        .map((event) => ({ event, score: eventSimilarity(item, event) }))
        .sort((a, b) => b.score - a.score)[0];
      if (best && best.score >= MATCH_THRESHOLD) {
        taken.add(best.event);
        if (best.event.borderline) {
          borderlineItems++;
          continue;
        }
        truePositives++;
        found.add(best.event);
        if (dateIsRight(item, best.event)) datesRight++;
        else errors?.push({ file, kind: 'wrong date', text: item.text, detail: `found ${item.date ?? '—'}${item.until ? `..${item.until}` : ''} ("${item.dateText ?? ''}"), gold ${best.event.date ?? best.event.range?.join('..') ?? '—'} ("${best.event.when_text ?? ''}")` });
        continue;
      }
      falsePositives++;
      const trap = traps.find((t) => t.file === file && trapFired(item, t));
      if (trap) trapsFired++;
      errors?.push({ file, kind: trap ? 'trap' : 'not an event', text: item.text, detail: `${item.date ?? '—'} ("${item.dateText ?? ''}")` });
    }
  }
  const firm = goldHere.filter((event) => !event.borderline);
  for (const event of firm) {
    if (!found.has(event)) errors?.push({ file: event.file, kind: 'missed', text: event.event, detail: `${event.date ?? event.range?.join('..') ?? '—'} ("${event.when_text ?? ''}")` });
  }
  return {
    articles: predicted.length,
    predicted: predicted.reduce((total, p) => total + p.events.length, 0),
    firm: firm.length,
    firmFound: found.size,
    truePositives,
    borderlineItems,
    falsePositives,
    trapsFired,
    datesRight,
    precision: rate(truePositives, truePositives + falsePositives),
    recall: rate(found.size, firm.length),
    dateAccuracy: rate(datesRight, truePositives),
  };
}

/** Brief's "what's next" for one article on its own, as a one-source story read the day after it appeared. */
export function predictEvents(article: Article): NextEvent[] {
  const now = new Date((article.publishedAt?.getTime() ?? Date.parse('2025-12-01T00:00:00Z')) + 86_400_000);
  const digest = buildDigest([article], { now, group: false, maxQuotes: 0, windowHours: 24 * 365 });
  return digest.stories[0]?.whatsNext ?? [];
}

function formatRow(name: string, s: EventScores): string {
  return `${name.padEnd(16)} articles ${String(s.articles).padStart(3)}  items ${String(s.predicted).padStart(3)}  precision ${s.precision.toFixed(2)} (${s.truePositives} right, ${s.falsePositives} wrong, ${s.borderlineItems} borderline, ${s.trapsFired} traps)  recall ${s.recall.toFixed(2)} (${s.firmFound}/${s.firm})  dates right ${s.dateAccuracy.toFixed(2)} (${s.datesRight}/${s.truePositives})`;
}

/** Runs the whole folder and formats the report. */
export async function evaluateEventsDir(directory: string, withErrors: boolean): Promise<string> {
  const goldFile = path.join(directory, 'gold.json');
  if (!existsSync(goldFile)) throw new EvalInputError(goldFile, [{ line: 0, message: `no gold.json in ${directory} (see ../shared/datasets/news-stories-dev/README.md)` }]);
  const labels = JSON.parse(await readFile(goldFile, 'utf8')) as { events?: GoldEvent[]; not_events?: GoldTrap[] };
  if (!Array.isArray(labels.events)) throw new EvalInputError(goldFile, [{ line: 0, message: `${goldFile} has no "events" list` }]);
  const loaded = await loadArticlesFromFolder(directory);
  const articles = loaded.articles.filter((article) => article.file.endsWith('.md'));
  // Eight dev articles have no headline (title ""), which the folder reader refuses; their events still count.
  for (const problem of loaded.problems.filter((p) => /non-empty "title"/.test(p.message))) {
    const text = await readFile(path.join(directory, problem.file), 'utf8');
    const parsed = parseArticleFile(problem.file, text.replace(/^title: ""$/m, 'title: "(no headline)"'));
    if (parsed.ok) articles.push(parsed.article);
  }
  articles.sort((a, b) => a.file.localeCompare(b.file));
  const predicted = articles.map((article) => ({ file: article.file, events: predictEvents(article) }));
  const traps = labels.not_events ?? [];
  const errors: EventError[] = [];
  const all = scoreEvents(predicted, labels.events, traps, withErrors ? errors : undefined);
  const odd = scoreEvents(predicted.filter((_, i) => i % 2 === 0), labels.events, traps);
  const even = scoreEvents(predicted.filter((_, i) => i % 2 === 1), labels.events, traps);
  const lines = [
    `What's next on ${path.basename(directory)} (firm events; borderline count neither way)`,
    formatRow('all', all),
    formatRow('odd articles', odd),
    formatRow('even articles', even),
  ];
  if (withErrors) {
    lines.push('');
    for (const error of errors.sort((a, b) => a.file.localeCompare(b.file))) lines.push(`${error.kind.padEnd(13)} ${error.file}\n    ${error.text}\n    ${error.detail}`);
  }
  return lines.join('\n');
}
