/**
 * The diagnostics bundle: one zip a user can attach to a bug report.
 *
 * Contents: journal.json (and any journal.damaged-* kept aside), every step log under logs/,
 * system.json, validation.json, version.txt and manifest.json. Every entry passes through the
 * secret redactor; logs are streamed (never read whole) and tail-truncated so the zip stays within
 * its bound. The zip is written to a temporary file beside the destination and renamed into place,
 * so a crash never leaves a half-written bundle under the chosen name.
 *
 * Bounds (see docs/troubleshooting.md): the zip is at most `maxBytes` (default 25 MiB); each file
 * taken from dataDir contributes at most its last PER_FILE_MAX_BYTES (5 MiB); system.json and
 * validation.json at most JSON_MAX_BYTES (1 MiB) each.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { Redactor } from './redact';

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
export const PER_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const JSON_MAX_BYTES = 1024 * 1024;
/** Zip headers, the manifest, and deflate's worst case on incompressible data, kept free in the budget. */
const FIXED_OVERHEAD_BYTES = 64 * 1024;
const PER_ENTRY_OVERHEAD_BYTES = 512;
/** Deflate can grow random data by a fraction of a percent; redaction marks can grow short secrets. */
const SLACK_FRACTION = 0.02;
/** How many times the bundle is rebuilt with a smaller budget if it came out too large. */
const MAX_ATTEMPTS = 4;
const JOURNAL_FILE = 'journal.json';
const DAMAGED_JOURNAL = /^journal\.damaged-.+/;
const LOGS_DIR = 'logs';

export interface DiagnosticsBundleOptions {
  /** The engine's data folder (%ProgramData%\PupperwareSetup). */
  dataDir: string;
  /** Where the user chose to save: a .zip path, or an existing folder to save into. */
  destination: string;
  appVersion: string;
  systemFacts: unknown;
  validation: unknown;
  /** Values to remove from every entry (the distro user's password, tokens). */
  secrets: string[];
  /** Upper bound on the zip's size in bytes (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
}

export interface DiagnosticsBundleResult {
  path: string;
  bytes: number;
  entries: string[];
}

interface SourceFile {
  name: string;
  fullPath: string;
  size: number;
  mtime: Date;
}

interface ManifestEntry {
  name: string;
  originalBytes: number;
  includedBytes: number;
  truncated: boolean;
  redactions: number;
}

async function isFile(p: string): Promise<{ size: number; mtime: Date } | null> {
  try {
    const s = await lstat(p);
    return s.isFile() ? { size: s.size, mtime: s.mtime } : null;
  } catch {
    return null;
  }
}

/** Regular files under `dir`, recursively; symbolic links are not followed. */
async function walk(dir: string, prefix: string): Promise<SourceFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const out: SourceFile[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    const s = await lstat(full).catch(() => null);
    if (!s) continue;
    if (s.isDirectory()) out.push(...(await walk(full, `${prefix}${name}/`)));
    else if (s.isFile()) out.push({ name: `${prefix}${name}`, fullPath: full, size: s.size, mtime: s.mtime });
  }
  return out;
}

async function collectSources(dataDir: string): Promise<SourceFile[]> {
  const sources: SourceFile[] = [];
  const journal = await isFile(path.join(dataDir, JOURNAL_FILE));
  if (journal) sources.push({ name: JOURNAL_FILE, fullPath: path.join(dataDir, JOURNAL_FILE), ...journal });
  const top = await readdir(dataDir).catch(() => [] as string[]);
  for (const name of top.sort()) {
    if (!DAMAGED_JOURNAL.test(name)) continue;
    const f = await isFile(path.join(dataDir, name));
    if (f) sources.push({ name, fullPath: path.join(dataDir, name), ...f });
  }
  sources.push(...(await walk(path.join(dataDir, LOGS_DIR), `${LOGS_DIR}/`)));
  return sources;
}

/**
 * Shares `budget` bytes among files: small files get all they have, the rest split what is left
 * evenly (water-filling), and no file gets more than `perFile`.
 */
export function allocate(sizes: readonly number[], budget: number, perFile: number): number[] {
  const want = sizes.map((s) => Math.min(s, perFile));
  const result = new Array<number>(sizes.length).fill(0);
  let remaining = Math.max(0, budget);
  let open = want.map((_, i) => i).sort((a, b) => (want[a] ?? 0) - (want[b] ?? 0));
  while (open.length > 0) {
    const share = Math.floor(remaining / open.length);
    const first = open[0] as number;
    if ((want[first] ?? 0) <= share) {
      result[first] = want[first] ?? 0;
      remaining -= want[first] ?? 0;
      open = open.slice(1);
    } else {
      for (const i of open) result[i] = share;
      break;
    }
  }
  return result;
}

function jsonEntry(value: unknown, redactor: Redactor): { data: Buffer; count: number; originalBytes: number } {
  let text: string;
  try {
    text = JSON.stringify(value ?? null, null, 2) ?? 'null';
  } catch (err) {
    text = JSON.stringify({ error: `could not serialise: ${(err as Error).message}` });
  }
  const { data, count } = redactor.redactBuffer(Buffer.from(`${text}\n`, 'utf8'));
  if (data.length <= JSON_MAX_BYTES) return { data, count, originalBytes: data.length };
  const note = Buffer.from(
    `\n[pupperware-setup: truncated to the first ${JSON_MAX_BYTES} of ${data.length} bytes]\n`,
    'utf8',
  );
  return {
    data: Buffer.concat([data.subarray(0, JSON_MAX_BYTES - note.length), note]),
    count,
    originalBytes: data.length,
  };
}

function truncationNote(included: number, original: number): string {
  return `[pupperware-setup: truncated: only the last ${included} of ${original} bytes are included; the first ${original - included} bytes were left out]\n`;
}

async function resolveDestination(destination: string): Promise<string> {
  const s = await stat(destination).catch(() => null);
  if (s?.isDirectory()) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return path.join(destination, `pupperware-diagnostics-${stamp}.zip`);
  }
  return destination;
}

async function writeZip(
  opts: DiagnosticsBundleOptions,
  target: string,
  sources: SourceFile[],
  logBudget: number,
  redactor: Redactor,
  fixed: { name: string; data: Buffer; count: number; originalBytes: number }[],
): Promise<{ bytes: number; entries: string[]; tmp: string }> {
  const perFile = Math.min(PER_FILE_MAX_BYTES, Math.max(0, logBudget));
  const allowance = allocate(
    sources.map((s) => s.size),
    logBudget,
    perFile,
  );
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const zip = new ZipFile();
  let zipError: ((e: unknown) => void) | undefined;
  const zipFailed = new Promise<never>((_, rej) => {
    zipError = rej;
  });
  zipFailed.catch(() => {});
  zip.on('error', (e: unknown) => zipError?.(e));
  const out = createWriteStream(tmp, { flags: 'wx' });
  const piping = finished(zip.outputStream.pipe(out));
  const manifest: ManifestEntry[] = [];
  const entries: string[] = [];
  const safeName = (n: string) => redactor.redactString(n);

  try {
    const streamsDone: Promise<void>[] = [];
    for (const [i, src] of sources.entries()) {
      const include = Math.min(src.size, allowance[i] ?? 0);
      const truncated = include < src.size;
      const name = safeName(src.name);
      const record: ManifestEntry = { name, originalBytes: src.size, includedBytes: include, truncated, redactions: 0 };
      manifest.push(record);
      entries.push(name);
      let resolveDone: () => void = () => {};
      let rejectDone: (e: unknown) => void = () => {};
      streamsDone.push(
        new Promise<void>((res, rej) => {
          resolveDone = res;
          rejectDone = rej;
        }),
      );
      zip.addReadStreamLazy(name, { mtime: src.mtime, compress: true }, (cb) => {
        const redacting = redactor.stream({
          prefix: truncated ? truncationNote(include, src.size) : undefined,
          skipLeadingContinuationBytes: truncated,
        });
        redacting.on('end', () => {
          record.redactions = redacting.count;
          resolveDone();
        });
        redacting.on('error', rejectDone);
        if (include === 0) {
          redacting.end();
        } else {
          const input = createReadStream(src.fullPath, { start: src.size - include, end: src.size - 1 });
          input.on('error', (err) => redacting.destroy(err));
          input.pipe(redacting);
        }
        cb(null, redacting);
      });
    }
    for (const f of fixed) {
      zip.addBuffer(f.data, f.name, { mtime: new Date(), compress: true });
      entries.push(f.name);
      manifest.push({
        name: f.name,
        originalBytes: f.originalBytes,
        includedBytes: f.data.length,
        truncated: f.data.length < f.originalBytes,
        redactions: f.count,
      });
    }
    // The manifest goes last, once every stream has reported its redaction count.
    await Promise.race([Promise.all(streamsDone), zipFailed]);
    const manifestJson = {
      schema: 'pupperware-diagnostics/1',
      createdAt: new Date().toISOString(),
      appVersion: opts.appVersion,
      bounds: {
        maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
        perFileMaxBytes: perFile,
        jsonMaxBytes: JSON_MAX_BYTES,
        logBudgetBytes: logBudget,
      },
      secretsRedacted: opts.secrets.filter((s) => s !== '').length,
      entries: manifest,
    };
    zip.addBuffer(
      redactor.redactBuffer(Buffer.from(`${JSON.stringify(manifestJson, null, 2)}\n`, 'utf8')).data,
      'manifest.json',
      {
        mtime: new Date(),
        compress: true,
      },
    );
    entries.push('manifest.json');
    zip.end();
    await Promise.race([piping, zipFailed]);
    const { size } = await stat(tmp);
    return { bytes: size, entries, tmp };
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes the diagnostics bundle. Resolves with where it was saved, its size and its entry names.
 * Missing inputs (no journal yet, no logs) are simply absent from the zip and listed nowhere.
 */
export async function createDiagnosticsBundle(opts: DiagnosticsBundleOptions): Promise<DiagnosticsBundleResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const redactor = new Redactor(opts.secrets);
  const target = await resolveDestination(opts.destination);
  await mkdir(path.dirname(target), { recursive: true });
  const sources = await collectSources(opts.dataDir);

  const system = jsonEntry(opts.systemFacts, redactor);
  const validation = jsonEntry(opts.validation, redactor);
  const version = redactor.redactBuffer(
    Buffer.from(
      `Pupperware Setup ${opts.appVersion}\nnode ${process.version} ${process.platform} ${process.arch}\ncreated ${new Date().toISOString()}\n`,
      'utf8',
    ),
  );
  const fixed = [
    { name: 'system.json', ...system },
    { name: 'validation.json', ...validation },
    { name: 'version.txt', data: version.data, count: version.count, originalBytes: version.data.length },
  ];
  const fixedBytes = fixed.reduce((n, f) => n + f.data.length, 0);
  const overhead = FIXED_OVERHEAD_BYTES + PER_ENTRY_OVERHEAD_BYTES * (sources.length + fixed.length + 1);
  let logBudget = Math.floor((maxBytes - overhead - fixedBytes) * (1 - SLACK_FRACTION));

  for (let attempt = 1; ; attempt++) {
    const written = await writeZip(opts, target, sources, logBudget, redactor, fixed);
    if (written.bytes <= maxBytes || attempt >= MAX_ATTEMPTS || logBudget <= 0) {
      if (written.bytes > maxBytes) {
        await rm(written.tmp, { force: true });
        throw new Error(
          `The diagnostics bundle would be ${written.bytes} bytes, over its limit of ${maxBytes} bytes, even with the logs left out.`,
        );
      }
      await rename(written.tmp, target);
      return { path: target, bytes: written.bytes, entries: written.entries };
    }
    await rm(written.tmp, { force: true });
    logBudget = Math.floor(logBudget / 2);
  }
}
