/** Where the engine finds its PowerShell scripts and keeps its data. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The checkout (or the unpacked resources folder of the packaged app). */
export function repoRoot(): string {
  // src/engine/paths.ts → two levels up. A packaged app sets PUPPERWARE_RESOURCES instead.
  return path.resolve(__dirname, '..', '..');
}

export function powershellRoot(): string {
  // The packaged app ships the scripts as extraResources (powershell.exe -File cannot read inside asar).
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  for (const dir of [process.env.PUPPERWARE_RESOURCES, packaged]) {
    if (dir && existsSync(path.join(dir, 'powershell', 'steps'))) return path.join(dir, 'powershell');
  }
  return path.join(repoRoot(), 'src', 'powershell');
}

/** %ProgramData%\PupperwareSetup on Windows, the XDG state folder elsewhere. */
export function defaultDataDir(): string {
  if (process.platform === 'win32') {
    return path.join(process.env.ProgramData ?? 'C:\\ProgramData', 'PupperwareSetup');
  }
  const state = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(state, 'pupperware-setup');
}
