/** Parses `npm run eval` arguments and resolves data file names. Pure. */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { RefsMode } from './records.js';

/** The one-line usage shown with every argument error. */
export const EVAL_USAGE =
  'Usage: npm run eval -- summaries FILE.jsonl [--sentences N] [--refs highlights|all] [--max-chars N] [--json]\n' +
  '       npm run eval -- quotes FILE.jsonl|DIR [--errors] [--json]   (DIR: the news-stories-dev folder format)\n' +
  '       npm run eval -- stories DIR [--errors] [--json]   (DIR holds gold.json, as news-stories-dev does)\n' +
  '       npm run eval -- timex FILE.jsonl [--errors] [--found]\n' +
  '       npm run eval -- events DIR [--errors]\n' +
  '(FILE or DIR is a path, or a bare name looked up in ../shared/datasets/)';

/** A parsed eval command. */
export type EvalCommand =
  | {
      kind: 'summaries';
      file: string;
      sentences: number;
      refs: RefsMode;
      /** Summary length cap passed to the digest; null keeps the digest's own default. */
      maxChars: number | null;
      json: boolean;
    }
  | { kind: 'quotes'; file: string; json: boolean; errors: boolean }
  | { kind: 'stories'; file: string; json: boolean; errors: boolean }
  | { kind: 'timex'; file: string; errors: boolean; found: boolean }
  | { kind: 'events'; file: string; errors: boolean };

const fail = (message: string): never => {
  throw new UsageError(message, EVAL_USAGE);
};

/** Turns the arguments after `--` into a command; throws UsageError on anything it does not understand. */
export function parseEvalArgs(argv: readonly string[]): EvalCommand {
  const positional: string[] = [];
  let sentences: number | null = null;
  let refs: RefsMode | null = null;
  let maxChars: number | null = null;
  let json = false;
  let errors = false;
  let found = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') return fail(`${flag} needs a value`);
      return next;
    };
    if (flag === '--json') json = true;
    else if (flag === '--errors') errors = true;
    else if (flag === '--found') found = true;
    else if (flag === '--max-chars') {
      const text = value();
      if (!/^\d+$/.test(text) || Number(text) < 20) fail(`--max-chars must be a whole number of at least 20, got "${text}"`);
      maxChars = Number(text);
    }
    else if (flag === '--sentences') {
      const text = value();
      const n = Number(text);
      // The digest writes summaries of 1 to 3 sentences; a longer lead-N would compare unlike with like.
      if (!/^\d+$/.test(text) || n < 1 || n > 3) fail(`--sentences must be 1, 2 or 3 (the digest's summary lengths), got "${text}"`);
      sentences = n;
    } else if (flag === '--refs') {
      const text = value();
      if (text !== 'highlights' && text !== 'all') fail(`--refs must be highlights or all, got "${text}"`);
      refs = text as RefsMode;
    } else if (flag.startsWith('-')) fail(`unknown option ${flag}`);
    else positional.push(arg);
  }
  const [kind, file, ...extra] = positional;
  if (kind === undefined) return fail('missing command (summaries, quotes, stories, timex or events)');
  if (kind !== 'summaries' && kind !== 'quotes' && kind !== 'stories' && kind !== 'timex' && kind !== 'events') return fail(`unknown command "${kind}"`);
  if (file === undefined) {
    if (kind === 'stories') return fail('stories needs a DIR');
    return fail(kind === 'events' ? 'events needs a DIR (a folder of articles with gold.json)' : `${kind} needs a FILE.jsonl`);
  }
  if (extra.length > 0) fail(`unexpected argument "${extra[0]}"`);
  if (kind === 'timex' || kind === 'events') {
    if (sentences !== null || refs !== null || maxChars !== null || json) fail('--sentences, --refs, --max-chars and --json do not apply to timex or events');
    if (kind === 'events') {
      if (found) fail('--found only applies to timex');
      return { kind, file, errors };
    }
    return { kind, file, errors, found };
  }
  if (found) fail('--found only applies to timex');
  if (kind === 'quotes' || kind === 'stories') {
    if (sentences !== null || refs !== null || maxChars !== null) fail('--sentences, --refs and --max-chars only apply to summaries');
    return { kind, file, json, errors };
  }
  if (errors) fail('--errors only applies to quotes and stories');
  return { kind, file, sentences: sentences ?? 3, refs: refs ?? 'highlights', maxChars, json };
}

/** A bare file name is looked up in ../shared/datasets/ beside the project; anything with a slash is a path. */
export function resolveDataFile(file: string, projectRoot: string, cwd: string): string {
  if (!file.includes('/') && !file.includes(path.sep)) return path.resolve(projectRoot, '..', 'shared', 'datasets', file);
  return path.resolve(cwd, file);
}
