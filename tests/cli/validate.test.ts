/** validate, fix and diagnose through the command line, on simulated PCs with one thing wrong. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

function checkLine(stdout: string, title: RegExp): string {
  return stdout.split('\n').find((l) => title.test(l)) ?? '';
}

describe('validate', () => {
  it('passes on a provisioned PC (exit 0)', async () => {
    const r = await cli(['validate', '--simulate', 'provisioned', '--data-dir', tempDir()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS A Linux container runs: Linux/);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  const cases = [
    {
      scenario: 'engine-stopped',
      check: /Docker engine answering/,
      remediation: /Docker Desktop|start/i,
      fix: 'start-engine',
    },
    {
      scenario: 'not-in-docker-users',
      check: /Member of docker-users/,
      remediation: /docker-users/,
      fix: 'add-docker-users',
    },
    {
      scenario: 'compose-missing',
      check: /Docker Compose/,
      remediation: /Compose|reinstall|Repair/i,
      fix: 'repair-docker-desktop',
    },
  ];
  for (const c of cases) {
    it(`${c.scenario}: the failing check names its remediation, and the automatic fix ${c.fix} makes it pass`, async () => {
      const dir = tempDir(`val-${c.scenario}-`);
      const args = [
        '--simulate',
        c.scenario,
        '--sim-state',
        path.join(dir, 'pc.json'),
        '--data-dir',
        path.join(dir, 'd'),
      ];
      const before = await cli(['validate', ...args]);
      expect(before.code, before.stdout).toBe(1);
      const failing = checkLine(before.stdout, c.check);
      expect(failing, before.stdout).toMatch(/^FAIL/);
      const after0 = before.stdout.split('\n');
      const remediation = after0[after0.indexOf(failing) + 1] ?? '';
      expect(remediation).toMatch(c.remediation);
      expect(before.stdout).toContain(`Automatic fix available: ${c.fix}`);

      const fix = await cli(['fix', c.fix, ...args]);
      expect(fix.code, fix.stdout + fix.stderr).toBe(0);
      const after = await cli(['validate', ...args]);
      expect(checkLine(after.stdout, c.check), after.stdout).toMatch(/^PASS/);
    });
  }

  it('an unknown fix is refused with the list of fixes', async () => {
    const r = await cli(['fix', 'format-disk', '--simulate', 'provisioned', '--data-dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Known fixes: .*start-engine/);
  });
});

/** Names of the entries in a zip, from its central directory (and the content of one of them). */
function zipEntries(file: string): Map<string, Buffer> {
  const buf = readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('diagnose', () => {
  it('writes one zip with the journal, step logs, system facts, validation and version, and no password', async () => {
    const dir = tempDir('diag-');
    const canary = 'Diag-Canary-31337';
    const args = [
      '--simulate',
      'provisioned',
      '--sim-state',
      path.join(dir, 'pc.json'),
      '--data-dir',
      path.join(dir, 'd'),
    ];
    expect((await cli(['run', ...args], { PUPPERWARE_SETUP_PASSWORD: canary })).code).toBe(0);
    const zip = path.join(dir, 'bundle.zip');
    const r = await cli(['diagnose', ...args, '--out', zip], { PUPPERWARE_SETUP_PASSWORD: canary });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const entries = zipEntries(zip);
    const names = [...entries.keys()];
    for (const name of ['journal.json', 'system.json', 'validation.json', 'version.txt', 'manifest.json'])
      expect(names).toContain(name);
    expect(names.some((n) => n.startsWith('logs/') && n.endsWith('-preflight.log'))).toBe(true);
    expect(entries.get('version.txt')?.toString()).toMatch(/\d+\.\d+\.\d+/);
    expect(JSON.parse(entries.get('validation.json')?.toString() ?? '[]')).not.toEqual([]);
    for (const [name, content] of entries) expect(content.includes(canary), name).toBe(false);
    expect(readFileSync(zip).includes(canary)).toBe(false);
  });
});
