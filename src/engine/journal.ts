/**
 * The journal: where a run is, written atomically before and after every state change, so that a
 * restart, a crash or a kill can always be picked up. It holds no secret. The machine, not the
 * journal, says what is done: on resume every step is tested again.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RunOptionsSchema, STEP_IDS } from '../common/contract';
import { writeJsonAtomic } from './util/fs-atomic';

export const JOURNAL_SCHEMA = 'pupperware-journal/1';
export const JOURNAL_FILE = 'journal.json';
const LOCK_FILE = 'journal.lock';

const StepRecordSchema = z.object({
  status: z.enum([
    'waiting',
    'running',
    'done',
    'skipped',
    'pending-reboot',
    'deferred',
    'failed',
    'blocked',
    'cancelled',
  ]),
  changed: z.boolean(),
  attempts: z.number().int().min(0),
  durationMs: z.number().min(0),
  summary: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

const RestartRecordSchema = z.object({
  kind: z.enum(['restart', 'signout']),
  reason: z.string(),
  requestedAt: z.string(),
  /** LastBootUpTime before the restart: a different one afterwards proves it happened. */
  bootTime: z.string(),
  logonSession: z.string(),
});
export type RestartRecord = z.infer<typeof RestartRecordSchema>;

export const JournalSchema = z.object({
  schema: z.literal(JOURNAL_SCHEMA),
  appVersion: z.string(),
  runId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  writes: z.number().int(),
  phase: z.enum(['running', 'reboot-required', 'signout-required', 'succeeded', 'failed', 'blocked', 'cancelled']),
  options: RunOptionsSchema,
  /** The console user, recorded before elevation: distros and docker-users belong to them. */
  interactiveUser: z.string(),
  simulation: z.object({ scenario: z.string(), statePath: z.string() }).nullable(),
  reboots: z.number().int().min(0),
  signOuts: z.number().int().min(0),
  restart: RestartRecordSchema.nullable(),
  resumeTask: z.object({ name: z.string(), execute: z.string(), arguments: z.string() }).nullable(),
  /**
   * A group membership was (or may have been: the process was killed during that step) added in
   * this logon session, so Docker works only after the next sign-in or restart.
   */
  signInNeeded: z.boolean(),
  steps: z.record(z.enum(STEP_IDS), StepRecordSchema),
  outcomeMessage: z.string(),
});
export type Journal = z.infer<typeof JournalSchema>;

const FINISHED: ReadonlySet<Journal['phase']> = new Set(['succeeded', 'failed', 'blocked', 'cancelled']);

/** A run that ended (anything else waits for a restart or sign-out, or was interrupted). */
export function isFinished(journal: Journal): boolean {
  return FINISHED.has(journal.phase);
}

export type JournalLoad =
  | { kind: 'none' }
  | { kind: 'ok'; journal: Journal }
  | { kind: 'damaged'; reason: string; keptAt: string };

export class JournalLockedError extends Error {
  override name = 'JournalLockedError';
}

export class JournalStore {
  readonly file: string;
  private readonly lockFile: string;
  private locked = false;

  constructor(
    readonly dataDir: string,
    private readonly appVersion: string,
  ) {
    this.file = path.join(dataDir, JOURNAL_FILE);
    this.lockFile = path.join(dataDir, LOCK_FILE);
  }

  /**
   * Takes the journal lock (one run at a time). A lock left by a process that no longer exists
   * (a crash, a kill, a restart) is taken over.
   */
  lock(): void {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockFile, 'wx', 0o600);
        writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
        closeSync(fd);
        this.locked = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = this.lockOwner();
        if (owner !== null && owner !== process.pid && processAlive(owner)) {
          throw new JournalLockedError(
            `Another Pupperware Setup run is in progress (process ${owner}). Wait for it to finish, or close it first.`,
          );
        }
        rmSync(this.lockFile, { force: true });
      }
    }
    throw new JournalLockedError('Could not take the journal lock.');
  }

  unlock(): void {
    if (!this.locked) return;
    if (this.lockOwner() === process.pid) rmSync(this.lockFile, { force: true });
    this.locked = false;
  }

  private lockOwner(): number | null {
    try {
      const parsed = JSON.parse(readFileSync(this.lockFile, 'utf8')) as { pid?: unknown };
      return typeof parsed.pid === 'number' ? parsed.pid : null;
    } catch {
      return null;
    }
  }

  /**
   * Reads the journal. A damaged one (truncated, not JSON, unknown version, another app version)
   * is moved aside, kept for the diagnostics bundle, and reported; the machine is then re-detected.
   */
  load(): JournalLoad {
    if (!existsSync(this.file)) return { kind: 'none' };
    const text = readFileSync(this.file, 'utf8');
    let reason: string | null = null;
    let journal: Journal | null = null;
    try {
      const raw = JSON.parse(text) as Record<string, unknown>;
      if (raw.schema !== JOURNAL_SCHEMA) {
        reason = `it has an unknown format (${String(raw.schema ?? 'no schema')})`;
      } else if (raw.appVersion !== this.appVersion) {
        reason = `it was written by Pupperware Setup ${String(raw.appVersion)}, and this is ${this.appVersion}`;
      } else {
        const parsed = JournalSchema.safeParse(raw);
        if (parsed.success) journal = parsed.data;
        else
          reason = `it is incomplete (${parsed.error.issues[0]?.path.join('.') ?? '?'}: ${parsed.error.issues[0]?.message ?? ''})`;
      }
    } catch {
      reason = text.trim() === '' ? 'it is empty' : 'it is not valid JSON (it may have been cut short)';
    }
    if (journal) return { kind: 'ok', journal };
    const keptAt = path.join(this.dataDir, `journal.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    renameSync(this.file, keptAt);
    return { kind: 'damaged', reason: reason ?? 'unknown', keptAt };
  }

  /** The journal if it is present and usable, without moving a damaged one aside (no lock needed). */
  peek(): Journal | null {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
      if (raw.appVersion !== this.appVersion) return null;
      const parsed = JournalSchema.safeParse(raw);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  save(journal: Journal): void {
    journal.writes += 1;
    journal.updatedAt = new Date().toISOString();
    writeJsonAtomic(this.file, journal);
    afterJournalWrite(journal.writes);
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Crash-safety tests set PUPPERWARE_TEST_KILL_AFTER_JOURNAL_WRITE=N to have the process kill itself
 * (SIGKILL, no clean-up) right after the Nth journal write. Never set in normal use.
 */
function afterJournalWrite(writes: number): void {
  const at = process.env.PUPPERWARE_TEST_KILL_AFTER_JOURNAL_WRITE;
  if (at && Number(at) === writes) process.kill(process.pid, 'SIGKILL');
}
