import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function runEval(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ['src/cli/eval.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run eval (CLI)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'brief-eval-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the missing file and exits 2', async () => {
    const missing = path.join(dir, 'absent.jsonl');
    const result = await runEval(['summaries', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`eval: data file not found: ${missing}`);
  });

  it('prints the usage line for bad arguments and exits 2', async () => {
    const result = await runEval(['summaries', 'x.jsonl', '--sentences', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('eval: --sentences must be 1, 2 or 3 (the digest\'s summary lengths), got "0"');
    expect(result.stderr).toContain('Usage: npm run eval -- summaries FILE.jsonl');
  });

  it('scores a news-stories folder: quotes found and named speakers, by full name and by surname', async () => {
    const folder = path.join(dir, 'stories');
    await mkdir(folder);
    await writeFile(
      path.join(folder, 'a.md'),
      '---\ntitle: "Talks end"\npublished: "2025-05-16T12:00:00+03:00"\n---\nSecretary of State Marco Rubio met Sergei Lavrov.\n\n"We will meet again in Geneva next week," Rubio said. "The talks are over for now," said Lavrov.\n',
    );
    await writeFile(
      path.join(folder, 'gold.json'),
      JSON.stringify({
        quotes: [
          { file: 'a.md', quote: 'We will meet again in Geneva', speaker: 'Marco Rubio', role: 'Secretary of State', speaker_named: true },
          { file: 'a.md', quote: 'The talks are over for now', speaker: 'Sergei Lavrov', role: null, speaker_named: true },
        ],
      }),
    );
    const result = await runEval(['quotes', folder, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ documents: 1, gold: 2, located: 2, matched: 2, namedEligible: 2, recall: 1, speakerExact: 1, speakerSurname: 1 });
  });

  it('lists bad records by line and exits 2 without scoring', async () => {
    const file = path.join(dir, 'bad.jsonl');
    await writeFile(file, '{"id":"a","article":"Rubio met Putin.","highlights":"Rubio met Putin."}\nnot json\n');
    const result = await runEval(['summaries', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.jsonl: 1 bad record(s)');
    expect(result.stderr).toContain('line 2: not JSON');
    expect(result.stdout).toBe('');
  });

  it('names a stories folder without gold.json and exits 2', async () => {
    const result = await runEval(['stories', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`eval: no gold.json in ${dir}`);
    expect(result.stdout).toBe('');
  });

  it('prints what it found in a TempEval file as JSON Lines with --found', async () => {
    const file = path.join(dir, 'timex.jsonl');
    const record = { id: 'd1', dct: '1998-01-08', text: 'Profit rose last week.', timexes: [{ start: 12, end: 21, text: 'last week', type: 'DATE', value: '1998-W01' }] };
    await writeFile(file, `${JSON.stringify(record)}\n`);
    const found = await runEval(['timex', file, '--found']);
    expect(found.code).toBe(0);
    expect(found.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([{ id: 'd1', start: 12, end: 21, text: 'last week', value: '1998-W01' }]);
    const scored = await runEval(['timex', file]);
    expect(scored.stdout).toMatch(/^Brief +1 +1 +100\.00 +100\.00 +100\.00 /m);
  });

  it('names the missing gold.json of an events folder and exits 2', async () => {
    const result = await runEval(['events', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no gold.json in ${dir}`);
  });
});
