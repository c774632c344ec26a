/** Parses `npm run eval` arguments and resolves data file names. Pure. */
import path from 'node:path';
import { UsageError } from '../errors.js';
/** The one-line usage shown with every argument error. */
export const EVAL_USAGE = 'Usage: npm run eval -- summaries FILE.jsonl [--sentences N] [--refs highlights|all] [--max-chars N] [--json]\n' +
    '       npm run eval -- quotes FILE.jsonl [--errors] [--json]\n' +
    '(FILE is a path, or a bare file name looked up in ../shared/datasets/)';
const fail = (message) => {
    throw new UsageError(message, EVAL_USAGE);
};
/** Turns the arguments after `--` into a command; throws UsageError on anything it does not understand. */
export function parseEvalArgs(argv) {
    const positional = [];
    let sentences = null;
    let refs = null;
    let maxChars = null;
    let json = false;
    let errors = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
        const value = () => {
            const next = inline ?? argv[++i];
            if (next === undefined || next === '')
                return fail(`${flag} needs a value`);
            return next;
        };
        if (flag === '--json')
            json = true;
        else if (flag === '--errors')
            errors = true;
        else if (flag === '--max-chars') {
            const text = value();
            if (!/^\d+$/.test(text) || Number(text) < 20)
                fail(`--max-chars must be a whole number of at least 20, got "${text}"`);
            maxChars = Number(text);
        }
        else if (flag === '--sentences') {
            const text = value();
            const n = Number(text);
            // The digest writes summaries of 1 to 3 sentences; a longer lead-N would compare unlike with like.
            if (!/^\d+$/.test(text) || n < 1 || n > 3)
                fail(`--sentences must be 1, 2 or 3 (the digest's summary lengths), got "${text}"`);
            sentences = n;
        }
        else if (flag === '--refs') {
            const text = value();
            if (text !== 'highlights' && text !== 'all')
                fail(`--refs must be highlights or all, got "${text}"`);
            refs = text;
        }
        else if (flag.startsWith('-'))
            fail(`unknown option ${flag}`);
        else
            positional.push(arg);
    }
    const [kind, file, ...extra] = positional;
    if (kind === undefined)
        return fail('missing command (summaries or quotes)');
    if (kind !== 'summaries' && kind !== 'quotes')
        return fail(`unknown command "${kind}"`);
    if (file === undefined)
        return fail(`${kind} needs a FILE.jsonl`);
    if (extra.length > 0)
        fail(`unexpected argument "${extra[0]}"`);
    if (kind === 'quotes') {
        if (sentences !== null || refs !== null || maxChars !== null)
            fail('--sentences, --refs and --max-chars only apply to summaries');
        return { kind, file, json, errors };
    }
    if (errors)
        fail('--errors only applies to quotes');
    return { kind, file, sentences: sentences ?? 3, refs: refs ?? 'highlights', maxChars, json };
}
/** A bare file name is looked up in ../shared/datasets/ beside the project; anything with a slash is a path. */
export function resolveDataFile(file, projectRoot, cwd) {
    if (!file.includes('/') && !file.includes(path.sep))
        return path.resolve(projectRoot, '..', 'shared', 'datasets', file);
    return path.resolve(cwd, file);
}
//# sourceMappingURL=eval-args.js.map