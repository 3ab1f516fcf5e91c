import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, parseScenario, ScenarioError } from '../../src/engine/sim/scenario';

const REQUIRED = [
  'fresh-win10-2004',
  'win11-home',
  'build-18363',
  'no-virtualization',
  'azure-no-nested',
  'provisioned',
  'inbox-wsl-old-kernel',
  'docker-installer-fails',
  'reboot-pending',
];

describe('shipped scenarios', () => {
  it('include every machine the engine issue names, each with its expected outcome', () => {
    const byName = new Map(listScenarios().map((s) => [s.name, s]));
    for (const name of REQUIRED) {
      expect(byName.get(name), name).toBeDefined();
      expect(byName.get(name)?.expected?.outcome, name).toMatch(/succeeded|failed|blocked|reboot-required/);
    }
  });

  it('fill in a fresh Windows 10 2004 Pro for everything a scenario leaves out', () => {
    const s = parseScenario(
      JSON.stringify({
        schema: 'pupperware-scenario/1',
        name: 'tiny',
        description: 'only a build',
        machine: { os: { build: 22000 } },
      }),
      'tiny.json',
    );
    expect(s.machine.os.build).toBe(22000);
    expect(s.machine.os.caption).toBe('Microsoft Windows 10 Pro');
    expect(s.machine.features.VirtualMachinePlatform).toBe('Disabled');
    expect(s.machine.hardware.virtualizationFirmwareEnabled).toBe(true);
    expect(s.machine.wsl.kind).toBe('none');
  });
});

describe('a malformed scenario', () => {
  const parse = (value: unknown) => () => parseScenario(JSON.stringify(value), 'mine.json');
  const base = { schema: 'pupperware-scenario/1', name: 'mine', description: 'x' };

  it('that is not JSON says so', () => {
    expect(() => parseScenario('{ "schema": ', 'mine.json')).toThrow(/mine\.json is not valid JSON/);
  });

  it('names the path of a wrong type', () => {
    expect(parse({ ...base, machine: { os: { build: 'nineteen' } } })).toThrow(/machine\.os\.build/);
  });

  it('rejects a typo instead of silently describing another PC', () => {
    expect(parse({ ...base, machine: { hardware: { virtualisationFirmwareEnabled: false } } })).toThrow(
      /machine\.hardware.*virtualisationFirmwareEnabled/s,
    );
  });

  it('rejects an unknown feature state and an unknown fault command', () => {
    expect(parse({ ...base, machine: { features: { VirtualMachinePlatform: 'On' } } })).toThrow(
      /machine\.features\.VirtualMachinePlatform/,
    );
    expect(parse({ ...base, machine: { faults: [{ command: 'format-c' }] } })).toThrow(/machine\.faults\.0\.command/);
  });

  it('rejects a wrong schema marker', () => {
    expect(parse({ ...base, schema: 'v2' })).toThrow(ScenarioError);
  });

  it('by name lists the shipped ones; by path says the file is missing', () => {
    expect(() => loadScenario('no-such-pc')).toThrow(/Shipped scenarios: .*fresh-win10-2004/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scn-'));
    expect(() => loadScenario(path.join(dir, 'absent.json'))).toThrow(/not found/);
    writeFileSync(path.join(dir, 'ok.json'), JSON.stringify(base));
    expect(loadScenario(path.join(dir, 'ok.json')).name).toBe('mine');
  });
});
