import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allocate,
  createDiagnosticsBundle,
  DEFAULT_MAX_BYTES,
  PER_FILE_MAX_BYTES,
  REDACTION_MARK,
  Redactor,
} from '../../../src/engine/diagnostics';

/** A minimal zip reader: the central directory, then each entry's data (stored or deflated). */
function readZip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const CANARY = 'Canary-s3cr3t:Pa55 w0rd/+"!';
const forms = (s: string) => [
  s,
  Buffer.from(s).toString('base64'),
  Buffer.from(s).toString('base64').replace(/=+$/, ''),
  encodeURIComponent(s),
  JSON.stringify(s).slice(1, -1),
  Buffer.from(`puppet:${s}`).toString('base64').slice(12, -4), // a fragment from inside a Basic auth header
];
function expectNoCanary(entries: Map<string, Buffer>) {
  for (const [name, data] of entries) {
    const latin1 = data.toString('latin1');
    for (const f of forms(CANARY)) expect(latin1.includes(f), `${name} contains ${f}`).toBe(false);
    expect(latin1.includes(Buffer.from(CANARY, 'utf16le').toString('latin1')), `${name} (utf16)`).toBe(false);
  }
}

let dir: string;
let dataDir: string;
let outDir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pw-diag-'));
  dataDir = path.join(dir, 'data');
  outDir = path.join(dir, 'out');
  await mkdir(path.join(dataDir, 'logs', 'run-1'), { recursive: true });
  await mkdir(outDir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seedDataDir() {
  await writeFile(
    path.join(dataDir, 'journal.json'),
    JSON.stringify({ schema: 'pupperware-journal/1', note: `password ${CANARY}` }, null, 2),
  );
  await writeFile(
    path.join(dataDir, 'journal.damaged-2026-05-01T10-00-00-000Z.json'),
    `{"truncated": "${JSON.stringify(CANARY).slice(1, -1)}`,
  );
  await writeFile(path.join(dataDir, 'journal.lock'), 'pid 1');
  await writeFile(
    path.join(dataDir, 'logs', 'run-1', 'distro-user.log'),
    `useradd ok\nAuthorization: Basic ${Buffer.from(`puppet:${CANARY}`).toString('base64')}\nurl=https://x/?p=${encodeURIComponent(CANARY)}\n${Buffer.from(CANARY).toString('base64')}\n`,
  );
  await writeFile(
    path.join(dataDir, 'logs', 'run-1', 'wsl.log'),
    Buffer.concat([Buffer.from('wsl says: '), Buffer.from(`${CANARY}\r\n`, 'utf16le')]),
  );
  await writeFile(path.join(dataDir, 'logs', 'features.log'), 'Enabled\n');
}

describe('createDiagnosticsBundle', () => {
  it('holds the journal, damaged journals, every step log, system facts, validation, version and manifest — and no secret', async () => {
    await seedDataDir();
    const destination = path.join(outDir, 'bundle.zip');
    const result = await createDiagnosticsBundle({
      dataDir,
      destination,
      appVersion: '0.1.0',
      systemFacts: { build: 19045, user: `dev ${CANARY}` },
      validation: [{ id: 'docker-users', status: 'fail', observed: CANARY }],
      secrets: [CANARY],
    });
    expect(result.path).toBe(destination);
    expect(result.bytes).toBe((await stat(destination)).size);
    expect(result.entries).toEqual([
      'journal.json',
      'journal.damaged-2026-05-01T10-00-00-000Z.json',
      'logs/features.log',
      'logs/run-1/distro-user.log',
      'logs/run-1/wsl.log',
      'system.json',
      'validation.json',
      'version.txt',
      'manifest.json',
    ]);
    const zip = readZip(await readFile(destination));
    expect([...zip.keys()]).toEqual(result.entries);
    expectNoCanary(zip);
    expect(zip.get('journal.json')?.toString()).toContain(`password ${REDACTION_MARK}`);
    expect(zip.get('logs/run-1/distro-user.log')?.toString()).toContain('useradd ok');
    expect(zip.get('logs/features.log')?.toString()).toBe('Enabled\n');
    expect(zip.get('version.txt')?.toString()).toMatch(/^Pupperware Setup 0\.1\.0\n/);
    expect(JSON.parse(zip.get('system.json')?.toString() ?? '')).toEqual({
      build: 19045,
      user: `dev ${REDACTION_MARK}`,
    });
    const manifest = JSON.parse(zip.get('manifest.json')?.toString() ?? '');
    expect(manifest).toMatchObject({ schema: 'pupperware-diagnostics/1', appVersion: '0.1.0', secretsRedacted: 1 });
    expect(manifest.entries.find((e: { name: string }) => e.name === 'logs/run-1/distro-user.log')).toMatchObject({
      truncated: false,
      redactions: 3,
    });
    expect(await readdir(outDir)).toEqual(['bundle.zip']);
  });

  it('saves into a chosen folder under a dated name, without leaving a temporary file', async () => {
    await seedDataDir();
    const result = await createDiagnosticsBundle({
      dataDir,
      destination: outDir,
      appVersion: '0.1.0',
      systemFacts: {},
      validation: [],
      secrets: [],
    });
    expect(path.dirname(result.path)).toBe(outDir);
    expect(path.basename(result.path)).toMatch(/^pupperware-diagnostics-.*\.zip$/);
    expect(await readdir(outDir)).toEqual([path.basename(result.path)]);
  });

  it('works with an empty data folder and does not follow symbolic links out of it', async () => {
    const secretFile = path.join(dir, 'outside.txt');
    await writeFile(secretFile, 'not for the bundle');
    await symlink(secretFile, path.join(dataDir, 'logs', 'link.log')).catch(() => {});
    const result = await createDiagnosticsBundle({
      dataDir,
      destination: path.join(outDir, 'b.zip'),
      appVersion: '1',
      systemFacts: null,
      validation: null,
      secrets: [],
    });
    expect(result.entries).toEqual(['system.json', 'validation.json', 'version.txt', 'manifest.json']);
  });

  it("a run with a 50 MB log stays under the documented bound, keeps the log's end, and leaks no secret", async () => {
    const big = path.join(dataDir, 'logs', 'run-1', 'docker-desktop.log');
    const line = (i: number) =>
      `[2026-05-01T10:00:${String(i % 60).padStart(2, '0')}Z][InstallWorkflow][I] step ${i} ${randomBytes(24).toString('hex')}${i % 5000 === 0 ? ` token=${CANARY}` : ''}\n`;
    const ws = createWriteStream(big);
    let written = 0;
    for (let i = 0; written < 50 * 1024 * 1024; i++) {
      const l = line(i);
      written += l.length;
      if (!ws.write(l)) await once(ws, 'drain');
    }
    ws.end(`LAST LINE ${CANARY}\n`);
    await once(ws, 'finish');
    const logSize = (await stat(big)).size;
    expect(logSize).toBeGreaterThan(50 * 1000 * 1000);
    await seedDataDir();

    const result = await createDiagnosticsBundle({
      dataDir,
      destination: path.join(outDir, 'big.zip'),
      appVersion: '0.1.0',
      systemFacts: {},
      validation: [],
      secrets: [CANARY],
    });
    console.info(`diagnostics bundle for a ${logSize}-byte log: ${result.bytes} bytes (bound ${DEFAULT_MAX_BYTES})`);
    expect(result.bytes).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    const zip = readZip(await readFile(result.path));
    const log = zip.get('logs/run-1/docker-desktop.log')?.toString('utf8') ?? '';
    expect(log).toMatch(/^\[pupperware-setup: truncated: only the last \d+ of \d+ bytes are included/);
    expect(log.length).toBeLessThanOrEqual(PER_FILE_MAX_BYTES + 200);
    expect(log.trimEnd().endsWith(`LAST LINE ${REDACTION_MARK}`)).toBe(true);
    expectNoCanary(zip);
    const manifest = JSON.parse(zip.get('manifest.json')?.toString() ?? '');
    expect(manifest.entries.find((e: { name: string }) => e.name === 'logs/run-1/docker-desktop.log')).toMatchObject({
      originalBytes: logSize,
      truncated: true,
    });
  }, 120_000);

  it('keeps a small bound even for incompressible logs', async () => {
    for (const n of [1, 2, 3]) await writeFile(path.join(dataDir, 'logs', `random-${n}.log`), randomBytes(700 * 1024));
    const maxBytes = 1024 * 1024;
    const result = await createDiagnosticsBundle({
      dataDir,
      destination: path.join(outDir, 's.zip'),
      appVersion: '1',
      systemFacts: {},
      validation: [],
      secrets: ['x1y2z3'],
      maxBytes,
    });
    expect(result.bytes).toBeLessThanOrEqual(maxBytes);
    expect(result.entries).toContain('logs/random-2.log');
  });
});

describe('Redactor', () => {
  it('redacts a secret split across every possible chunk boundary', async () => {
    const r = new Redactor([CANARY]);
    const text = `a${'.'.repeat(50)}${CANARY}${'-'.repeat(20)}${Buffer.from(CANARY).toString('base64')}z`;
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const s = r.stream();
      const parts: Buffer[] = [];
      s.on('data', (d: Buffer) => parts.push(d));
      s.write(bytes.subarray(0, cut));
      s.end(bytes.subarray(cut));
      await new Promise((res) => s.on('end', res));
      const out = Buffer.concat(parts).toString();
      expect(out, `cut at ${cut}`).toBe(`a${'.'.repeat(50)}${REDACTION_MARK}${'-'.repeat(20)}${REDACTION_MARK}z`);
      expect(s.count).toBe(2);
    }
  });

  it('leaves text without secrets byte-for-byte alone', () => {
    const r = new Redactor(['', 'hunter22']);
    const text = Buffer.from('docker info\r\nNAME ☃ \u00a0 ok\n');
    expect(r.redactBuffer(text).data.equals(text)).toBe(true);
    expect(new Redactor([]).redactBuffer(text).data.equals(text)).toBe(true);
  });
});

describe('allocate', () => {
  it('gives small files all they have and splits the rest evenly, within the per-file cap', () => {
    expect(allocate([10, 100, 1000], 10_000, 500)).toEqual([10, 100, 500]);
    expect(allocate([10, 1000, 1000], 610, 5000)).toEqual([10, 300, 300]);
    expect(allocate([5, 5], 0, 100)).toEqual([0, 0]);
  });
});
