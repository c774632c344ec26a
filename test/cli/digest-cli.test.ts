import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { childEnv } from '../fixtures/child-env.js';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'seed-story');

function runDigest(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'digest.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: childEnv(env),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run digest', () => {
  it('prints only the public JSON on stdout with --json', () => {
    const { code, stdout } = runDigest(['--json', '--content', fixtures]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { generatedAt: string; stories: Array<Record<string, unknown>>; problems: unknown[] };
    expect(Object.keys(json)).toEqual(['generatedAt', 'stories', 'problems']);
    expect(Object.keys(json.stories[0] ?? {})).toEqual(['id', 'headline', 'summary', 'sources', 'quotes', 'whatsNext', 'outletCount', 'syndication', 'articleIds', 'follows']);
    expect(json.stories).toHaveLength(1);
  });

  it('answers a bad argument with the usage line and exit code 2', () => {
    const { code, stderr, stdout } = runDigest(['--summary-sentences', '9']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--summary-sentences needs a whole number from 1 to 3');
    expect(stderr).toContain('Usage: npm run --silent digest --');
    const backwards = runDigest(['--since', '2025-11-30', '--until', '2025-11-29']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--since (2025-11-30) must be before --until (2025-11-29)');
  });

  it('includes the articles the feed poller stored, as the bot’s digest does (--no-feeds leaves them out)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brief-digest-cli-'));
    try {
      const dataDir = join(dir, 'data');
      const store = openSqliteStore(dataDir);
      const hourAgo = new Date(Date.now() - 3_600_000);
      await store.upsertArticles(
        [{
          feedUrl: 'https://courier.example/rss', guid: 'c-1', url: 'https://courier.example/bridge', title: 'Harbour bridge to close for six weeks',
          source: 'Northbay Courier', author: null, publishedAt: hourAgo, publishedOffsetMinutes: 0, standfirst: null,
          paragraphs: ['The harbour bridge will close for six weeks of repairs, the council said on Monday.'], fingerprint: 'fp-c-1', fullText: false,
        }],
        hourAgo,
      );
      await store.close();
      const args = ['--content', fixtures];
      const sourcesFile = join(dir, 'sources.yaml');
      writeFileSync(sourcesFile, 'feeds:\n  - url: https://courier.example/rss\n');
      const withFeeds = runDigest(args, { DATA_DIR: dataDir, SOURCES_FILE: sourcesFile });
      expect(withFeeds.code).toBe(0);
      expect(withFeeds.stdout).toContain('Harbour bridge to close for six weeks');
      expect(withFeeds.stdout).toContain('Northbay Courier');
      const without = runDigest([...args, '--no-feeds'], { DATA_DIR: dataDir, SOURCES_FILE: sourcesFile });
      expect(without.code).toBe(0);
      expect(without.stdout).not.toContain('Harbour bridge');
      // No sources file: the bot sends the content folder alone, and so does this.
      const noSources = runDigest(args, { DATA_DIR: dataDir, SOURCES_FILE: join(dir, 'none.yaml') });
      expect(noSources.code).toBe(0);
      expect(noSources.stdout).not.toContain('Harbour bridge');

      // Nothing fetched yet: the read-only command makes no data folder.
      const fresh = join(dir, 'never-made');
      expect(runDigest(args, { DATA_DIR: fresh, SOURCES_FILE: sourcesFile }).code).toBe(0);
      expect(existsSync(fresh)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
