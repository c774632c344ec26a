import { execFile, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContentDigestSource } from '../../src/content/content-digest-source.js';
import { loadArticlesFromFolder } from '../../src/content/load-folder.js';
import { recordingLogger } from '../channels/telegram/helpers.js';
import { childEnv } from '../fixtures/child-env.js';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const seed = join(import.meta.dirname, '..', 'fixtures', 'seed-story', '2025-11-30-crbc-four-hour-talks.md');

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'brief-folder-'));
  dir = join(root, 'content');
  mkdirSync(dir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function article(title: string, published: string, body = 'The council said the harbour bridge will close for six weeks of repairs.'): string {
  return `---\ntitle: "${title}"\npublished: "${published}"\n---\n${body}\n`;
}

describe('the content folder reads only regular files inside it', () => {
  it('refuses a symbolic link to a file outside the folder, and names it; a link inside is read', async () => {
    writeFileSync(join(root, 'secret.md'), article('Outside the folder', '2025-11-30T10:00:00Z'));
    symlinkSync(join(root, 'secret.md'), join(dir, 'leak.md'));
    symlinkSync('../content/../secret.md', join(dir, 'leak-relative.md'));
    copyFileSync(seed, join(dir, 'real.md'));
    symlinkSync('real.md', join(dir, 'alias.md'));

    const { articles, problems } = await loadArticlesFromFolder(dir);
    expect(articles.map((a) => a.file).sort()).toEqual(['alias.md', 'real.md']);
    expect(articles.some((a) => a.title === 'Outside the folder')).toBe(false);
    expect(problems).toEqual([
      { file: 'leak-relative.md', message: 'is a symbolic link to a file outside the content folder; refused' },
      { file: 'leak.md', message: 'is a symbolic link to a file outside the content folder; refused' },
    ]);
  });

  it('names a symbolic link loop, a folder and a named pipe once each, without hanging on the pipe', async () => {
    symlinkSync('loop-b.md', join(dir, 'loop-a.md'));
    symlinkSync('loop-a.md', join(dir, 'loop-b.md'));
    mkdirSync(join(dir, 'folder.md'));
    expect(spawnSync('mkfifo', [join(dir, 'pipe.md')]).status).toBe(0);
    copyFileSync(seed, join(dir, 'good.md'));

    const logger = recordingLogger();
    const source = createContentDigestSource({ contentDir: dir, windowHours: 24, summarySentences: 2, maxQuotes: 3, logger });
    const digest = await source.getDigest({ now: new Date('2025-12-01T08:00:00Z') });
    await source.getDigest({ now: new Date('2025-12-01T09:00:00Z') });
    expect(digest.stories).toHaveLength(1);
    expect(digest.problems).toEqual([
      { file: 'folder.md', message: 'is a folder, not an article file' },
      { file: 'loop-a.md', message: 'is a symbolic link that loops back on itself' },
      { file: 'loop-b.md', message: 'is a symbolic link that loops back on itself' },
      { file: 'pipe.md', message: 'is not a regular file' },
    ]);
    // Two digests, one warning per bad file.
    expect(logger.lines.filter((line) => line.message === 'skipped article').map((line) => line.context?.file)).toEqual([
      'folder.md',
      'loop-a.md',
      'loop-b.md',
      'pipe.md',
    ]);
  });

  it('escapes control characters in file names before they reach the log or the digest', async () => {
    const hostile = 'x.md\n2025-12-01T00:00:00.000Z ERROR forged \u001b[31mred\u001b[0m';
    writeFileSync(join(dir, hostile), 'not an article');
    const logger = recordingLogger();
    const source = createContentDigestSource({ contentDir: dir, windowHours: 24, summarySentences: 2, maxQuotes: 3, logger });
    const digest = await source.getDigest();
    const shown = 'x.md\\n2025-12-01T00:00:00.000Z ERROR forged \\x1b[31mred\\x1b[0m';
    expect(digest.problems).toEqual([{ file: shown, message: 'missing front matter: start the file with --- and title/published fields' }]);
    expect(logger.lines).toEqual([{ level: 'warn', message: 'skipped article', context: { file: shown, reason: digest.problems[0]?.message } }]);
  });
});

describe('npm start with hostile file names and symbolic links (a real process)', () => {
  it('prints one escaped line per bad file on stderr, never a raw newline or escape code, and never the outside file', async () => {
    copyFileSync(seed, join(dir, 'good.md'));
    writeFileSync(join(dir, 'evil\n2026-01-01T00:00:00.000Z ERROR forged \u001b[31mred.md'), '---\ntitle: x\n---\n');
    writeFileSync(join(root, 'outside.md'), article('Private memo from outside', '2025-11-30T10:00:00Z'));
    symlinkSync('../outside.md', join(dir, 'leak.md'));
    symlinkSync('loop-1', join(dir, 'loop-2'));
    symlinkSync('loop-2', join(dir, 'loop-1'));
    const { stdout, stderr } = await run(tsx, ['src/main.ts'], { env: childEnv({ CONTENT_DIR: dir }) });
    expect(stderr).not.toContain('\u001b');
    // Every line but the one saying the test's sources file (kept away from the project's own) is absent.
    const lines = stderr.trim().split('\n').filter((line) => !line.includes('SOURCES_FILE names a file that does not exist'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/ WARN skipped article file="evil\\\\n2026-01-01T00:00:00\.000Z ERROR forged \\\\x1b\[31mred\.md" reason=/);
    expect(lines.slice(1).map((line) => line.replace(/^\S+ /, ''))).toEqual([
      'WARN skipped article file=leak.md reason="is a symbolic link to a file outside the content folder; refused"',
      'WARN skipped article file=loop-1 reason="is a symbolic link that loops back on itself"',
      'WARN skipped article file=loop-2 reason="is a symbolic link that loops back on itself"',
    ]);
    expect(stdout).toContain('Skipped or shortened (4):');
    expect(stdout).not.toContain('Private memo');
  });
});

describe('publication dates outside what news can carry are named', () => {
  it('names year 0001, year 9999, a day after tomorrow and 30 February; keeps 29 February of a leap year', async () => {
    writeFileSync(join(dir, 'year-1.md'), article('Ancient', '0001-01-01T00:00:00Z'));
    writeFileSync(join(dir, 'year-9999.md'), article('Far future', '9999-12-31T23:59:00Z'));
    writeFileSync(join(dir, 'in-two-days.md'), article('Not yet', '2025-12-03T09:00:00Z'));
    writeFileSync(join(dir, 'feb-30.md'), article('No such day', '2025-02-30T10:00:00+02:00'));
    writeFileSync(join(dir, 'hour-25.md'), article('No such hour', '2025-11-30T25:00:00Z'));
    writeFileSync(join(dir, 'leap-day.md'), article('Leap day', '2024-02-29T10:00:00Z'));
    writeFileSync(join(dir, 'tonight.md'), article('Later today', '2025-12-01T22:00:00+01:00'));

    const { articles, problems } = await loadArticlesFromFolder(dir, new Date('2025-12-01T08:00:00Z'));
    expect(articles.map((a) => a.file).sort()).toEqual(['leap-day.md', 'tonight.md']);
    expect(Object.fromEntries(problems.map((p) => [p.file, p.message]))).toEqual({
      'year-1.md': 'bad front matter: "published" 0001-01-01T00:00:00Z is outside the dates Brief accepts (1990 to a day from now)',
      'year-9999.md': 'bad front matter: "published" 9999-12-31T23:59:00Z is outside the dates Brief accepts (1990 to a day from now)',
      'in-two-days.md': 'bad front matter: "published" 2025-12-03T09:00:00Z is outside the dates Brief accepts (1990 to a day from now)',
      'feb-30.md': 'bad front matter: "published" 2025-02-30T10:00:00+02:00 is not a real date and time',
      'hour-25.md': 'bad front matter: "published" is not a real date',
    });
  });
});

describe('a file swapped between listing and reading', () => {
  it('is read once, never past the 1 MB cap, and a named pipe swapped in does not hang the digest', async () => {
    const good = article('Bridge closes', '2025-11-30T10:00:00Z');
    const big = article('Huge', '2025-11-30T10:00:00Z', 'word '.repeat(4 * 1024 * 1024));
    writeFileSync(join(root, 'good'), good);
    writeFileSync(join(root, 'big'), big);
    expect(spawnSync('mkfifo', [join(root, 'pipe')]).status).toBe(0);
    writeFileSync(join(dir, 'story.md'), good);
    // Another process keeps replacing story.md (atomically, by rename) with the small file, the 20 MB one or a pipe.
    const swapper = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); const path = require('path');
       const root = ${JSON.stringify(root)}; let i = 0;
       for (;;) {
         const kind = ['good', 'big', 'pipe'][i++ % 3];
         const tmp = path.join(root, 'swap-' + i);
         if (kind === 'pipe') require('child_process').execFileSync('mkfifo', [tmp]); else fs.copyFileSync(path.join(root, kind), tmp);
         fs.renameSync(tmp, path.join(root, 'content', 'story.md'));
       }`,
    ]);
    try {
      const seen = new Set<string>();
      for (let round = 0; round < 40; round += 1) {
        const { articles, problems } = await loadArticlesFromFolder(dir, new Date('2025-12-01T08:00:00Z'));
        for (const a of articles) {
          expect(a.title).toBe('Bridge closes');
          seen.add('article');
        }
        for (const p of problems) {
          expect(p.file).toBe('story.md');
          expect(p.message).toMatch(/^(is 20\.\d MB; articles over 1 MB are skipped|is not a regular file|cannot be read: it is a symbolic link to nothing, or was removed while reading)$/);
          seen.add(p.message.startsWith('is 20') ? 'too big' : p.message.startsWith('is not') ? 'pipe' : 'gone');
        }
      }
      expect(seen.has('article')).toBe(true);
    } finally {
      // Wait for it to be gone: a swapper still writing its next file would race the folder's removal (ENOTEMPTY).
      if (swapper.exitCode === null && swapper.signalCode === null) {
        const exited = once(swapper, 'exit');
        swapper.kill('SIGKILL');
        await exited;
      }
    }
  });
});

describe('a folder with more files than the open-file limit', () => {
  it('reads all 5,000 articles under ulimit -n 256 (npm run digest, a real process)', async () => {
    const words = ['harbour', 'council', 'railway', 'museum', 'election', 'festival', 'budget', 'hospital', 'airport', 'library'];
    for (let i = 0; i < 5000; i += 1) {
      const name = `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${words[Math.floor(i / 100) % 10]} number ${i}`;
      writeFileSync(join(dir, `a-${i}.md`), article(`Report ${i} on the ${name}`, '2025-11-30T10:00:00Z', `Officials described the ${name} in detail on Sunday.`));
    }
    const { stdout } = await run('bash', ['-c', `ulimit -n 256 && exec "$0" src/cli/digest.ts --json --no-group --no-feeds --content "$1" --until 2025-12-01T00:00:00Z`, tsx, dir], {
      env: childEnv(),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    const digest = JSON.parse(stdout) as { stories: unknown[]; problems: unknown[] };
    expect(digest.problems).toEqual([]);
    expect(digest.stories).toHaveLength(5000);
  });
});
