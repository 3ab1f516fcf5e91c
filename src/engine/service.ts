/**
 * The engine as the wizard sees it (src/common/service.ts): the Electron main process and the
 * browser rehearsal's bridge both wrap this. It keeps the run state, forwards step output,
 * holds the password in memory only, and in simulation performs "Restart now" and fires the
 * logon task exactly as Windows would.
 */
import path from 'node:path';
import type {
  LogChunk,
  Plan,
  RunOptions,
  RunOptionsInput,
  RunState,
  StepId,
  SystemCheck,
  ValidationCheck,
} from '../common/contract';
import { PasswordSchema, RunOptionsSchema, StepIdSchema } from '../common/contract';
import type { SetupService } from '../common/service';
import { createDiagnosticsBundle } from './diagnostics/bundle';
import type { Engine } from './engine';
import { firedResumeTask } from './resume-task';
import { createSetup, linuxUserFromWindows, type Setup } from './setup';
import { readSimState } from './sim/machine';
import { FIXES } from './troubleshooting';

export interface ServiceOptions {
  simulate?: { scenario: string; statePath: string };
  dataDir: string;
  appVersion?: string;
  interactiveUser?: string;
  pwsh?: string;
  /** Start the simulated PC afresh (the rehearsal's "start over"). Default: continue an unfinished run. */
  freshMachine?: boolean;
}

class EngineService implements SetupService {
  private readonly engine: Engine;
  private password: string | null = null;
  private running: Promise<RunState> | null = null;
  private controller: AbortController | null = null;
  private lastOptions: RunOptions | null = null;
  private readonly logListeners = new Set<(c: LogChunk) => void>();
  private readonly stateListeners = new Set<(s: RunState) => void>();
  private passwordWaiter: ((p: string | null) => void) | null = null;

  constructor(private readonly setup: Setup) {
    this.engine = setup.engine;
    this.engine.on('state', (s) => {
      for (const l of this.stateListeners) l(s);
    });
    this.engine.on('log', (c) => {
      for (const l of this.logListeners) l(c);
    });
  }

  getState(): RunState {
    return this.engine.getState();
  }

  dataDir(): string {
    return this.setup.dataDir;
  }

  private defaultOptions(input: RunOptionsInput | Record<string, never> = {}): RunOptions {
    const who = this.setup.statePath
      ? readSimState(this.setup.statePath).users.interactive
      : (process.env.USERNAME ?? 'user');
    return RunOptionsSchema.parse({ distroUser: linuxUserFromWindows(who), ...this.setup.scenarioOptions, ...input });
  }

  async preflight(): Promise<SystemCheck[]> {
    return (await this.engine.preflight(this.defaultOptions())).checks;
  }

  async plan(options: RunOptionsInput): Promise<Plan> {
    const parsed = RunOptionsSchema.parse(options);
    this.lastOptions = parsed;
    return this.engine.plan(parsed);
  }

  private startRun(options: RunOptions): Promise<RunState> {
    if (this.running) return this.running;
    this.controller = new AbortController();
    const getPassword = async () => {
      if (this.password) return this.password;
      // After a restart the password is gone (it is never stored): wait for the user to type it again.
      return new Promise<string | null>((resolve) => {
        this.passwordWaiter = resolve;
      });
    };
    this.running = this.engine
      .run({ options, getPassword, signal: this.controller.signal })
      .then((r) => {
        if (r.outcome !== 'reboot-required') this.password = null;
        return r.state;
      })
      .finally(() => {
        this.running = null;
        this.controller = null;
      });
    return this.running;
  }

  async start(options: RunOptionsInput, password: string | null): Promise<RunState> {
    const parsed = RunOptionsSchema.parse(options);
    if (password !== null) this.password = PasswordSchema.parse(password);
    this.lastOptions = parsed;
    const pending = this.engine.pendingRun();
    return this.startRun(pending ? pending.options : parsed);
  }

  async resume(password: string | null): Promise<RunState> {
    if (password !== null) {
      this.password = PasswordSchema.parse(password);
      if (this.passwordWaiter) {
        const w = this.passwordWaiter;
        this.passwordWaiter = null;
        w(this.password);
        return this.running ?? this.getState();
      }
    }
    const pending = this.engine.pendingRun();
    if (!pending) return this.getState();
    return this.startRun(pending.options);
  }

  async cancel(): Promise<RunState> {
    if (this.passwordWaiter) {
      const w = this.passwordWaiter;
      this.passwordWaiter = null;
      this.controller?.abort();
      w(null);
    } else {
      this.controller?.abort();
    }
    if (this.running) return this.running;
    return this.getState();
  }

  async restartNow(): Promise<RunState> {
    const state = this.getState();
    if (state.phase !== 'reboot-required' && state.phase !== 'signout-required') return state;
    if (!this.setup.power) {
      // On a real PC the host restarts Windows; the resume task brings the app back after sign-in.
      throw new Error('Restarting a real PC is done by the Electron app through the host, not by the engine service.');
    }
    const event = state.phase === 'signout-required' ? this.setup.power.signOut() : this.setup.power.restart();
    const task = firedResumeTask(event.firedTasks);
    if (!task) return this.getState();
    // The logon task starts the app with --resume: the same path as a real restart.
    const pending = this.engine.pendingRun();
    if (!pending) return this.getState();
    return this.startRun(pending.options);
  }

  async restartLater(): Promise<RunState> {
    return this.getState();
  }

  async revalidate(): Promise<ValidationCheck[]> {
    return this.engine.revalidate(this.lastOptions ?? this.engine.pendingRun()?.options ?? this.defaultOptions());
  }

  async runFix(fixId: string): Promise<RunState> {
    const fix = (FIXES as Record<string, { stepId: StepId; title: string } | undefined>)[fixId];
    if (!fix) throw new Error(`Unknown fix "${fixId}".`);
    const options = this.lastOptions ?? this.defaultOptions();
    await this.engine.runSingleStep(fix.stepId, options);
    await this.engine.revalidate(options);
    return this.getState();
  }

  async exportDiagnostics(destination: string): Promise<string> {
    const state = this.getState();
    const result = await createDiagnosticsBundle({
      dataDir: this.setup.dataDir,
      destination,
      appVersion: this.engine.config.appVersion,
      systemFacts: this.engine.lastStepFacts('preflight') ?? {},
      validation: state.validation,
      secrets: this.password ? [this.password] : [],
    });
    return result.path;
  }

  async stepLog(stepId: StepId): Promise<string> {
    return this.engine.readStepLog(StepIdSchema.parse(stepId));
  }

  onState(listener: (state: RunState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onLog(listener: (chunk: LogChunk) => void): () => void {
    // Whoever listens acknowledges what it wrote (ackLog): the step's pty pauses when it falls behind.
    this.engine.enableFlowControl();
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  ackLog(seq: number): void {
    this.engine.ackLog(seq);
  }
}

export async function createSetupService(opts: ServiceOptions): Promise<SetupService> {
  const setup = createSetup({
    ...(opts.simulate ? { simulate: opts.simulate.scenario, simState: path.resolve(opts.simulate.statePath) } : {}),
    dataDir: opts.dataDir,
    ...(opts.pwsh ? { pwsh: opts.pwsh } : {}),
    ...(opts.interactiveUser ? { interactiveUser: opts.interactiveUser } : {}),
    ...(opts.freshMachine ? { freshMachine: true } : {}),
  });
  setup.engine.restoreFromJournal();
  return new EngineService(setup);
}
