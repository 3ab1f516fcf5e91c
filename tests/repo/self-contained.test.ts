import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A clone with nothing beside it must pass: no code or test may reach outside the repository
 * (the project's shared folder beside the checkout exists only on its developers' machines). `.ci/run` proves it by
 * running the suite in a lone copy; this test names the offending file at once.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const fixturesDir = path.join(repoRoot, 'tests/fixtures/windows-outputs');
// Built from parts so that this file does not name what it looks for.
const OUTSIDE = [['..', 'shared'].join('/'), ['', 'work', 'shared'].join('/')];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

describe('the repository is self-contained', () => {
  it('nothing under src, tests, scripts or bench names the shared folder beside the checkout', () => {
    const offenders: string[] = [];
    for (const top of ['src', 'tests', 'scripts', 'bench']) {
      for (const f of files(path.join(repoRoot, top))) {
        if (f.startsWith(fixturesDir)) continue; // recorded outputs, not code
        if (!/\.(ts|tsx|mts|mjs|cjs|js|json|ps1|psm1|psd1|sh|md)$/.test(f)) continue;
        const text = readFileSync(f, 'utf8');
        if (OUTSIDE.some((o) => text.includes(o))) offenders.push(path.relative(repoRoot, f));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every recorded Windows output in the repository is listed in its SOURCES.md', () => {
    const sources = readFileSync(path.join(fixturesDir, 'SOURCES.md'), 'utf8');
    const unlisted = readdirSync(fixturesDir).filter((n) => n !== 'SOURCES.md' && !sources.includes(n));
    expect(unlisted).toEqual([]);
  });
});
