import { describe, expect, it } from 'vitest';
import { type RunOptionsInput, RunOptionsSchema, type ValidationCheck } from '../../../src/common/contract';
import { CHECK_IDS, evaluateValidation, ValidateFactsSchema } from '../../../src/engine/validation';
import { quoted, shared } from '../../fixtures/troubleshooting/load';

const USER = 'DESKTOP-PUP\\dev';
const opts = (extra: Partial<RunOptionsInput> = {}) => RunOptionsSchema.parse({ distroUser: 'puppet', ...extra });
const run = (stdout: string, exitCode = 0, stderr = '') => ({ exitCode, stdout, stderr });
const byId = (checks: ValidationCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

/** A healthy PC today, from real captured outputs. */
function healthyFacts() {
  return {
    build: 19045,
    features: {
      'Microsoft-Windows-Subsystem-Linux': 'Enabled',
      VirtualMachinePlatform: 'Enabled',
      'Microsoft-Hyper-V': 'Disabled',
    },
    dockerUsers: ['DESKTOP-PUP\\dev'],
    firewallRule: false,
    distroDefaultUser: 'puppet',
    commands: {
      wslListVerbose: run(shared('wsl-l-v.en.3.txt')),
      wslStatus: run(shared('wsl-status.store.2.txt')),
      wslVersion: run(shared('wsl-version-status.store.5-2.6.3.txt')),
      dockerVersionJson: run('', 1, 'template parsing error'),
      dockerVersion: run(shared('docker-version.dd-wsl2.en.2-running-4.89.txt')),
      dockerInfoJson: run(shared('docker-api-info-json.dd-wsl2.en.5-engine-28.3.2.json')),
      dockerInfo: run(shared('docker-info.dd-wsl2.en.1-engine-20.10.21.txt')),
      dockerCompose: run(shared('docker-compose-version.v2.en.2-2.19.0-stale.txt')),
      dockerComposeV1: run(shared('docker-compose-version.v1-v2-switch.en.4-dd-4.0.1.txt')),
      dockerRunUname: run(
        'Linux\n',
        0,
        shared('docker-run-alpine-uname.dd-wsl2.en.1.txt').split('\n').slice(1, 6).join('\n'),
      ),
    },
  };
}

describe('evaluateValidation', () => {
  it('passes every check on a healthy PC, in the documented order', () => {
    const checks = evaluateValidation(healthyFacts(), { options: opts(), interactiveUser: USER });
    expect(checks.map((c) => c.id)).toEqual(CHECK_IDS.filter((id) => id !== 'firewall-rule'));
    for (const c of checks) {
      expect(c.status, `${c.id}: ${c.observed}`).toBe('pass');
      expect(c.observed).not.toBe('');
      expect(c.expected).not.toBe('');
      expect(c.diagnosis).toBeUndefined();
    }
    const c = byId(checks);
    expect(c['docker-linux-engine']?.observed).toContain('6.6.87.2-microsoft-standard-WSL2');
    expect(c['docker-engine']?.observed).toContain('Docker Desktop 4.89.0');
    expect(c['docker-compose']?.observed).toContain('2.19.0');
  });

  it("turns the seed's docker info, docker version and docker-compose version into non-failing checks", () => {
    const facts = {
      ...healthyFacts(),
      commands: {
        ...healthyFacts().commands,
        dockerVersionJson: undefined,
        dockerInfoJson: run('', 1, 'unknown flag: --format'),
        dockerInfo: run(quoted('seed.docker-info.txt')),
        dockerVersion: run(quoted('seed.docker-version.txt')),
        dockerCompose: run(
          '',
          1,
          shared('docker-compose.missing-plugin.en.1.txt').replace(/^ {2}docker compose\n/, ''),
        ),
        dockerComposeV1: run(quoted('seed.docker-compose-version.txt')),
      },
    };
    const c = byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }));
    expect(c['docker-installed']).toMatchObject({ status: 'pass', observed: 'docker CLI 19.03.8' });
    expect(c['docker-engine']).toMatchObject({
      status: 'pass',
      observed: 'Docker Engine 19.03.8 (Docker Engine - Community)',
    });
    expect(c['docker-linux-engine']).toMatchObject({ status: 'pass' });
    expect(c['docker-linux-engine']?.observed).toBe(
      'OSType linux, kernel 4.19.84-microsoft-standard, "Docker Desktop"',
    );
    // The seed's compose is v1 (1.26.0-rc3): accepted, with a warning that says which.
    expect(c['docker-compose']?.status).toBe('warn');
    expect(c['docker-compose']?.observed).toMatch(/docker-compose 1\.26\.0-rc3 \(Compose v1/);
  });

  it('engine not running: docker-engine fails with "start the engine" and Fix it', () => {
    const notRunning = shared('docker-version.dd-wsl2.en.3-engine-not-running-4.49.txt');
    const facts = {
      ...healthyFacts(),
      commands: {
        ...healthyFacts().commands,
        dockerVersion: run(
          notRunning.split('\n').slice(0, 8).join('\n'),
          1,
          notRunning.split('\n').slice(8).join('\n'),
        ),
        dockerInfoJson: run('', 1, shared('docker-ps.dd-wsl2.en.1-engine-not-running-4.49.txt')),
        dockerInfo: run(quoted('docker-engine-not-running.docker-for-win-7310-docker-info.txt'), 1),
        dockerRunUname: run('', 125, `docker: ${shared('docker-ps.dd-wsl2.en.1-engine-not-running-4.49.txt')}`),
      },
    };
    const c = byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }));
    expect(c['docker-installed']?.status).toBe('pass');
    expect(c['docker-engine']).toMatchObject({
      status: 'fail',
      diagnosis: { id: 'docker-engine-not-running', fixId: 'start-engine' },
    });
    expect(c['docker-engine']?.observed).toMatch(/did not answer: error during connect/);
    expect(c['docker-engine']?.remediation).toMatch(/Start Docker Desktop/);
    expect(c['docker-linux-engine']).toMatchObject({ status: 'fail', diagnosis: { fixId: 'start-engine' } });
    expect(c['docker-run-linux']).toMatchObject({ status: 'fail', diagnosis: { id: 'docker-engine-not-running' } });
  });

  it('user not in docker-users: the check fails with "add to docker-users" and Fix it', () => {
    const facts = { ...healthyFacts(), dockerUsers: ['DESKTOP-PUP\\admin'] };
    const c = byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }));
    expect(c['docker-users']).toMatchObject({
      status: 'fail',
      observed: 'DESKTOP-PUP\\dev is not a member (members: DESKTOP-PUP\\admin)',
      diagnosis: { id: 'docker-users-missing', fixId: 'add-docker-users' },
    });
    expect(c['docker-users']?.remediation).toMatch(/sign out/);
  });

  it('reads docker-users members in the shapes PowerShell 5.1 produces, and the service account', () => {
    const ctx = { options: opts({ serviceAccount: 'NT AUTHORITY\\NETWORK SERVICE' }), interactiveUser: USER };
    const scalar = byId(evaluateValidation({ ...healthyFacts(), dockerUsers: 'desktop-pup\\DEV' }, ctx));
    expect(scalar['docker-users']).toMatchObject({
      status: 'fail',
      observed: expect.stringContaining('NT AUTHORITY\\NETWORK SERVICE is not a member'),
    });
    const objects = byId(
      evaluateValidation(
        { ...healthyFacts(), dockerUsers: [{ Name: 'DESKTOP-PUP\\dev' }, { Name: 'NT AUTHORITY\\NETWORK SERVICE' }] },
        ctx,
      ),
    );
    expect(objects['docker-users']?.status).toBe('pass');
    const otherDomain = byId(
      evaluateValidation(
        { ...healthyFacts(), dockerUsers: ['AzureAD\\dev'] },
        { options: opts(), interactiveUser: USER },
      ),
    );
    expect(otherDomain['docker-users']?.status).toBe('fail');
  });

  it('compose missing: docker-compose fails with "repair Docker Desktop" and Fix it', () => {
    const facts = {
      ...healthyFacts(),
      commands: {
        ...healthyFacts().commands,
        dockerCompose: run(
          '',
          1,
          shared('docker-compose.missing-plugin.en.1.txt').replace(/^ {2}docker compose\n/, ''),
        ),
        dockerComposeV1: run(
          '',
          1,
          "docker-compose : The term 'docker-compose' is not recognized as the name of a cmdlet, function, script file, or operable program.",
        ),
      },
    };
    const c = byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }));
    expect(c['docker-compose']).toMatchObject({
      status: 'fail',
      diagnosis: { id: 'compose-missing', fixId: 'repair-docker-desktop' },
    });
    expect(c['docker-compose']?.observed).toMatch(/'compose' is not a docker command/);
    expect(c['docker-compose']?.remediation).toMatch(/Repair Docker Desktop/);
  });

  it('accepts docker-compose v1 with a warning, and the v2 shim with a warning', () => {
    const v1 = {
      ...healthyFacts(),
      commands: {
        ...healthyFacts().commands,
        dockerCompose: run('', 1, "docker: 'compose' is not a docker command."),
        dockerComposeV1: run(shared('docker-compose-version.v1.en.2-1.29.2.txt')),
      },
    };
    expect(byId(evaluateValidation(v1, { options: opts(), interactiveUser: USER }))['docker-compose']).toMatchObject({
      status: 'warn',
      observed: expect.stringContaining('1.29.2'),
    });
    const shim = { ...v1, commands: { ...v1.commands, dockerComposeV1: run('Docker Compose version v2.0.0-rc.3\n') } };
    expect(byId(evaluateValidation(shim, { options: opts(), interactiveUser: USER }))['docker-compose']?.status).toBe(
      'warn',
    );
  });

  it('only checks the firewall rule when it was asked for', () => {
    const without = evaluateValidation(healthyFacts(), { options: opts(), interactiveUser: USER });
    expect(without.find((c) => c.id === 'firewall-rule')).toBeUndefined();
    const missing = byId(
      evaluateValidation(healthyFacts(), { options: opts({ firewallRule: true }), interactiveUser: USER }),
    );
    expect(missing['firewall-rule']).toMatchObject({ status: 'fail', diagnosis: { fixId: 'add-firewall-rule' } });
    const present = byId(
      evaluateValidation(
        { ...healthyFacts(), firewallRule: true },
        { options: opts({ firewallRule: true }), interactiveUser: USER },
      ),
    );
    expect(present['firewall-rule']?.status).toBe('pass');
  });

  it('WSL: default version 1, a WSL 1 distro, an old build, pending features', () => {
    const facts = {
      ...healthyFacts(),
      build: '10.0.18363.1016',
      features: { 'Microsoft-Windows-Subsystem-Linux': 'Enabled', VirtualMachinePlatform: 'EnablePending' },
      commands: {
        ...healthyFacts().commands,
        wslListVerbose: run(quoted('distro-not-wsl2.msdocs-wsl-1061-wsl-l-v.txt')),
        wslStatus: run('Default Distribution: Ubuntu\nDefault Version: 1\n'),
        wslVersion: run(shared('wsl-version.store.1.txt')),
      },
    };
    const c = byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }));
    expect(c['windows-build']).toMatchObject({
      status: 'fail',
      observed: 'build 18363',
      diagnosis: { id: 'windows-too-old' },
    });
    expect(c['features-active']).toMatchObject({ status: 'fail', diagnosis: { id: 'features-inactive' } });
    expect(c['features-active']?.remediation).toMatch(/Restart Windows/);
    expect(c['wsl-version']).toMatchObject({ status: 'warn', observed: 'WSL 1.1.2.0, kernel 5.15.83.1' });
    expect(c['wsl-default-version']).toMatchObject({ status: 'fail', diagnosis: { fixId: 'set-default-version' } });
    expect(c['distro-wsl2']).toMatchObject({
      status: 'fail',
      observed: 'Ubuntu: VERSION 1',
      diagnosis: { fixId: 'convert-distro' },
    });
  });

  it("WSL: the inbox wsl.exe fails on the wsl --update path and warns on the seed's kernel-MSI path", () => {
    const facts = {
      ...healthyFacts(),
      commands: { ...healthyFacts().commands, wslVersion: run(shared('wsl-version.inbox-error.en.1.txt'), -1) },
    };
    expect(byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }))['wsl-version']).toMatchObject({
      status: 'fail',
      diagnosis: { id: 'wsl-inbox', fixId: 'update-wsl' },
    });
    expect(
      byId(evaluateValidation(facts, { options: opts({ wslUpdateSource: 'kernel-msi' }), interactiveUser: USER }))[
        'wsl-version'
      ]?.status,
    ).toBe('warn');
  });

  it('WSL: a missing optional component explains itself in every WSL check', () => {
    const broken = run('', -1, shared('wsl-status.en.4-optional-component-required.txt'));
    const facts = {
      ...healthyFacts(),
      commands: { ...healthyFacts().commands, wslListVerbose: broken, wslStatus: broken, wslVersion: broken },
    };
    const c = byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }));
    for (const id of ['wsl-version', 'wsl-default-version', 'distro-wsl2']) {
      expect(c[id], id).toMatchObject({ status: 'fail', diagnosis: { id: 'wsl-optional-component' } });
    }
  });

  it('Docker: Windows containers mode fails, the Hyper-V backend and a foreign engine warn', () => {
    const windows = JSON.stringify({
      ServerVersion: '18.03.0-ce',
      OSType: 'windows',
      KernelVersion: '10.0 16299 (16299.371.amd64fre.rs3_release_svc_escrow.180405-1930)',
      OperatingSystem: 'Windows 10 Pro',
    });
    const withInfo = (json: string) => ({
      ...healthyFacts(),
      commands: { ...healthyFacts().commands, dockerInfoJson: run(json), dockerInfo: undefined },
    });
    const ctx = { options: opts(), interactiveUser: USER };
    expect(byId(evaluateValidation(withInfo(windows), ctx))['docker-linux-engine']).toMatchObject({
      status: 'fail',
      diagnosis: { id: 'docker-windows-containers' },
    });
    expect(
      byId(
        evaluateValidation(withInfo(shared('docker-info-json.dd-hyperv-2020.en.1-minikube-windows_docker.json')), ctx),
      )['docker-linux-engine'],
    ).toMatchObject({
      status: 'warn',
      remediation: expect.stringContaining('WSL 2 based engine'),
    });
    expect(
      byId(evaluateValidation(withInfo(shared('docker-info-json.docs.en.3-docker-cli-golden-no-swarm.json')), ctx))[
        'docker-linux-engine'
      ]?.status,
    ).toBe('warn');
  });

  it('Docker: not installed at all', () => {
    const notFound = run(
      '',
      null as unknown as number,
      quoted('docker-desktop-missing.stable-diffusion-webui-docker-665.txt'),
    );
    const commands = Object.fromEntries(
      [
        'dockerVersionJson',
        'dockerVersion',
        'dockerInfoJson',
        'dockerInfo',
        'dockerCompose',
        'dockerComposeV1',
        'dockerRunUname',
      ].map((k) => [k, notFound]),
    );
    const c = byId(
      evaluateValidation(
        { ...healthyFacts(), dockerUsers: [], commands: { ...healthyFacts().commands, ...commands } },
        { options: opts(), interactiveUser: USER },
      ),
    );
    expect(c['docker-installed']).toMatchObject({
      status: 'fail',
      observed: 'the docker command was not found',
      diagnosis: { id: 'docker-desktop-missing', fixId: 'repair-docker-desktop' },
    });
    expect(c['docker-engine']).toMatchObject({ status: 'fail', diagnosis: { id: 'docker-desktop-missing' } });
    expect(c['docker-users']?.observed).toMatch(/no members or does not exist/);
  });

  it('docker run: a Linux line passes, anything else fails with what it printed', () => {
    const withRun = (r: ReturnType<typeof run>) =>
      byId(
        evaluateValidation(
          { ...healthyFacts(), commands: { ...healthyFacts().commands, dockerRunUname: r } },
          { options: opts(), interactiveUser: USER },
        ),
      )['docker-run-linux'];
    expect(
      withRun(run(shared('docker-run-alpine-uname.dd-wsl2.en.1.txt').split('\n').slice(6).join('\n')))?.status,
    ).toBe('pass');
    expect(withRun(run('Windows_NT\n'))).toMatchObject({ status: 'fail', observed: 'printed "Windows_NT"' });
    expect(withRun(run('', 1, quoted('docker-windows-containers.docker-for-win-1912.txt')))).toMatchObject({
      status: 'fail',
      diagnosis: { id: 'docker-windows-containers' },
    });
  });

  it('never throws: missing or malformed facts become failing checks that say what is missing', () => {
    for (const facts of [
      {},
      null,
      undefined,
      'garbage',
      42,
      { commands: 'x', features: 3, dockerUsers: {}, build: {} },
      { commands: { wslStatus: 'text' } },
    ]) {
      const checks = evaluateValidation(facts, { options: opts(), interactiveUser: USER });
      expect(checks).toHaveLength(12);
      for (const c of checks) {
        expect(['fail', 'warn']).toContain(c.status);
        expect(c.observed.length).toBeGreaterThan(0);
      }
    }
    const c = byId(evaluateValidation({}, { options: opts(), interactiveUser: '' }));
    expect(c['windows-build']?.observed).toBe('the Windows build was not reported');
    expect(c['docker-compose']?.observed).toBe('`docker compose version` was not run (no output was collected)');
    expect(c['docker-users']?.observed).toBe('the signed-in user is not known');
  });

  it('reports timeouts as such', () => {
    const facts = {
      ...healthyFacts(),
      commands: {
        ...healthyFacts().commands,
        dockerRunUname: { exitCode: null, stdout: '', stderr: '', timedOut: true },
      },
    };
    expect(
      byId(evaluateValidation(facts, { options: opts(), interactiveUser: USER }))['docker-run-linux']?.observed,
    ).toBe('`docker run --rm alpine uname` did not answer in time');
  });

  it('exposes a zod schema that accepts what the validate step writes', () => {
    const parsed = ValidateFactsSchema.parse({ ...healthyFacts(), build: '19045', extra: true });
    expect(parsed.build).toBe(19045);
    expect(parsed.commands.wslStatus?.exitCode).toBe(0);
    expect((parsed as Record<string, unknown>).extra).toBe(true);
  });
});
