/**
 * `npm run eval -- summaries|quotes FILE.jsonl …`: measures Brief's summaries against lead-N and
 * reference summaries (ROUGE as rouge-score computes it), and its quote extractor against PolNeAR.
 * Exit codes: 0 done, 1 the engine failed, 2 bad arguments or data.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { createEvalEngine } from '../eval/engine.js';
import { parseEvalArgs, resolveDataFile } from '../eval/eval-args.js';
import { leadSentences, leadSentencesWithin } from '../eval/lead-baseline.js';
import { listQuoteErrors, scoreQuotes } from '../eval/quote-scoring.js';
import { EvalInputError, parseAttributionRecords, parseSummaryRecords } from '../eval/records.js';
import { formatQuoteReport, formatSummaryReport, quoteReportJson, summaryReportJson } from '../eval/report.js';
import { evaluateSummaries } from '../eval/summary-eval.js';
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
async function run(command) {
    const file = resolveDataFile(command.file, projectRoot, process.cwd());
    if (!existsSync(file)) {
        throw new EvalInputError(file, [{ line: 0, message: `data file not found: ${file} (see ../shared/datasets/README.md)` }]);
    }
    const text = await readFile(file, 'utf8');
    const started = performance.now();
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
    const info = { file: path.basename(file), seconds: (performance.now() - started) / 1000 };
    const errors = command.errors ? documents.flatMap((document, i) => listQuoteErrors(document, records[i].text)) : [];
    if (command.json)
        return JSON.stringify(command.errors ? { ...quoteReportJson(scores, info), errors } : quoteReportJson(scores, info));
    const listing = errors.map((e) => `${e.kind.padEnd(14)} ${e.id}  gold source: ${e.goldSource ?? '—'}  found speaker: ${e.foundSpeaker ?? '—'}
    ${e.context}`);
    return [formatQuoteReport(scores, info), ...(listing.length > 0 ? ['', ...listing] : [])].join('\n');
}
try {
    console.log(await run(parseEvalArgs(process.argv.slice(2))));
}
catch (error) {
    if (error instanceof UsageError) {
        console.error(`eval: ${error.message}\n${error.usage}`);
        process.exitCode = 2;
    }
    else if (error instanceof EvalInputError) {
        const only = error.problems.length === 1 && error.problems[0].line === 0 ? error.problems[0].message : null;
        console.error(`eval: ${only ?? error.message}`);
        process.exitCode = 2;
    }
    else {
        console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    }
}
//# sourceMappingURL=eval.js.map