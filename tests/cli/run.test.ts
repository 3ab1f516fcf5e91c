import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesUnder, readReport, readState, tempDir } from './helpers';

const CANARY = 'Canary-7f3b9e-pw!';

describe('run --simulate fresh-win10-2004 --auto-reboot', () => {
  const dir = tempDir();
  const state = path.join(dir, 'pc.json');
  const data = path.join(dir, 'data');
  const first = path.join(dir, 'r1.json');
  const second = path.join(dir, 'r2.json');
  let run1: Awaited<ReturnType<typeof cli>>;

  it('succeeds with exactly one restart, and every validation check passes', async () => {
    run1 = await cli(
      [
        'run',
        '--simulate',
        'fresh-win10-2004',
        '--sim-state',
        state,
        '--data-dir',
        data,
        '--auto-reboot',
        '--report',
        first,
      ],
      { PUPPERWARE_SETUP_PASSWORD: CANARY },
    );
    expect(run1.code, run1.stdout + run1.stderr).toBe(0);
    const r = readReport(first);
    expect(r.outcome).toBe('succeeded');
    expect(r.reboots).toBe(1);
    expect(r.validation.length).toBeGreaterThan(5);
    for (const check of r.validation) expect(check.status, `${check.id}: ${check.observed}`).toBe('pass');
    expect(r.steps.filter((s) => s.changed).map((s) => s.id)).toEqual(
      expect.arrayContaining(['features', 'docker-desktop', 'docker-users', 'wsl-update', 'distro', 'distro-user']),
    );
    // The live step output reached the console.
    expect(run1.stdout).toMatch(/Restart|restart/);
    expect(run1.stdout).toMatch(/Logon task "PupperwareSetupResume" started/);
  });

  it('a second run on the same machine changes nothing', async () => {
    const before = readState(state).changes.length;
    const run2 = await cli(
      [
        'run',
        '--simulate',
        'fresh-win10-2004',
        '--sim-state',
        state,
        '--data-dir',
        data,
        '--auto-reboot',
        '--report',
        second,
      ],
      {
        PUPPERWARE_SETUP_PASSWORD: CANARY,
      },
    );
    expect(run2.code, run2.stdout + run2.stderr).toBe(0);
    const r = readReport(second);
    expect(r.outcome).toBe('succeeded');
    expect(r.reboots).toBe(0);
    expect(r.steps.filter((s) => s.changed)).toEqual([]);
    expect(readState(state).changes.length).toBe(before);
  });

  it('applied each change exactly once and left no resume task', () => {
    const s = readState(state);
    const keys = s.changes.map((c) => `${c.op} ${c.target}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(s.scheduledTasks.filter((t) => t.name === 'PupperwareSetupResume')).toEqual([]);
  });

  it('never writes the password: not in the data dir, the reports, the machine state or the console', () => {
    const files = [...filesUnder(data), first, second, state];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(f, 'latin1').includes(CANARY), f).toBe(false);
    expect(run1.stdout.includes(CANARY)).toBe(false);
    expect(run1.stderr.includes(CANARY)).toBe(false);
  });
});

describe('plans', () => {
  it('win11-home: Hyper-V is not applicable, and the plan says why', async () => {
    const r = await cli(['plan', '--simulate', 'win11-home', '--data-dir', tempDir()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Hyper-V/);
    expect(r.stdout).toMatch(/Home/);
  });

  it('provisioned: everything is already done', async () => {
    const r = await cli(['plan', '--simulate', 'provisioned', '--data-dir', tempDir()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/Will do/);
    expect(r.stdout).toMatch(/Already done/);
  });
});

describe('blocked machines', () => {
  for (const [scenario, words] of [
    ['build-18363', /Windows Update|update Windows|too old/i],
    ['no-virtualization', /firmware|BIOS|UEFI/i],
  ] as const) {
    it(`${scenario} ends blocked before anything changes, with a diagnosis a user understands`, async () => {
      const dir = tempDir();
      const report = path.join(dir, 'r.json');
      const state = path.join(dir, 'pc.json');
      const r = await cli(
        [
          'run',
          '--simulate',
          scenario,
          '--sim-state',
          state,
          '--data-dir',
          path.join(dir, 'd'),
          '--auto-reboot',
          '--report',
          report,
        ],
        {
          PUPPERWARE_SETUP_PASSWORD: CANARY,
        },
      );
      expect(r.code, r.stdout + r.stderr).toBe(3);
      const rep = readReport(report);
      expect(rep.outcome).toBe('blocked');
      expect(rep.reboots).toBe(0);
      expect(`${rep.diagnosis?.explanation} ${rep.diagnosis?.fixSteps.join(' ')}`).toMatch(words);
      expect(readState(state).changes).toEqual([]);
    });
  }
});

describe('bad input', () => {
  it('an invalid user name is refused with the rule, and nothing runs', async () => {
    const r = await cli(['run', '--simulate', 'fresh-win10-2004', '--data-dir', tempDir(), '--user', 'Bad User!']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/distroUser: Use 1 to 32 characters/);
  });

  it('an unknown scenario lists the shipped ones', async () => {
    const r = await cli(['plan', '--simulate', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown scenario "nope"/);
  });

  it('a malformed config file names the bad field', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ dockerSource: 'scoop' }));
    const r = await cli(['run', '--simulate', 'fresh-win10-2004', '--data-dir', dir, '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dockerSource/);
  });

  it('a password flag does not exist', async () => {
    const r = await cli(['run', '--simulate', 'fresh-win10-2004', '--password', 'x']);
    expect(r.code).toBe(2);
  });
});
