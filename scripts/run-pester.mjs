// Runs the Pester suite with the project's PowerShell. Under CI=true a missing tool is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pwsh = process.env.PUPPERWARE_PWSH ?? path.join(root, '.tools', 'pwsh', 'pwsh');
const pester =
  process.env.PESTER_MODULE ?? path.join(root, '.tools', 'nuget', 'pester', '5.7.1', 'tools', 'Pester.psd1');
let missing = [pwsh, pester].filter((p) => !existsSync(p));
if (missing.length > 0 && !process.env.PUPPERWARE_PWSH && spawnSync('dotnet', ['--version']).status === 0) {
  console.log('Pester suite: installing PowerShell and Pester first (scripts/install-tools.sh)');
  spawnSync('bash', [path.join(root, 'scripts', 'install-tools.sh')], { stdio: 'inherit' });
  missing = [pwsh, pester].filter((p) => !existsSync(p));
}
if (missing.length > 0) {
  const msg = `Pester suite: missing ${missing.join(', ')}. Install with: bash scripts/install-tools.sh`;
  if (process.env.CI === 'true') {
    console.error(`FAIL ${msg}`);
    process.exit(1);
  }
  console.error(`\n*** SKIPPING THE PESTER SUITE *** ${msg}\n`);
  process.exit(0);
}
const r = spawnSync(
  pwsh,
  [
    '-NoLogo',
    '-NoProfile',
    '-NonInteractive',
    '-File',
    path.join(root, 'tests', 'powershell', 'Invoke-PesterSuite.ps1'),
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, PESTER_MODULE: pester, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' },
  },
);
process.exit(r.status ?? 1);
