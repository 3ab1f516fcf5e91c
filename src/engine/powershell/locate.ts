/** Finds the PowerShell that runs the step scripts. */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths';

export class PowerShellMissingError extends Error {
  override name = 'PowerShellMissingError';
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  return null;
}

/**
 * Windows: the Windows PowerShell 5.1 every Windows has. Elsewhere (simulation only): $PUPPERWARE_PWSH,
 * then the pinned copy `bash scripts/install-tools.sh` puts in .tools/, then `pwsh` on PATH.
 */
export function locatePowerShell(): string {
  const fromEnv = process.env.PUPPERWARE_PWSH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new PowerShellMissingError(`PUPPERWARE_PWSH names ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  if (process.platform === 'win32') {
    const root = process.env.SystemRoot ?? 'C:\\Windows';
    return path.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  }
  const pinned = path.join(repoRoot(), '.tools', 'pwsh', 'pwsh');
  if (existsSync(pinned) && isExecutable(pinned)) return pinned;
  const found = onPath('pwsh');
  if (found) return found;
  throw new PowerShellMissingError(
    'PowerShell 7 was not found. Install it into this checkout with: bash scripts/install-tools.sh',
  );
}

/**
 * Like locatePowerShell, but on a machine without Windows and without PowerShell it first installs the
 * pinned copy into .tools/ (scripts/install-tools.sh, from NuGet), so `npm ci && npm run demo` is enough.
 */
export function ensurePowerShell(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string {
  try {
    return locatePowerShell();
  } catch (err) {
    const script = path.join(repoRoot(), 'scripts', 'install-tools.sh');
    if (process.platform === 'win32' || process.env.PUPPERWARE_PWSH || !existsSync(script) || !onPath('dotnet'))
      throw err;
    log('PowerShell 7 is not installed in this checkout yet: installing it (scripts/install-tools.sh)…');
    const r = spawnSync('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0)
      throw new PowerShellMissingError(
        `Installing PowerShell failed (exit ${r.status}). Run: bash scripts/install-tools.sh`,
      );
    return locatePowerShell();
  }
}
