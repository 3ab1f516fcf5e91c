/**
 * Crash safety: the run is killed with SIGKILL at many points across fresh-win10-2004 (inside the
 * Set of every step, before and right after its change, and between journal writes), started
 * again each time, and must end succeeded with every change applied exactly once.
 *
 * The kills form one chain on one simulated PC: each start after a kill is itself killed at the next
 * point, so every point is also a "start again after a kill" for the point before it. The last start
 * runs to the end. Each kill point is recorded with what had changed by then.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, readReport, readState, tempDir } from '../cli/helpers';

type Point =
  | { kind: 'set-start'; step: string; title: string }
  | { kind: 'after-change'; step: string; op: string }
  | { kind: 'journal-write'; offset: number };

const STEPS: { step: string; title: string; op?: string }[] = [
  { step: 'preflight', title: 'Check this PC' },
  { step: 'pending-restart', title: 'Check for a pending restart' },
  { step: 'features', title: 'Turn on WSL and Virtual Machine Platform', op: 'enable-feature' },
  { step: 'docker-desktop', title: 'Install Docker Desktop', op: 'install-docker-desktop' },
  { step: 'docker-users', title: 'Allow you to use Docker (docker-users)', op: 'add-group-member' },
  { step: 'firewall', title: "Allow Docker's backend through the firewall", op: 'new-firewall-rule' },
  { step: 'wsl-update', title: 'Update WSL and its Linux kernel', op: 'wsl-update' },
  { step: 'wsl-default-version', title: 'Make WSL 2 the default', op: 'set-default-version' },
  { step: 'distro', title: 'Install Ubuntu', op: 'install-distro' },
  { step: 'distro-user', title: 'Create your Linux user', op: 'create-user' },
  { step: 'engine-start', title: 'Start the Docker engine' },
  { step: 'validate', title: 'Check that Linux containers run' },
];

/** The points, in the order a run reaches them; a journal-write kill after every other step point. */
function killPoints(): Point[] {
  const points: Point[] = [];
  let n = 0;
  for (const s of STEPS) {
    points.push({ kind: 'set-start', step: s.step, title: s.title });
    if (n++ % 2 === 0) points.push({ kind: 'journal-write', offset: 1 + (n % 3) });
    if (s.op) {
      points.push({ kind: 'after-change', step: s.step, op: s.op });
      if (n++ % 2 === 0) points.push({ kind: 'journal-write', offset: 1 + (n % 3) });
    }
  }
  return points;
}

const CANARY = 'Kill-Test-Canary-42';

function journalWrites(dataDir: string): number {
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, 'journal.json'), 'utf8')) as { writes: number }).writes;
  } catch {
    return 0;
  }
}

function changeOps(statePath: string): string[] {
  try {
    return readState(statePath).changes.map((c) => c.op);
  } catch {
    return [];
  }
}

interface Attempt {
  point: string;
  killed: boolean;
  code: number | null;
  changesAtKill: number;
  output: string;
}

function start(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; stdout: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, PUPPERWARE_SETUP_PASSWORD: CANARY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, done };
}

/** Starts the run with one kill point armed; resolves when the process died or ended. */
async function attempt(point: Point, args: string[], dataDir: string, statePath: string): Promise<Attempt> {
  const env: Record<string, string> = {};
  const killAtWrite = journalWrites(dataDir) + (point.kind === 'journal-write' ? point.offset : 0);
  if (point.kind === 'journal-write') env.PUPPERWARE_TEST_KILL_AFTER_JOURNAL_WRITE = String(killAtWrite);
  const baseline = changeOps(statePath).filter((op) => point.kind === 'after-change' && op === point.op).length;
  const run = start(args, env);
  let killed = point.kind === 'journal-write';
  let changesAtKill = 0;
  const timer = setInterval(() => {
    if (run.child.exitCode !== null) return;
    if (point.kind === 'set-start' && run.stdout().includes(`── ${point.title} · Set ·`)) {
      // The Set process has started; PowerShell is still loading: kill before it changes anything.
      clearInterval(timer);
      setTimeout(() => {
        killed = true;
        changesAtKill = changeOps(statePath).length;
        run.child.kill('SIGKILL');
      }, 150);
    }
    if (point.kind === 'after-change' && changeOps(statePath).filter((op) => op === point.op).length > baseline) {
      // The change is applied, its result and the journal not yet written: the most dangerous moment.
      clearInterval(timer);
      killed = true;
      changesAtKill = changeOps(statePath).length;
      run.child.kill('SIGKILL');
    }
  }, 10);
  const code = await run.done;
  clearInterval(timer);
  const label = point.kind === 'journal-write' ? `after journal write #${killAtWrite}` : `${point.kind} ${point.step}`;
  if (point.kind === 'journal-write') changesAtKill = changeOps(statePath).length;
  return { point: label, killed: killed && code === null, code, changesAtKill, output: run.stdout() };
}

describe('killed at any moment, started again', () => {
  it('converges on succeeded with every change applied exactly once', { timeout: 1_500_000 }, async () => {
    const dir = tempDir('kill-');
    const statePath = path.join(dir, 'pc.json');
    const dataDir = path.join(dir, 'data');
    const report = path.join(dir, 'r.json');
    const args = [
      'run',
      '--simulate',
      'fresh-win10-2004',
      '--sim-state',
      statePath,
      '--data-dir',
      dataDir,
      '--auto-reboot',
      '--firewall',
      '--report',
      report,
    ];

    const attempts: Attempt[] = [];
    for (const point of killPoints()) {
      const a = await attempt(point, args, dataDir, statePath);
      attempts.push(a);
      // A start that was not killed finished the run early: the remaining points cannot be reached.
      if (!a.killed) break;
    }
    const killedAt = attempts.filter((a) => a.killed);
    const final = start(args, {});
    const code = await final.done;
    const summary = attempts
      .map(
        (a) =>
          `${a.killed ? 'killed' : `ended ${a.code}`} at ${a.point} (${a.changesAtKill} changes)${a.killed ? '' : `\n${a.output.slice(-4000)}`}`,
      )
      .join('\n');
    expect(code, `${summary}\n${final.stdout()}`).toBe(0);
    expect(killedAt.length, summary).toBeGreaterThanOrEqual(30);
    expect(new Set(killedAt.map((a) => a.point)).size).toBeGreaterThanOrEqual(30);

    const r = readReport(report);
    expect(r.outcome).toBe('succeeded');
    for (const check of r.validation) expect(check.status, check.id).toBe('pass');

    const state = readState(statePath);
    const applied = state.changes
      .filter((c) => !['register-task', 'unregister-task'].includes(c.op))
      .map((c) => `${c.op} ${c.target}`);
    expect(new Set(applied).size, applied.join('\n')).toBe(applied.length);
    for (const op of [
      'enable-feature',
      'install-docker-desktop',
      'add-group-member',
      'new-firewall-rule',
      'wsl-update',
      'install-distro',
      'create-user',
    ]) {
      expect(
        applied.some((c) => c.startsWith(`${op} `)),
        op,
      ).toBe(true);
    }
    // The resume task is registered at most once per restart request and is gone at the end.
    expect(state.scheduledTasks).toEqual([]);
    expect(existsSync(path.join(dataDir, 'journal.lock'))).toBe(false);
  });
});
