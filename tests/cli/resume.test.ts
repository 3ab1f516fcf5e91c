/** Restarts, sign-outs, the resume task, the loop guard and damaged journals, through the real CLI. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, ROOT, readReport, readState, tempDir } from './helpers';

const PW = { PUPPERWARE_SETUP_PASSWORD: 'Resume-Canary-9' };

function machine(dir: string) {
  return { state: path.join(dir, 'pc.json'), data: path.join(dir, 'data'), report: path.join(dir, 'r.json') };
}

function tasks(statePath: string): string[] {
  return readState(statePath).scheduledTasks.map((t) => t.name);
}

describe('a restart by hand, without --auto-reboot', () => {
  const dir = tempDir('resume-');
  const m = machine(dir);
  const base = ['--simulate', 'fresh-win10-2004', '--sim-state', m.state, '--data-dir', m.data];

  it('stops with reboot-required and says what happens next', async () => {
    const r = await cli(['run', ...base, '--report', m.report], PW);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(readReport(m.report).outcome).toBe('reboot-required');
    expect(r.stdout).toMatch(/Windows needs to restart/);
    expect(r.stdout).toMatch(/opens again by itself after you sign in/);
    expect(r.stdout).toMatch(/pupperware-setup sim restart/);
    expect(tasks(m.state)).toEqual(['PupperwareSetupResume']);
    const task = readState(m.state).scheduledTasks[0] as unknown as Record<string, unknown>;
    expect(task).toMatchObject({
      trigger: 'logon',
      runLevel: 'Highest',
      allowOnBatteries: true,
      user: 'DESKTOP-PUP\\dev',
    });
    expect(String(task.execute)).toMatch(/^C:\\Program Files\\/);
    expect(String(task.arguments)).toMatch(/--resume/);
  });

  it('a Fast Startup shut-down (same boot time) is reported as still pending', async () => {
    const sim = await cli(['sim', 'restart', '--sim-state', m.state, '--fast-startup']);
    expect(sim.code).toBe(0);
    const r = await cli(['run', ...base, '--resume', '--report', m.report], PW);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stdout).toMatch(/has not restarted yet/);
    expect(r.stdout).toMatch(/Fast Startup/);
    expect(readReport(m.report).outcome).toBe('reboot-required');
  });

  it('after a real restart, --resume completes the run and removes the task', async () => {
    const sim = await cli(['sim', 'restart', '--sim-state', m.state]);
    expect(sim.stdout).toMatch(/Logon task fired: PupperwareSetupResume/);
    const r = await cli(['run', ...base, '--resume', '--report', m.report], PW);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Restart confirmed/);
    const rep = readReport(m.report);
    expect(rep.outcome).toBe('succeeded');
    expect(rep.reboots).toBe(1);
    expect(tasks(m.state)).toEqual([]);
  });

  it('--resume with nothing to resume says so', async () => {
    const r = await cli(['run', ...base, '--resume']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Nothing to resume/);
  });
});

describe('the resume happens only through the registered logon task', () => {
  it('without the task, a restart does not continue the run', async () => {
    const m = machine(tempDir('notask-'));
    const base = ['--simulate', 'fresh-win10-2004', '--sim-state', m.state, '--data-dir', m.data];
    expect((await cli(['run', ...base], PW)).code).toBe(4);
    // Someone deletes the task before the restart.
    const s = JSON.parse(readFileSync(m.state, 'utf8'));
    s.scheduledTasks = [];
    writeFileSync(m.state, JSON.stringify(s));
    const r = await cli(['run', ...base, '--resume', '--auto-reboot', '--report', m.report], PW);
    // The same boot: still pending; --auto-reboot restarts, but no logon task fires, so nothing resumes.
    expect(r.stdout).toMatch(/The resume task did not fire/);
    expect(r.code).toBe(4);
    expect(readReport(m.report).outcome).toBe('reboot-required');
  });
});

describe('loop guard', () => {
  it('a feature that never becomes active ends failed with a diagnosis, within 3 restarts', async () => {
    const m = machine(tempDir('loop-'));
    const r = await cli(
      [
        'run',
        '--simulate',
        'feature-never-activates',
        '--sim-state',
        m.state,
        '--data-dir',
        m.data,
        '--auto-reboot',
        '--report',
        m.report,
      ],
      PW,
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const rep = readReport(m.report);
    expect(rep.outcome).toBe('failed');
    expect(rep.reboots).toBeGreaterThanOrEqual(1);
    expect(rep.reboots).toBeLessThanOrEqual(3);
    expect(rep.diagnosis?.id).toBe('RESTART_DID_NOT_APPLY');
    expect(rep.diagnosis?.explanation).toMatch(/still waits for a restart/);
    expect(tasks(m.state)).toEqual([]);
  });
});

describe('sign-out instead of restart', () => {
  it('docker-users membership is applied through a sign-out with the same resume task', async () => {
    const m = machine(tempDir('signout-'));
    const r = await cli(
      [
        'run',
        '--simulate',
        'not-in-docker-users',
        '--sim-state',
        m.state,
        '--data-dir',
        m.data,
        '--auto-reboot',
        '--report',
        m.report,
      ],
      PW,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Simulated sign-out and sign-in/);
    expect(r.stdout).toMatch(/Sign-in confirmed/);
    const rep = readReport(m.report);
    expect(rep.outcome).toBe('succeeded');
    expect(rep.reboots).toBe(0);
    expect(tasks(m.state)).toEqual([]);
  });
});

describe('cancellation', () => {
  it('Ctrl+C ends the run as cancelled and leaves no resume task', async () => {
    const m = machine(tempDir('cancel-'));
    const base = ['--simulate', 'fresh-win10-2004', '--sim-state', m.state, '--data-dir', m.data];
    expect((await cli(['run', ...base], PW)).code).toBe(4);
    expect(tasks(m.state)).toEqual(['PupperwareSetupResume']);
    await cli(['sim', 'restart', '--sim-state', m.state]);
    const child = spawn(process.execPath, [BIN, 'run', ...base, '--resume', '--report', m.report], {
      cwd: ROOT,
      env: { ...process.env, ...PW },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let sent = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!sent && out.includes('── Install Ubuntu · Set ·')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, out).toBe(5);
    expect(readReport(m.report).outcome).toBe('cancelled');
    expect(tasks(m.state)).toEqual([]);
  });
});

describe('a damaged journal', () => {
  it('is kept aside, reported, and the machine is re-detected; the run completes', async () => {
    const m = machine(tempDir('damaged-'));
    const base = ['--simulate', 'fresh-win10-2004', '--sim-state', m.state, '--data-dir', m.data];
    expect((await cli(['run', ...base], PW)).code).toBe(4);
    const journal = path.join(m.data, 'journal.json');
    writeFileSync(journal, readFileSync(journal, 'utf8').slice(0, 100));
    const r = await cli(['run', ...base, '--auto-reboot', '--report', m.report], PW);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/saved progress could not be used because it is not valid JSON/);
    expect(readReport(m.report).outcome).toBe('succeeded');
    expect(readdirSync(m.data).some((f) => f.startsWith('journal.damaged-'))).toBe(true);
  });

  it('from another app version gives a clear message and nothing crashes', async () => {
    const m = machine(tempDir('version-'));
    const base = ['--simulate', 'provisioned', '--sim-state', m.state, '--data-dir', m.data];
    expect((await cli(['run', ...base], PW)).code).toBe(0);
    const journal = path.join(m.data, 'journal.json');
    const j = JSON.parse(readFileSync(journal, 'utf8'));
    writeFileSync(journal, JSON.stringify({ ...j, appVersion: '0.0.1', phase: 'running' }));
    const r = await cli(['run', ...base, '--report', m.report], PW);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/written by Pupperware Setup 0\.0\.1/);
    expect(r.stdout).toMatch(/checks this PC again/);
  });
});

describe('two runs at once', () => {
  it('the second one is refused with a clear message', async () => {
    const m = machine(tempDir('twice-'));
    const base = ['run', '--simulate', 'fresh-win10-2004', '--sim-state', m.state, '--data-dir', m.data];
    const first = cli(base, PW);
    await new Promise((r) => setTimeout(r, 2500));
    const second = await cli(base, PW);
    expect(second.code).toBe(6);
    expect(second.stderr).toMatch(/Another Pupperware Setup run is in progress/);
    expect((await first).code).toBe(4);
  });
});
