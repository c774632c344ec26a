/** Turns eval results into the table a person reads and the JSON object a script reads. Pure. */
import type { QuoteScores } from './quote-scoring.js';
import type { StoryQuoteScores } from './story-quotes.js';
import type { RefsMode } from './records.js';
import type { SummaryEvalResult } from './summary-eval.js';

/** What a summaries run was asked to do, for the report header. */
export interface SummaryRunInfo {
  file: string;
  sentences: number;
  refs: RefsMode;
  /** The summary length cap given to the digest; null = the digest's default. */
  maxChars: number | null;
  /** The cap Brief's summaries were held to, default or given: the lead-within-cap baseline's too. */
  capChars?: number;
  seconds: number;
}

/** What a quotes run was asked to do, for the report header. */
export interface QuoteRunInfo {
  file: string;
  seconds: number;
  /** The same scores over the odd-numbered and the even-numbered documents, to see a change hold on both. */
  halves?: { odd: QuoteScores; even: QuoteScores };
}

/** What a folder-format quotes run covered, for the report header. */
export interface StoryQuoteRunInfo {
  file: string;
  seconds: number;
  halves: { odd: StoryQuoteScores; even: StoryQuoteScores };
  /** The same measures on the digest's own stories (all articles grouped by Brief, people shared within a story). */
  inStories?: StoryQuoteScores;
  inStoriesHalves?: { odd: StoryQuoteScores; even: StoryQuoteScores };
}

const points = (value: number) => (value * 100).toFixed(2);
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(2)}`;
const round = (value: number, digits = 5) => Number(value.toFixed(digits));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/** The summaries table: metric | Brief | lead-N | Δ, F1 in points (0-100). */
export function formatSummaryReport(result: SummaryEvalResult, info: SummaryRunInfo): string {
  const lead = `lead-${info.sentences}`;
  const header = `summaries: ${info.file} — ${result.records} records, ${info.sentences} sentences, references: ${info.refs}, summary cap: ${info.maxChars === null ? "digest's default" : `${info.maxChars} chars`}, ${info.seconds.toFixed(1)} s`;
  const rows = [
    ['metric (F1)', 'Brief', lead, 'Δ'],
    ['ROUGE-1', points(result.brief.rouge1), points(result.lead.rouge1), signed(result.delta.rouge1)],
    ['ROUGE-2', points(result.brief.rouge2), points(result.lead.rouge2), signed(result.delta.rouge2)],
    ['ROUGE-L', points(result.brief.rougeL), points(result.lead.rougeL), signed(result.delta.rougeL)],
    ['words/summary', result.briefMeanWords.toFixed(1), result.leadMeanWords.toFixed(1), ''],
  ];
  const sameLine = `Brief's summary equals ${lead} in ${result.sameAsLead} of ${result.records} records.`;
  const within = result.leadWithinCap;
  if (!within) return `${header}\n${table(rows)}\n${sameLine}`;
  const capped = `${lead} within the same ${info.capChars ?? '?'}-character cap: ROUGE-1 / 2 / L ${points(within.means.rouge1)} / ${points(within.means.rouge2)} / ${points(within.means.rougeL)}, ${within.meanWords.toFixed(1)} words/summary (Brief ${signed(result.brief.rouge1 - within.means.rouge1)} ROUGE-1).`;
  return `${header}\n${table(rows)}\n${sameLine}\n${capped}`;
}

/** The summaries figures as one JSON-ready object (F1 in 0..1). */
export function summaryReportJson(result: SummaryEvalResult, info: SummaryRunInfo): Record<string, unknown> {
  const metrics = (m: SummaryEvalResult['brief']) => ({ rouge1: round(m.rouge1), rouge2: round(m.rouge2), rougeL: round(m.rougeL) });
  return {
    command: 'summaries',
    file: info.file,
    records: result.records,
    sentences: info.sentences,
    refs: info.refs,
    maxChars: info.maxChars,
    brief: metrics(result.brief),
    lead: metrics(result.lead),
    delta: metrics(result.delta),
    meanWords: { brief: round(result.briefMeanWords, 1), lead: round(result.leadMeanWords, 1) },
    ...(result.leadWithinCap
      ? { leadWithinCap: { capChars: info.capChars ?? null, ...metrics(result.leadWithinCap.means), meanWords: round(result.leadWithinCap.meanWords, 1) } }
      : {}),
    sameAsLead: result.sameAsLead,
    seconds: round(info.seconds, 2),
  };
}

/** The quotes report: detection P/R/F1 and speaker accuracy, with their targets. */
export function formatQuoteReport(scores: QuoteScores, info: QuoteRunInfo): string {
  const mark = (value: number, target: number) => (value >= target ? `meets ≥ ${target.toFixed(2)}` : `below ${target.toFixed(2)}`);
  const rows = [
    ['metric', 'value', 'target'],
    ['precision', scores.precision.toFixed(3), ''],
    ['recall', scores.recall.toFixed(3), ''],
    ['F1', scores.f1.toFixed(3), mark(scores.f1, 0.95)],
    ['speaker accuracy', scores.speakerAccuracy.toFixed(3), mark(scores.speakerAccuracy, 0.9)],
  ];
  const halves = info.halves
    ? [`halves: odd F1 ${info.halves.odd.f1.toFixed(3)}, speaker ${info.halves.odd.speakerAccuracy.toFixed(3)}; even F1 ${info.halves.even.f1.toFixed(3)}, speaker ${info.halves.even.speakerAccuracy.toFixed(3)}`]
    : [];
  return [
    `quotes: ${info.file} — ${scores.documents} documents, ${info.seconds.toFixed(1)} s`,
    `gold direct quotes ${scores.gold}; found ${scores.found}: ${scores.matched} matched, ${scores.continuations} continuations of a matched quote, ${scores.falsePositives} false positives; ${scores.missed} gold quotes missed`,
    table(rows),
    `speaker accuracy over ${scores.speakerEligible} matched gold quotes whose source names someone (${scores.speakerCorrect} right)`,
    ...halves,
  ].join('\n');
}

/** The quotes figures as one JSON-ready object. */
export function quoteReportJson(scores: QuoteScores, info: QuoteRunInfo): Record<string, unknown> {
  return {
    command: 'quotes',
    file: info.file,
    documents: scores.documents,
    gold: scores.gold,
    found: scores.found,
    matched: scores.matched,
    continuations: scores.continuations,
    falsePositives: scores.falsePositives,
    missed: scores.missed,
    precision: round(scores.precision),
    recall: round(scores.recall),
    f1: round(scores.f1),
    speakerEligible: scores.speakerEligible,
    speakerCorrect: scores.speakerCorrect,
    speakerAccuracy: round(scores.speakerAccuracy),
    ...(info.halves ? { halves: { odd: { f1: round(info.halves.odd.f1), speakerAccuracy: round(info.halves.odd.speakerAccuracy) }, even: { f1: round(info.halves.even.f1), speakerAccuracy: round(info.halves.even.speakerAccuracy) } } } : {}),
    seconds: round(info.seconds, 2),
  };
}

/** The folder-format quotes report: quotes found, and named speakers right by full name and by surname. */
export function formatStoryQuoteReport(scores: StoryQuoteScores, info: StoryQuoteRunInfo): string {
  const mark = (value: number, target: number) => (value >= target ? `meets ≥ ${target.toFixed(2)}` : `below ${target.toFixed(2)}`);
  const rows = [
    ['metric', 'all', 'odd', 'even', 'target'],
    ['quote recall', scores.recall.toFixed(3), info.halves.odd.recall.toFixed(3), info.halves.even.recall.toFixed(3), ''],
    ['speaker (full name)', scores.exactAccuracy.toFixed(3), info.halves.odd.exactAccuracy.toFixed(3), info.halves.even.exactAccuracy.toFixed(3), mark(scores.exactAccuracy, 0.9)],
    ['speaker (surname)', scores.surnameAccuracy.toFixed(3), info.halves.odd.surnameAccuracy.toFixed(3), info.halves.even.surnameAccuracy.toFixed(3), ''],
    ['speaker (no person)', scores.unnamedAccuracy.toFixed(3), info.halves.odd.unnamedAccuracy.toFixed(3), info.halves.even.unnamedAccuracy.toFixed(3), ''],
  ];
  return [
    `quotes: ${info.file} — ${scores.documents} articles, ${info.seconds.toFixed(1)} s`,
    `gold quotes ${scores.gold}, ${scores.located} located in the article text; ${scores.matched} found`,
    table(rows),
    `speaker accuracy over ${scores.namedEligible} found gold quotes with a named speaker (${scores.namedExact} full name right, ${scores.namedSurname} surname right)`,
    `no person named (an organisation, "an official"): ${scores.unnamedRight} of ${scores.unnamedEligible} found gold quotes have a speaker sharing a word with the gold one`,
    ...(info.inStories
      ? [
          `in the digest's stories (grouped by Brief, each story's people shared): quote recall ${info.inStories.recall.toFixed(3)}, speaker full name ${info.inStories.exactAccuracy.toFixed(3)}${info.inStoriesHalves ? ` (odd ${info.inStoriesHalves.odd.exactAccuracy.toFixed(3)}, even ${info.inStoriesHalves.even.exactAccuracy.toFixed(3)})` : ''}, surname ${info.inStories.surnameAccuracy.toFixed(3)} (${info.inStories.namedEligible} named)`,
        ]
      : []),
  ].join('\n');
}

/** The folder-format quotes figures as one JSON-ready object. */
export function storyQuoteReportJson(scores: StoryQuoteScores, info: StoryQuoteRunInfo): Record<string, unknown> {
  const figures = (s: StoryQuoteScores) => ({ recall: round(s.recall), speakerExact: round(s.exactAccuracy), speakerSurname: round(s.surnameAccuracy), speakerUnnamed: round(s.unnamedAccuracy) });
  return {
    command: 'quotes',
    file: info.file,
    documents: scores.documents,
    gold: scores.gold,
    located: scores.located,
    matched: scores.matched,
    namedEligible: scores.namedEligible,
    ...figures(scores),
    halves: { odd: figures(info.halves.odd), even: figures(info.halves.even) },
    ...(info.inStories
      ? { inStories: { ...figures(info.inStories), namedEligible: info.inStories.namedEligible, ...(info.inStoriesHalves ? { halves: { odd: figures(info.inStoriesHalves.odd), even: figures(info.inStoriesHalves.even) } } : {}) } }
      : {}),
    seconds: round(info.seconds, 2),
  };
}
