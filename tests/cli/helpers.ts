/** Runs the real command line (bin/pupperware-setup.cjs) as a user would, in a temp folder. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'pupperware-setup.cjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'pws-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 240_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, PUPPERWARE_SETUP_PASSWORD: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pupperware-setup ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export interface Report {
  outcome: string;
  reboots: number;
  steps: { id: string; status: string; changed: boolean; durationMs: number }[];
  validation: { id: string; status: string; observed: string }[];
  diagnosis?: { id: string; title: string; explanation: string; fixSteps: string[] };
}

export function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

export interface SimChange {
  seq: number;
  op: string;
  target: string;
}

export function readState(file: string): {
  changes: SimChange[];
  scheduledTasks: { name: string }[];
  [k: string]: unknown;
} {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every file below a folder, for secret scans. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}
