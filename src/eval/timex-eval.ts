/** `npm run eval -- timex FILE`: Brief's date finder against TempEval-3 gold, beside chrono-node alone. */
import * as chrono from 'chrono-node';
import { findTimeExpressions } from '../digest/dates.js';
import { EvalInputError } from './records.js';
import { scoreTimexes, type SystemTimex, type TimexDocument, type TimexOutcome, type TimexScores } from './timex-scoring.js';

/** Reads the benchmark's JSON Lines, naming the line of anything malformed. */
export function parseTimexRecords(text: string, file: string): TimexDocument[] {
  const documents: TimexDocument[] = [];
  const problems: Array<{ line: number; message: string }> = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      problems.push({ line: index + 1, message: 'not valid JSON' });
      return;
    }
    const r = record as Partial<TimexDocument>;
    if (typeof r.id !== 'string' || typeof r.dct !== 'string' || !/^\d{4}-\d\d-\d\d/.test(r.dct) || typeof r.text !== 'string' || !Array.isArray(r.timexes)) {
      problems.push({ line: index + 1, message: 'needs id, dct (YYYY-MM-DD…), text and timexes[]' });
      return;
    }
    documents.push({ id: r.id, dct: r.dct, text: r.text, timexes: r.timexes });
  });
  if (problems.length > 0) throw new EvalInputError(file, problems);
  if (documents.length === 0) throw new EvalInputError(file, [{ line: 0, message: `no records in ${file}` }]);
  return documents;
}

/** Brief's own reading of one document. */
export function briefTimexes(document: TimexDocument): Array<SystemTimex & { text: string }> {
  return findTimeExpressions(document.text, { day: document.dct.slice(0, 10) }).map(({ start, end, text, value }) => ({ start, end, text, value }));
}

/** chrono-node alone, as TIMEX.md's baseline runs it: reference date at 12:00 UTC, each result its start. */
export function chronoTimexes(document: TimexDocument): SystemTimex[] {
  const reference = new Date(`${document.dct.slice(0, 10)}T12:00:00Z`);
  return chrono.parse(document.text, { instant: reference, timezone: 0 }).map((result) => {
    const date = result.start.date();
    const hourKnown = result.start.isCertain('hour') || date.getUTCHours() !== 12 || date.getUTCMinutes() !== 0;
    const day = date.toISOString().slice(0, 10);
    return { start: result.index, end: result.index + result.text.length, value: hourKnown ? `${day}T${date.toISOString().slice(11, 16)}` : day };
  });
}

/** The rows of the timex report. */
export interface TimexReport {
  file: string;
  rows: Array<{ name: string; scores: TimexScores }>;
  outcomes: TimexOutcome[];
}

/** Scores Brief on all documents, each half (odd/even documents), REF strict, and chrono alone. */
export function evaluateTimexes(documents: TimexDocument[], file: string, withErrors: boolean): TimexReport {
  const found = documents.map((document) => ({ document, found: briefTimexes(document) }));
  const outcomes: TimexOutcome[] = [];
  const rows = [
    { name: 'Brief', scores: scoreTimexes(found, withErrors ? { outcomes } : {}) },
    { name: 'Brief, odd documents', scores: scoreTimexes(found.filter((_, i) => i % 2 === 0)) },
    { name: 'Brief, even documents', scores: scoreTimexes(found.filter((_, i) => i % 2 === 1)) },
    { name: 'Brief, REF strict', scores: scoreTimexes(found, { refStrict: true }) },
    { name: 'chrono-node alone', scores: scoreTimexes(documents.map((document) => ({ document, found: chronoTimexes(document) }))) },
  ];
  return { file, rows, outcomes };
}

const percent = (value: number): string => (value * 100).toFixed(2).padStart(6);

/** The report as a table. */
export function formatTimexReport(report: TimexReport): string {
  const header = 'setting                  gold  system  relaxed P / R / F1      strict F1  value acc.  value P / R / F1';
  const lines = report.rows.map(({ name, scores }) =>
    [
      name.padEnd(22),
      String(scores.gold).padStart(6),
      String(scores.system).padStart(7),
      `  ${percent(scores.relaxed.precision)} ${percent(scores.relaxed.recall)} ${percent(scores.relaxed.f1)}`,
      `  ${percent(scores.strictF1)}`,
      `    ${percent(scores.valueAccuracy)}`,
      `  ${percent(scores.value.precision)} ${percent(scores.value.recall)} ${percent(scores.value.f1)}`,
    ].join(''),
  );
  const errors = report.outcomes.map((o) => `${o.kind.padEnd(12)} ${o.id}  "${o.text}"  gold ${o.gold ?? '—'}  found ${o.found ?? '—'}`);
  return [`Time expressions (DATE and TIME, TempEval-3 relaxed match) on ${report.file}`, header, ...lines, ...(errors.length > 0 ? ['', ...errors] : [])].join('\n');
}

/** `--found`: what Brief found, one JSON object a line. */
export function formatFoundTimexes(documents: TimexDocument[]): string {
  return documents
    .flatMap((document) => briefTimexes(document).map(({ start, end, text, value }) => JSON.stringify({ id: document.id, start, end, text, value })))
    .join('\n');
}
