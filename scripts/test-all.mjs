// The one test command (npm test): typecheck, lint, the PowerShell parser check and Pester suite,
// the vitest suites, then the browser end-to-end tests. Stops at nothing: runs every part and fails
// if any part failed.
import { spawnSync } from 'node:child_process';

const parts = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['biome', 'check', 'src', 'tests', 'scripts', 'bench']],
  ['pester', 'node', ['scripts/run-pester.mjs']],
  ['vitest', 'npx', ['vitest', 'run']],
  ['e2e', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.mts']],
];
const only = process.argv.slice(2);
const results = [];
for (const [name, cmd, args] of parts) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n===== ${name}: ${cmd} ${args.join(' ')} =====`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  results.push({ name, ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}
console.log('\n===== summary =====');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`parts: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
