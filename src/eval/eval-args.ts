/** Parses `npm run eval` arguments and resolves data file names. Pure. */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { RefsMode } from './records.js';

/** The one-line usage shown with every argument error. */
export const EVAL_USAGE =
  'Usage: npm run eval -- summaries FILE.jsonl [--sentences N] [--refs highlights|all] [--json]\n' +
  '       npm run eval -- quotes FILE.jsonl [--json]\n' +
  '(FILE is a path, or a bare file name looked up in ../shared/datasets/)';

/** A parsed eval command. */
export type EvalCommand =
  | { kind: 'summaries'; file: string; sentences: number; refs: RefsMode; json: boolean }
  | { kind: 'quotes'; file: string; json: boolean };

const fail = (message: string): never => {
  throw new UsageError(message, EVAL_USAGE);
};

/** Turns the arguments after `--` into a command; throws UsageError on anything it does not understand. */
export function parseEvalArgs(argv: readonly string[]): EvalCommand {
  const positional: string[] = [];
  let sentences: number | null = null;
  let refs: RefsMode | null = null;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') return fail(`${flag} needs a value`);
      return next;
    };
    if (flag === '--json') json = true;
    else if (flag === '--sentences') {
      const text = value();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < 1 || n > 50) fail(`--sentences must be a whole number from 1 to 50, got "${text}"`);
      sentences = n;
    } else if (flag === '--refs') {
      const text = value();
      if (text !== 'highlights' && text !== 'all') fail(`--refs must be highlights or all, got "${text}"`);
      refs = text as RefsMode;
    } else if (flag.startsWith('-')) fail(`unknown option ${flag}`);
    else positional.push(arg);
  }
  const [kind, file, ...extra] = positional;
  if (kind === undefined) return fail('missing command (summaries or quotes)');
  if (kind !== 'summaries' && kind !== 'quotes') return fail(`unknown command "${kind}"`);
  if (file === undefined) return fail(`${kind} needs a FILE.jsonl`);
  if (extra.length > 0) fail(`unexpected argument "${extra[0]}"`);
  if (kind === 'quotes') {
    if (sentences !== null || refs !== null) fail('--sentences and --refs only apply to summaries');
    return { kind, file, json };
  }
  return { kind, file, sentences: sentences ?? 3, refs: refs ?? 'highlights', json };
}

/** A bare file name is looked up in ../shared/datasets/ beside the project; anything with a slash is a path. */
export function resolveDataFile(file: string, projectRoot: string, cwd: string): string {
  if (!file.includes('/') && !file.includes(path.sep)) return path.resolve(projectRoot, '..', 'shared', 'datasets', file);
  return path.resolve(cwd, file);
}
