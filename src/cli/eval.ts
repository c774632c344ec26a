/**
 * `npm run eval -- summaries|quotes|timex FILE.jsonl …`: measures Brief's summaries against lead-N and
 * reference summaries (ROUGE as rouge-score computes it), its quote extractor against PolNeAR and its time
 * expressions against TempEval-3; `npm run eval -- stories DIR`: its grouping of articles into stories against a
 * labelled folder; `npm run eval -- events DIR`: its "what's next" against the same folder's events.
 * Exit codes: 0 done, 1 the engine failed, 2 bad arguments or data.
 */
import { readFile, readdir } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { createEvalEngine } from '../eval/engine.js';
import { parseEvalArgs, resolveDataFile, type EvalCommand } from '../eval/eval-args.js';
import { leadSentences, leadSentencesWithin } from '../eval/lead-baseline.js';
import { listQuoteErrors, scoreQuotes } from '../eval/quote-scoring.js';
import { EvalInputError, parseAttributionRecords, parseSummaryRecords } from '../eval/records.js';
import { formatQuoteReport, formatSummaryReport, quoteReportJson, summaryReportJson } from '../eval/report.js';
import { evaluateStories, formatStoryReport, loadLabelledStories } from '../eval/story-eval.js';
import { evaluateSummaries } from '../eval/summary-eval.js';
import { evaluateTimexes, formatFoundTimexes, formatTimexReport, parseTimexRecords } from '../eval/timex-eval.js';
import { evaluateEventsDir } from '../eval/events-eval.js';
import { parseStoryQuoteGold, scoreStoryQuotes, type StoryQuoteDocument } from '../eval/story-quotes.js';
import { formatStoryQuoteReport, storyQuoteReportJson } from '../eval/report.js';
import { parseArticleFile } from '../content/parse-article.js';
import type { Article } from '../digest/types.js';
import type { FoundQuoteSpan } from '../eval/quote-scoring.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function run(command: EvalCommand): Promise<string> {
  const file = resolveDataFile(command.file, projectRoot, process.cwd());
  if (!existsSync(file)) {
    throw new EvalInputError(file, [{ line: 0, message: `data file not found: ${file} (see ../shared/datasets/README.md)` }]);
  }
  if (command.kind === 'events') return evaluateEventsDir(file, command.errors);
  if (command.kind === 'timex') {
    const documents = parseTimexRecords(await readFile(file, 'utf8'), file);
    return command.found ? formatFoundTimexes(documents) : formatTimexReport(evaluateTimexes(documents, path.basename(file), command.errors));
  }
  const started = performance.now();
  if (command.kind === 'stories') {
    const report = evaluateStories(await loadLabelledStories(file));
    const info = { directory: path.basename(file), seconds: (performance.now() - started) / 1000 };
    if (command.json) return JSON.stringify({ ...info, all: report.all, odd: report.odd, even: report.even, links: report.links, ...(command.errors ? { errors: report.errors } : {}) });
    return formatStoryReport(report, info, command.errors);
  }
  if (command.kind === 'quotes' && statSync(file).isDirectory()) return runStoryFolder(command, file, started);
  const text = await readFile(file, 'utf8');
  if (command.kind === 'summaries') {
    const records = parseSummaryRecords(text, file, command.refs);
    const engine = createEvalEngine({ maxSummaryChars: command.maxChars });
    const result = evaluateSummaries(records, {
      brief: (record) => engine.summarize(record, command.sentences),
      lead: (record) => leadSentences(record.article, command.sentences),
      leadWithinCap: (record) => leadSentencesWithin(record.article, command.sentences, engine.summaryCap(command.sentences)),
    });
    const info = {
      file: path.basename(file),
      sentences: command.sentences,
      refs: command.refs,
      maxChars: command.maxChars,
      capChars: engine.summaryCap(command.sentences),
      seconds: (performance.now() - started) / 1000,
    };
    return command.json ? JSON.stringify(summaryReportJson(result, info)) : formatSummaryReport(result, info);
  }
  const records = parseAttributionRecords(text, file);
  const engine = createEvalEngine();
  const documents = records.map((record) => ({ id: record.id, gold: record.gold, found: engine.findQuotes(record.text) }));
  const scores = scoreQuotes(documents);
  const halves = { odd: scoreQuotes(documents.filter((_, i) => i % 2 === 0)), even: scoreQuotes(documents.filter((_, i) => i % 2 === 1)) };
  const info = { file: path.basename(file), seconds: (performance.now() - started) / 1000, halves };
  const errors = command.errors ? documents.flatMap((document, i) => listQuoteErrors(document, records[i]!.text)) : [];
  if (command.json) return JSON.stringify(command.errors ? { ...quoteReportJson(scores, info), errors } : quoteReportJson(scores, info));
  const listing = errors.map((e) => `${e.kind.padEnd(14)} ${e.id}  gold source: ${e.goldSource ?? '—'}  found speaker: ${e.foundSpeaker ?? '—'}
    ${e.context}`);
  return [formatQuoteReport(scores, info), ...(listing.length > 0 ? ['', ...listing] : [])].join('\n');
}

/** The news-stories-dev folder format: Markdown articles with front matter, gold quotes in gold.json. */
async function runStoryFolder(command: Extract<EvalCommand, { kind: 'quotes' }>, dir: string, started: number): Promise<string> {
  const goldFile = path.join(dir, 'gold.json');
  if (!existsSync(goldFile)) throw new EvalInputError(goldFile, [{ line: 0, message: `no gold.json in ${dir} (see ../shared/datasets/news-stories-dev/README.md)` }]);
  const gold = parseStoryQuoteGold(await readFile(goldFile, 'utf8'), goldFile);
  const names = (await readdir(dir)).filter((name) => name.endsWith('.md') && name !== 'README.md').sort();
  const engine = createEvalEngine();
  const documents: StoryQuoteDocument[] = [];
  const articles: Article[] = [];
  const bodies = new Map<string, string>();
  const problems: { line: number; message: string }[] = [];
  for (const name of names) {
    const raw = await readFile(path.join(dir, name), 'utf8');
    let parsed = parseArticleFile(name, raw);
    // Eight dev articles have no headline (title: ""); their bodies still hold quotes worth scoring.
    if (!parsed.ok && /title/.test(parsed.message)) parsed = parseArticleFile(name, raw.replace(/^title:\s*""\s*$/m, 'title: "(untitled)"'));
    if (!parsed.ok) {
      problems.push({ line: 0, message: `${name}: ${parsed.message}` });
      continue;
    }
    const text = engine.articleText(parsed.article);
    documents.push({ id: name, text, gold: gold.get(name) ?? [], found: engine.findQuotes(text, parsed.article.title) });
    articles.push(parsed.article);
    bodies.set(name, raw.replace(/^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, ''));
  }
  if (problems.length > 0) throw new EvalInputError(dir, problems);
  const { scores, errors } = scoreStoryQuotes(documents);
  // The same quotes as the digest shows them: articles grouped into stories by Brief itself, each story's people
  // shared (a surname in one outlet finds the full name in another); located by the offsets --all-quotes gives.
  const digestFound = new Map<string, FoundQuoteSpan[]>();
  for (const story of engine.digestAll(articles).stories) {
    for (const quote of story.quotes) {
      if (!quote.file || quote.start == null || quote.end == null) continue;
      digestFound.set(quote.file, [...(digestFound.get(quote.file) ?? []), { start: quote.start, end: quote.end, speaker: quote.speaker }]);
    }
  }
  const storyDocuments = documents.map((document) => ({ ...document, text: bodies.get(document.id) ?? '', found: digestFound.get(document.id) ?? [] }));
  const storyRun = scoreStoryQuotes(storyDocuments);
  const inStories = storyRun.scores;
  const inStoriesHalves = { odd: scoreStoryQuotes(storyDocuments.filter((_, i) => i % 2 === 0)).scores, even: scoreStoryQuotes(storyDocuments.filter((_, i) => i % 2 === 1)).scores };
  errors.push(...storyRun.errors.map((error) => ({ ...error, id: `${error.id} (in its story)` })));
  const halves = { odd: scoreStoryQuotes(documents.filter((_, i) => i % 2 === 0)).scores, even: scoreStoryQuotes(documents.filter((_, i) => i % 2 === 1)).scores };
  const info = { file: path.basename(dir), seconds: (performance.now() - started) / 1000, halves, inStories, inStoriesHalves };
  if (command.json) return JSON.stringify(command.errors ? { ...storyQuoteReportJson(scores, info), errors } : storyQuoteReportJson(scores, info));
  const listing = command.errors ? errors.map((e) => `${e.kind.padEnd(14)} ${e.id}  gold: ${e.goldSpeaker}  found: ${e.foundSpeaker ?? '—'}\n    ${e.context}`) : [];
  return [formatStoryQuoteReport(scores, info), ...(listing.length > 0 ? ['', ...listing] : [])].join('\n');
}

try {
  console.log(await run(parseEvalArgs(process.argv.slice(2))));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`eval: ${error.message}\n${error.usage}`);
    process.exitCode = 2;
  } else if (error instanceof EvalInputError) {
    const only = error.problems.length === 1 && error.problems[0]!.line === 0 ? error.problems[0]!.message : null;
    console.error(`eval: ${only ?? error.message}`);
    process.exitCode = 2;
  } else {
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
