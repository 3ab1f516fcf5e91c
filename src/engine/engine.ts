/**
 * The provisioning engine: plans and runs the steps (Test → Set → Verify), keeps the journal,
 * asks for restarts and sign-outs, resumes after them, and judges the validation. No Electron here:
 * the app, the command line and the tests all drive this class.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  Diagnosis,
  LogChunk,
  Outcome,
  Plan,
  PlanDecision,
  RunOptions,
  RunState,
  StepId,
  StepView,
  SystemCheck,
  ValidationCheck,
} from '../common/contract';
import { CATALOG, type StepDefinition } from './catalog';
import { describeFailure } from './diagnose';
import type { HostControl } from './host-control';
import { isFinished, type Journal, type JournalLoad, JournalStore, type StepRecord } from './journal';
import type { RunningProcess } from './powershell/process';
import { StreamRedactor } from './redact';
import { RESUME_TASK_NAME, type ResumeTaskSpec, unsafeTaskTarget } from './resume-task';
import { invokeStep, type StepContext, type StepMode, type StepResult } from './step-invoke';
import { systemChecksFromPreflight } from './system-checks';
import { evaluateValidation } from './validation';

/** At most this many restarts in one run (winget caps its resumes at 3 too). */
export const MAX_RESTARTS_PER_RUN = 3;
/** At most this many sign-outs in one run. */
export const MAX_SIGNOUTS_PER_RUN = 2;

/**
 * Flow control for step output (the same numbers as VS Code's terminal): above HIGH unacknowledged
 * characters the step's pty is paused, below LOW it resumes. A consumer that stops acknowledging
 * (a closed window) can only delay a step by STALL_MS: the full log is on disk anyway.
 */
export const FLOW_HIGH_WATERMARK_CHARS = 100_000;
export const FLOW_LOW_WATERMARK_CHARS = 5_000;
export const FLOW_STALL_MS = 5_000;

export interface EngineConfig {
  dataDir: string;
  appVersion: string;
  pwsh: string;
  interactiveUser: string;
  simulation: { scenario: string; statePath: string } | null;
  /** What the resume task starts at logon (the installed app with --resume). */
  resumeCommand: { execute: string; arguments: string };
  host: HostControl;
}

export interface RunRequest {
  options: RunOptions;
  /** Asked only when the distro-user step must create the user. */
  getPassword(): Promise<string | null>;
  signal?: AbortSignal;
}

export interface RunResult {
  outcome: Outcome;
  journal: Journal;
  state: RunState;
}

interface EngineEvents {
  state: [RunState];
  log: [LogChunk];
  notice: [string];
}

function nowIso(): string {
  return new Date().toISOString();
}

function newStepRecord(): StepRecord {
  return { status: 'waiting', changed: false, attempts: 0, durationMs: 0, summary: '', error: null };
}

export class Engine extends EventEmitter<EngineEvents> {
  readonly store: JournalStore;
  private state: RunState;
  private logSeq = 0;
  private lastFacts = new Map<StepId, Record<string, unknown>>();
  private runDir: string | null = null;
  private current: RunningProcess | null = null;
  /** This process saw the boot time change since the restart it asked for (for the loop guard). */
  private confirmedRestart = false;
  private flowControl = false;
  private unacked = 0;
  private readonly pendingAcks = new Map<number, number>();
  private paused = false;
  /** Set when a pause ran out without an acknowledgement: no more pausing until one arrives. */
  private consumerSilent = false;
  private stallTimer: NodeJS.Timeout | null = null;

  constructor(readonly config: EngineConfig) {
    super();
    this.store = new JournalStore(config.dataDir, config.appVersion);
    this.state = {
      runId: null,
      phase: 'idle',
      steps: CATALOG.map((d) => ({
        id: d.id,
        title: d.title,
        status: 'waiting',
        changed: false,
        summary: '',
        attempts: 0,
      })),
      options: null,
      reboots: 0,
      startedAt: null,
      finishedAt: null,
      currentStep: null,
      restart: null,
      resumed: null,
      validation: [],
      diagnosis: null,
      message: '',
      needsPassword: false,
      simulated: config.simulation !== null,
    };
  }

  getState(): RunState {
    return structuredClone(this.state);
  }

  private context(): StepContext {
    return {
      pwsh: this.config.pwsh,
      workDir: path.join(this.config.dataDir, 'work'),
      simStatePath: this.config.simulation?.statePath ?? null,
      interactiveUser: this.config.interactiveUser,
      appVersion: this.config.appVersion,
    };
  }

  private emitState(patch: Partial<RunState> = {}): void {
    this.state = { ...this.state, ...patch };
    this.emit('state', this.getState());
  }

  private setStep(id: StepId, patch: Partial<StepView>): void {
    this.state = { ...this.state, steps: this.state.steps.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
    this.emit('state', this.getState());
  }

  /** Folder of the step logs of the current run. */
  logDir(runId: string): string {
    return path.join(this.config.dataDir, 'logs', runId);
  }

  private logFile(id: StepId): string {
    const index = CATALOG.findIndex((d) => d.id === id);
    return path.join(
      this.runDir ?? path.join(this.config.dataDir, 'logs', 'checks'),
      `${String(index + 1).padStart(2, '0')}-${id}.log`,
    );
  }

  /** The full log of a step from disk (the terminal view only keeps its scrollback). */
  readStepLog(id: StepId): string {
    try {
      return readFileSync(this.logFile(id), 'utf8');
    } catch {
      return '';
    }
  }

  /** Runs one step in one mode, streaming its output to the log file and to listeners. */
  private async invoke(
    def: StepDefinition,
    mode: StepMode,
    options: RunOptions,
    extra: { password?: string | null; signal?: AbortSignal; secrets?: string[] } = {},
  ): Promise<StepResult> {
    const file = this.logFile(def.id);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const redactor = new StreamRedactor(extra.secrets ?? []);
    const write = (text: string) => {
      if (text.length === 0) return;
      appendFileSync(file, text, { mode: 0o600 });
      const seq = ++this.logSeq;
      if (this.flowControl) this.track(seq, text.length);
      this.emit('log', { stepId: def.id, seq, data: text });
    };
    write(`\r\n── ${def.title} · ${mode} · ${nowIso()} ──\r\n`);
    const result = await invokeStep(this.context(), {
      stepId: def.id,
      mode,
      options,
      password: extra.password ?? null,
      timeoutMs: def.timeoutMs,
      signal: extra.signal,
      onData: (d) => write(redactor.push(d)),
      onStart: (proc) => {
        this.current = proc;
      },
    });
    this.current = null;
    this.resumeOutput();
    write(redactor.flush());
    if (
      result.error &&
      ['TIMEOUT', 'NO_RESULT', 'BAD_RESULT', 'EXIT_MISMATCH', 'CANCELLED'].includes(result.error.code)
    ) {
      write(`\r\n${result.error.message}\r\n`);
    }
    if (result.facts) this.lastFacts.set(def.id, result.facts);
    return result;
  }

  /** The consumer of the log events acknowledges them (ackLog): from now on output is flow-controlled. */
  enableFlowControl(): void {
    this.flowControl = true;
  }

  /** Batch `seq` (and every one before it) is written into the terminal. */
  ackLog(seq: number): void {
    this.consumerSilent = false;
    for (const [s, chars] of this.pendingAcks) {
      if (s > seq) continue;
      this.unacked -= chars;
      this.pendingAcks.delete(s);
    }
    if (this.paused && this.unacked < FLOW_LOW_WATERMARK_CHARS) this.resumeOutput();
  }

  private track(seq: number, chars: number): void {
    this.pendingAcks.set(seq, chars);
    this.unacked += chars;
    if (!this.paused && !this.consumerSilent && this.unacked > FLOW_HIGH_WATERMARK_CHARS && this.current) {
      this.paused = true;
      this.current.pause();
      this.stallTimer = setTimeout(() => {
        this.consumerSilent = true;
        this.resumeOutput();
      }, FLOW_STALL_MS);
    }
  }

  private resumeOutput(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (!this.paused) return;
    this.paused = false;
    this.current?.resume();
  }

  /** Runs the preflight only (read-only) and returns the System check lines. */
  async preflight(options: RunOptions): Promise<{ checks: SystemCheck[]; result: StepResult }> {
    const def = CATALOG[0] as StepDefinition;
    const result = await this.invoke(def, 'Test', options);
    return { checks: systemChecksFromPreflight(result), result };
  }

  /** Tests every step (read-only) and says what would happen. */
  async plan(options: RunOptions): Promise<Plan> {
    const steps: Plan['steps'] = [];
    let restartPending = false;
    let blocked: Diagnosis | undefined;
    for (const def of CATALOG) {
      if (blocked) {
        steps.push({
          id: def.id,
          title: def.title,
          decision: 'blocked',
          reason: 'Not possible until the problem above is solved.',
          estimateSeconds: 0,
        });
        continue;
      }
      if (restartPending && def.waitsForRestart) {
        steps.push({
          id: def.id,
          title: def.title,
          decision: 'after-restart',
          reason: 'Runs after the restart, when WSL is active.',
          estimateSeconds: def.estimateSeconds,
        });
        continue;
      }
      const result = await this.invoke(def, 'Test', options);
      let decision: PlanDecision;
      let reason = result.message;
      switch (result.state) {
        case 'present':
          decision = 'satisfied';
          break;
        case 'not-applicable':
          decision = 'not-applicable';
          break;
        case 'pending-reboot':
          decision = 'satisfied';
          reason = `${result.message} A restart will finish it.`;
          restartPending = true;
          break;
        case 'blocked':
          decision = 'blocked';
          blocked = describeFailure(def.id, result);
          break;
        default:
          if (result.error) {
            decision = 'blocked';
            blocked = describeFailure(def.id, result);
          } else {
            decision = 'will-run';
            if (['features', 'docker-desktop'].includes(def.id)) restartPending = true;
          }
      }
      steps.push({
        id: def.id,
        title: def.title,
        decision,
        reason,
        estimateSeconds: decision === 'will-run' ? def.estimateSeconds : 0,
      });
    }
    return { steps, restartExpected: restartPending, ...(blocked ? { blocked } : {}) };
  }

  private newJournal(options: RunOptions): Journal {
    const steps = Object.fromEntries(CATALOG.map((d) => [d.id, newStepRecord()])) as Journal['steps'];
    return {
      schema: 'pupperware-journal/1',
      appVersion: this.config.appVersion,
      runId: `${nowIso().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`,
      createdAt: nowIso(),
      updatedAt: nowIso(),
      writes: 0,
      phase: 'running',
      options,
      interactiveUser: this.config.interactiveUser,
      simulation: this.config.simulation,
      reboots: 0,
      signOuts: 0,
      restart: null,
      resumeTask: null,
      signInNeeded: false,
      steps,
      outcomeMessage: '',
    };
  }

  /** Reads the journal for `run`; reports a damaged one and starts from what the machine says. */
  private openJournal(options: RunOptions): { journal: Journal; loaded: JournalLoad } {
    const loaded = this.store.load();
    if (loaded.kind === 'damaged') {
      this.emit(
        'notice',
        `The saved progress could not be used because ${loaded.reason}. It was kept at ${loaded.keptAt} for the diagnostics bundle; Pupperware Setup checks this PC again instead.`,
      );
    }
    if (loaded.kind === 'ok' && !isFinished(loaded.journal)) return { journal: loaded.journal, loaded };
    return { journal: this.newJournal(options), loaded };
  }

  /**
   * Shows what the journal says when the app opens: a run waiting for a restart (the user chose
   * "Later" and closed the app) comes back as reboot-required, with its reason.
   */
  restoreFromJournal(): void {
    const j = this.pendingRun();
    if (!j) return;
    this.runDir = this.logDir(j.runId);
    this.syncStateFromJournal(j);
    if ((j.phase === 'reboot-required' || j.phase === 'signout-required') && j.restart) {
      this.emitState({
        phase: j.phase,
        restart: { kind: j.restart.kind, reason: j.restart.reason },
        message: `${j.restart.reason} ${j.restart.kind === 'signout' ? 'Signing out and back in' : 'A restart'} is still needed before setup can continue.`,
      });
    }
  }

  /** Whether an unfinished run (waiting for a restart, or interrupted) is in the journal. */
  pendingRun(): Journal | null {
    const j = this.store.peek();
    return j && !isFinished(j) ? j : null;
  }

  private syncStateFromJournal(j: Journal): void {
    this.state = {
      ...this.state,
      runId: j.runId,
      options: j.options,
      reboots: j.reboots,
      startedAt: j.createdAt,
      steps: CATALOG.map((d) => {
        const r = j.steps[d.id];
        return {
          id: d.id,
          title: d.title,
          status: r.status,
          changed: r.changed,
          summary: r.summary,
          attempts: r.attempts,
          durationMs: r.durationMs,
          ...(r.error ? { error: r.error } : {}),
        };
      }),
    };
    this.emit('state', this.getState());
  }

  private record(j: Journal, id: StepId, patch: Partial<StepRecord>): void {
    j.steps[id] = { ...j.steps[id], ...patch };
    this.store.save(j);
    const { error, ...rest } = patch;
    this.setStep(id, { ...rest, ...(error ? { error } : {}) } as Partial<StepView>);
  }

  /**
   * Starts a run, or continues the one in the journal (after a restart, a sign-out or a crash).
   * Resolves when the run stops: finished, or waiting for a restart or sign-out.
   */
  async run(req: RunRequest): Promise<RunResult> {
    this.store.lock();
    try {
      return await this.runLocked(req);
    } finally {
      this.store.unlock();
    }
  }

  private async runLocked(req: RunRequest): Promise<RunResult> {
    this.confirmedRestart = false;
    const { journal: j } = this.openJournal(req.options);
    this.runDir = this.logDir(j.runId);
    this.emitState({
      phase: 'running',
      resumed: null,
      restart: null,
      diagnosis: null,
      validation: [],
      finishedAt: null,
      message: '',
    });
    this.syncStateFromJournal(j);

    if (j.phase === 'reboot-required' || j.phase === 'signout-required') {
      const proof = await this.proveRestart(j);
      if (!proof.confirmed) return this.waitAgain(j, proof.message);
    } else if (j.writes > 0) {
      this.emitState({
        resumed: {
          kind: 'restart',
          confirmed: false,
          message: 'Continuing a run that was interrupted. Every step is checked again first.',
        },
      });
    }
    j.phase = 'running';
    this.store.save(j);
    return this.pass(j, req);
  }

  /** Compares the boot time (or logon session) with the one recorded before the restart. */
  private async proveRestart(j: Journal): Promise<{ confirmed: boolean; message: string }> {
    const restart = j.restart;
    if (!restart) return { confirmed: true, message: '' };
    const now = await this.config.host.bootInfo();
    if (restart.kind === 'restart' && now.bootTime === restart.bootTime) {
      return {
        confirmed: false,
        message:
          'Windows has not restarted yet: the last boot time is the same as before. "Shut down" with Fast Startup is not a restart; choose Start > Power > Restart.',
      };
    }
    if (restart.kind === 'signout' && now.logonSession === restart.logonSession && now.bootTime === restart.bootTime) {
      return { confirmed: false, message: 'You have not signed out yet. Sign out of Windows and back in to continue.' };
    }
    // A restart is also a new sign-in.
    j.signInNeeded = false;
    if (restart.kind === 'restart') {
      j.reboots += 1;
      this.confirmedRestart = true;
    } else j.signOuts += 1;
    j.restart = null;
    const index = CATALOG.findIndex(
      (d) => j.steps[d.id].status === 'deferred' || j.steps[d.id].status === 'pending-reboot',
    );
    const message =
      restart.kind === 'restart'
        ? `Restart confirmed. Continuing with step ${Math.max(1, index + 1)} of ${CATALOG.length}.`
        : `Sign-in confirmed. Continuing with step ${Math.max(1, index + 1)} of ${CATALOG.length}.`;
    this.emitState({ resumed: { kind: restart.kind, confirmed: true, message }, reboots: j.reboots });
    return { confirmed: true, message };
  }

  private waitAgain(j: Journal, message: string): RunResult {
    const restart = j.restart;
    this.emitState({
      phase: j.phase === 'signout-required' ? 'signout-required' : 'reboot-required',
      restart: restart ? { kind: restart.kind, reason: restart.reason } : null,
      resumed: restart ? { kind: restart.kind, confirmed: false, message } : null,
      message,
    });
    return { outcome: 'reboot-required', journal: j, state: this.getState() };
  }

  private async pass(j: Journal, req: RunRequest): Promise<RunResult> {
    const options = j.options;
    const restartFor: { id: StepId; message: string; stuck: boolean }[] = [];
    // Loop guard: a restart confirmed by this process, and still pending before anything changed.
    let changedInPass = false;
    let signOutFor: string | null = j.signInNeeded
      ? 'You were added to docker-users; it takes effect when you sign in again.'
      : null;
    // A step the journal shows as running was interrupted (a kill, a crash): what it changed is unknown.
    const interrupted = new Set(CATALOG.filter((d) => j.steps[d.id].status === 'running').map((d) => d.id));
    let password: string | null | undefined;
    for (const def of CATALOG) {
      if (req.signal?.aborted)
        return this.finish(
          j,
          'cancelled',
          'The run was cancelled. Steps already done stay done; run Pupperware Setup again to continue.',
        );
      const waitForRestart = restartFor.length > 0 && def.waitsForRestart;
      const waitForSignIn = signOutFor !== null && (def.id === 'engine-start' || def.id === 'validate');
      if (waitForRestart || waitForSignIn) {
        this.record(j, def.id, {
          status: 'deferred',
          summary: waitForRestart ? 'After the restart.' : 'After you sign in again.',
        });
        continue;
      }
      this.emitState({ currentStep: def.id });
      const started = Date.now();
      this.setStep(def.id, { status: 'running', startedAt: nowIso() });
      let result: StepResult;
      if (def.id === 'distro-user') {
        // Only this step needs the password: test first, and ask for it only when the user must be created.
        const test = await this.invoke(def, 'Test', options, { signal: req.signal });
        if (req.signal?.aborted) return this.cancelStep(j, def.id, started);
        result = test;
        if (test.state === 'absent' && !test.error) {
          if (password === undefined) {
            this.emitState({ needsPassword: true });
            password = await req.getPassword();
            this.emitState({ needsPassword: false });
          }
          if (req.signal?.aborted) return this.cancelStep(j, def.id, started);
          if (!password) {
            this.record(j, def.id, {
              status: 'failed',
              durationMs: Date.now() - started,
              summary: 'No password was given for the Linux user.',
              error: { code: 'PASSWORD_REQUIRED', message: 'No password was given for the Linux user.' },
            });
            return this.finish(
              j,
              'failed',
              'The Linux user needs a password. Set PUPPERWARE_SETUP_PASSWORD or type it when asked, then run again.',
              {
                id: 'PASSWORD_REQUIRED',
                title: 'A password is needed',
                explanation:
                  'Pupperware Setup creates your Linux user with the password you choose. It is never stored, so after a restart it is asked again.',
                fixSteps: [
                  'Type the password when asked, or set the environment variable PUPPERWARE_SETUP_PASSWORD, then continue.',
                ],
                links: [],
              },
            );
          }
          this.record(j, def.id, { status: 'running', attempts: j.steps[def.id].attempts + 1, summary: 'Applying…' });
          result = await this.invoke(def, 'Set', options, { password, signal: req.signal, secrets: [password] });
        }
      } else {
        // Set mode tests first and changes nothing when the step is already done (then verifies):
        // Test → Set → Verify in one PowerShell start. The journal records the intent before it.
        this.record(j, def.id, { status: 'running', attempts: j.steps[def.id].attempts + 1, summary: '' });
        result = await this.invoke(def, 'Set', options, { signal: req.signal });
      }
      if (req.signal?.aborted) return this.cancelStep(j, def.id, started);
      const durationMs = Date.now() - started;
      const failed = result.error !== null && result.state !== 'blocked' && result.state !== 'not-applicable';
      if (result.state === 'blocked') {
        const diagnosis = describeFailure(def.id, result);
        this.record(j, def.id, { status: 'blocked', durationMs, summary: result.message, error: result.error });
        this.setStep(def.id, { diagnosis });
        return this.finish(j, 'blocked', result.error?.message ?? result.message, diagnosis);
      }
      if (failed || (result.mode === 'Set' && result.state === 'absent')) {
        const error = result.error ?? {
          code: 'VERIFY_FAILED',
          message: `${def.title} did not take effect: the check after the change still finds it missing.`,
        };
        const diagnosis = describeFailure(def.id, { ...result, error });
        this.record(j, def.id, { status: 'failed', durationMs, summary: error.message, error });
        this.setStep(def.id, { diagnosis });
        return this.finish(j, 'failed', `${def.title} failed: ${error.message}`, diagnosis);
      }
      const changed = j.steps[def.id].changed || result.changed;
      if (result.changed) changedInPass = true;
      if (result.state === 'not-applicable') {
        this.record(j, def.id, { status: 'skipped', changed, durationMs, summary: result.message, error: null });
      } else if (result.state === 'pending-reboot' || result.rebootRequired) {
        this.record(j, def.id, { status: 'pending-reboot', changed, durationMs, summary: result.message, error: null });
        restartFor.push({
          id: def.id,
          message: result.message,
          stuck: this.confirmedRestart && !changedInPass && !result.changed,
        });
        if (def.id === 'pending-restart') {
          // A restart that was pending before we started is resolved first, before anything changes.
          for (const later of CATALOG.slice(CATALOG.indexOf(def) + 1))
            this.record(j, later.id, { status: 'deferred', summary: 'After the restart.' });
          break;
        }
      } else {
        this.record(j, def.id, { status: 'done', changed, durationMs, summary: result.message, error: null });
      }
      const membershipMayBeNew = def.id === 'docker-users' && interrupted.has(def.id) && result.state === 'present';
      if ((result.signOutRequired && result.changed) || membershipMayBeNew) {
        signOutFor = result.message;
        if (!j.signInNeeded) {
          j.signInNeeded = true;
          this.store.save(j);
        }
      }
      if (def.id === 'validate') return this.judge(j, result);
    }
    if (restartFor.length > 0) return this.requestRestart(j, 'restart', restartFor);
    if (signOutFor !== null) return this.requestRestart(j, 'signout', [{ id: 'docker-users', message: signOutFor }]);
    return this.finish(j, 'failed', 'The run ended without validating. Run it again.');
  }

  private cancelStep(j: Journal, id: StepId, started: number): Promise<RunResult> {
    this.record(j, id, { status: 'cancelled', durationMs: Date.now() - started, summary: 'Cancelled.' });
    return this.finish(
      j,
      'cancelled',
      'The run was cancelled. Steps already done stay done; run Pupperware Setup again to continue.',
    );
  }

  private judge(j: Journal, result: StepResult): Promise<RunResult> {
    this.emitState({ phase: 'validating' });
    const checks = evaluateValidation(result.facts ?? {}, { options: j.options, interactiveUser: j.interactiveUser });
    this.emitState({ validation: checks });
    const failing = checks.filter((c) => c.status === 'fail');
    if (failing.length > 0) {
      const first = failing[0] as ValidationCheck;
      return this.finish(
        j,
        'failed',
        `Validation failed: ${failing.map((c) => c.title).join(', ')}.`,
        first.diagnosis ?? null,
      );
    }
    return this.finish(j, 'succeeded', 'Linux containers run on this PC. Pupperware is ready to start.');
  }

  private async requestRestart(
    j: Journal,
    kind: 'restart' | 'signout',
    causes: { id: StepId; message: string; stuck?: boolean }[],
  ): Promise<RunResult> {
    const stuck = causes.filter((c) => c.stuck);
    if (kind === 'restart' && stuck.length > 0) {
      return this.finish(
        j,
        'failed',
        'Windows restarted, but the change that needed the restart is still not active.',
        {
          id: 'RESTART_DID_NOT_APPLY',
          title: 'The restart did not finish the change',
          explanation: `Windows restarted (the boot time changed), and before anything else was changed it still says: ${stuck.map((c) => c.message).join(' ')} So ${stuck.map((c) => (CATALOG.find((d) => d.id === c.id)?.title ?? c.id).toLowerCase()).join(' and ')} still waits for a restart. Restarting again would loop (microsoft/WSL#6474).`,
          fixSteps: [
            'Run Windows Update and install everything it offers, then restart.',
            'In an administrator PowerShell, run: wsl --install --no-distribution, then restart.',
            'If it persists, run DISM /Online /Cleanup-Image /RestoreHealth and restart.',
          ],
          links: [
            {
              title: 'WSL issue 6474: stuck on "changes will not be effective until the system is rebooted"',
              url: 'https://github.com/microsoft/WSL/issues/6474',
            },
          ],
        },
      );
    }
    const used = kind === 'restart' ? j.reboots : j.signOuts;
    const cap = kind === 'restart' ? MAX_RESTARTS_PER_RUN : MAX_SIGNOUTS_PER_RUN;
    if (used >= cap) {
      return this.finish(
        j,
        'failed',
        `Stopped after ${used} ${kind === 'restart' ? 'restarts' : 'sign-outs'} to avoid a loop.`,
        {
          id: 'TOO_MANY_RESTARTS',
          title: 'Too many restarts',
          explanation: `This run already restarted Windows ${used} times and something still asks for another restart.`,
          fixSteps: [
            'Export diagnostics and look at the log of the step that asks for the restart.',
            'Install pending Windows updates, restart, and run Pupperware Setup again.',
          ],
          links: [],
        },
      );
    }
    const boot = await this.config.host.bootInfo();
    const task = await this.ensureResumeTask(j);
    const reason =
      kind === 'restart'
        ? `Windows needs to restart: ${causes.map((c) => c.message).join(' ')}`
        : `Sign out and back in so that your docker-users membership takes effect. ${causes.map((c) => c.message).join(' ')}`;
    j.phase = kind === 'restart' ? 'reboot-required' : 'signout-required';
    j.restart = {
      kind,
      reason,
      requestedAt: nowIso(),
      bootTime: boot.bootTime,
      logonSession: boot.logonSession,
    };
    this.store.save(j);
    const next = task.registered
      ? 'Pupperware Setup opens again by itself after you sign in and continues where it stopped.'
      : `Start Pupperware Setup again after you sign in: ${task.why}`;
    this.emitState({
      phase: kind === 'restart' ? 'reboot-required' : 'signout-required',
      restart: { kind, reason },
      currentStep: null,
      message: `${reason} ${next}`,
    });
    return { outcome: 'reboot-required', journal: j, state: this.getState() };
  }

  private async ensureResumeTask(j: Journal): Promise<{ registered: boolean; why: string }> {
    const spec: ResumeTaskSpec = {
      name: RESUME_TASK_NAME,
      user: j.interactiveUser,
      execute: this.config.resumeCommand.execute,
      arguments: this.config.resumeCommand.arguments,
    };
    const unsafe = unsafeTaskTarget(spec.execute);
    if (unsafe) {
      this.emit('notice', `No resume task was registered: ${unsafe}`);
      return { registered: false, why: unsafe };
    }
    await this.config.host.registerResumeTask(spec);
    j.resumeTask = { name: spec.name, execute: spec.execute, arguments: spec.arguments };
    this.store.save(j);
    return { registered: true, why: '' };
  }

  private async finish(
    j: Journal,
    outcome: Exclude<Outcome, 'reboot-required'>,
    message: string,
    diagnosis: Diagnosis | null = null,
  ): Promise<RunResult> {
    // No leftovers: the resume task goes whatever the outcome.
    try {
      await this.config.host.unregisterResumeTask(RESUME_TASK_NAME);
    } catch (err) {
      this.emit('notice', `Could not remove the resume task: ${(err as Error).message}`);
    }
    j.resumeTask = null;
    j.phase = outcome;
    j.restart = null;
    j.outcomeMessage = message;
    this.store.save(j);
    this.emitState({ phase: outcome, finishedAt: nowIso(), currentStep: null, diagnosis, message, restart: null });
    return { outcome, journal: j, state: this.getState() };
  }

  /** Runs the validation (the validate step's Test) and judges it, outside a run. */
  async revalidate(options: RunOptions): Promise<ValidationCheck[]> {
    const def = CATALOG.find((d) => d.id === 'validate') as StepDefinition;
    const result = await this.invoke(def, 'Test', options);
    const checks = evaluateValidation(result.facts ?? {}, { options, interactiveUser: this.config.interactiveUser });
    this.emitState({ validation: checks });
    return checks;
  }

  /** Runs one step Test → Set → Verify outside a run (an automatic fix from the catalog). */
  async runSingleStep(id: StepId, options: RunOptions): Promise<StepResult> {
    const def = CATALOG.find((d) => d.id === id) as StepDefinition;
    this.setStep(id, { status: 'running', startedAt: nowIso() });
    const started = Date.now();
    const test = await this.invoke(def, 'Test', options);
    const result = test.state === 'absent' && !test.error ? await this.invoke(def, 'Set', options) : test;
    const ok = !result.error && result.state !== 'absent';
    this.setStep(id, {
      status: ok ? (result.state === 'pending-reboot' ? 'pending-reboot' : 'done') : 'failed',
      durationMs: Date.now() - started,
      summary: result.message,
      changed: result.changed,
      ...(result.error ? { error: result.error, diagnosis: describeFailure(id, result) } : {}),
    });
    return result;
  }

  /** Removes the resume task and the journal (pupperware-setup cleanup). */
  async cleanup(): Promise<string[]> {
    const removed: string[] = [];
    this.store.lock();
    try {
      await this.config.host.unregisterResumeTask(RESUME_TASK_NAME);
      removed.push(`scheduled task ${RESUME_TASK_NAME}`);
      this.store.remove();
      removed.push(this.store.file);
    } finally {
      this.store.unlock();
    }
    return removed;
  }

  lastStepFacts(id: StepId): Record<string, unknown> | undefined {
    return this.lastFacts.get(id);
  }
}
