/**
 * Who are we running as, is that an elevated administrator, and is it the person at the console?
 * See docs/elevation.md for why each answer matters. Parsing is pure and unit-tested; the probes run
 * fixed programs with argument vectors (never a command string built from data).
 */
import { execFile, spawn } from 'node:child_process';
import os from 'node:os';
import type { ElevationInfo } from '../common/ipc';

/** Well-known SIDs (https://learn.microsoft.com/windows/win32/secauthz/well-known-sids). */
const HIGH_MANDATORY_LEVEL = 'S-1-16-12288';
const SYSTEM_MANDATORY_LEVEL = 'S-1-16-16384';
const ADMINISTRATORS = 'S-1-5-32-544';
const PROBE_TIMEOUT_MS = 10_000;

/**
 * `whoami /groups /fo csv /nh`: an elevated token carries the High (or System) mandatory label; a
 * UAC-filtered administrator token carries Medium and lists Administrators for "deny only". Only the
 * SIDs are compared: group names and attribute texts are translated.
 */
export function parseWhoamiGroups(csv: string): { elevated: boolean; administratorsMember: boolean } {
  let highLabel = false;
  let administratorsMember = false;
  for (const line of csv.split(/\r?\n/)) {
    const fields = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
    const sid = fields[2] ?? '';
    if (sid === HIGH_MANDATORY_LEVEL || sid === SYSTEM_MANDATORY_LEVEL) highLabel = true;
    if (sid === ADMINISTRATORS) administratorsMember = true;
  }
  return { elevated: highLabel && administratorsMember, administratorsMember };
}

/** Normalizes `DOMAIN\user` for comparison: Windows account names are case-insensitive. */
export function normalizeAccount(account: string | null | undefined): string | null {
  const trimmed = (account ?? '').trim();
  return trimmed ? trimmed.toLowerCase() : null;
}

/**
 * With over-the-shoulder UAC (a standard user, an administrator types their credentials) the elevated
 * process runs as the administrator while WSL distros and docker-users membership belong to the
 * person at the console. Unknown console user (no one signed in, a service session) is not a mismatch.
 */
export function identitiesDiffer(processUser: string, consoleUser: string | null): boolean {
  const a = normalizeAccount(processUser);
  const b = normalizeAccount(consoleUser);
  return a !== null && b !== null && a !== b;
}

export function buildElevationInfo(input: {
  elevated: boolean;
  processUser: string;
  consoleUser: string | null;
  platform: NodeJS.Platform;
}): ElevationInfo {
  return {
    elevated: input.elevated,
    processUser: input.processUser,
    consoleUser: input.consoleUser,
    identityMismatch: identitiesDiffer(input.processUser, input.consoleUser),
    canRelaunchElevated: input.platform === 'win32' && !input.elevated,
  };
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: PROBE_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
}

const POWERSHELL = 'powershell.exe';
const PS_FLAGS = ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command'];

/** Probes this Windows session. Off Windows (development), reports the POSIX user and root-ness. */
export async function detectElevation(): Promise<ElevationInfo> {
  if (process.platform !== 'win32') {
    const user = os.userInfo().username;
    return buildElevationInfo({
      elevated: process.getuid?.() === 0,
      processUser: user,
      consoleUser: user,
      platform: process.platform,
    });
  }
  const [groups, whoami, consoleUser] = await Promise.all([
    run('whoami.exe', ['/groups', '/fo', 'csv', '/nh']).catch(() => ''),
    run('whoami.exe', []).catch(() => `${process.env.USERDOMAIN ?? ''}\\${process.env.USERNAME ?? ''}`),
    // The owner of the console session, recorded before we do anything as the elevated user.
    run(POWERSHELL, [...PS_FLAGS, '(Get-CimInstance -ClassName Win32_ComputerSystem).UserName']).catch(() => ''),
  ]);
  return buildElevationInfo({
    elevated: parseWhoamiGroups(groups).elevated,
    processUser: whoami.trim(),
    consoleUser: consoleUser.trim() || null,
    platform: process.platform,
  });
}

/**
 * Starts this executable again through UAC ("Run as administrator"). The path and arguments travel
 * in environment variables that a fixed script reads, so nothing is spliced into a command line.
 * Resolves once the elevated copy was launched (the caller then quits); rejects when the user said No.
 */
export function relaunchElevated(exePath: string, args: readonly string[]): Promise<void> {
  const script =
    '$a = @(); if ($env:PUPPERWARE_RELAUNCH_ARGS) { $a = $env:PUPPERWARE_RELAUNCH_ARGS -split "`n" }; ' +
    'Start-Process -FilePath $env:PUPPERWARE_RELAUNCH_EXE -ArgumentList $a -Verb RunAs -ErrorAction Stop';
  return new Promise((resolve, reject) => {
    const child = spawn(POWERSHELL, [...PS_FLAGS, script], {
      windowsHide: true,
      stdio: 'ignore',
      env: {
        SystemRoot: process.env.SystemRoot ?? 'C:\\Windows',
        PUPPERWARE_RELAUNCH_EXE: exePath,
        PUPPERWARE_RELAUNCH_ARGS: args.join('\n'),
      },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error('Windows did not start Pupperware Setup as administrator (UAC was declined).')),
    );
  });
}

/** Restarts Windows (or signs the user out) now. Only ever called after the user chose "Restart now". */
export function restartWindows(kind: 'restart' | 'signout'): Promise<void> {
  const args = kind === 'restart' ? ['/r', '/t', '0', '/d', 'p:4:2'] : ['/l'];
  return run('shutdown.exe', args).then(() => undefined);
}
