import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv } from '../fixtures/child-env.js';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'seed-story');

function runDigest(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'digest.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: childEnv(),
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
  });
});
