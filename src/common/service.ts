/**
 * What the wizard can ask of the engine. The Electron main process (and the browser rehearsal's
 * WebSocket bridge) implement the renderer's `window.setup` on top of this; the engine's
 * `createSetupService()` in `src/engine/service.ts` is the one implementation.
 * Every method is a closed action: no command strings, no paths from the renderer.
 */
import type { LogChunk, Plan, RunOptionsInput, RunState, StepId, SystemCheck, ValidationCheck } from './contract';

export interface SetupService {
  getState(): RunState;
  /** Runs the preflight (read-only) and returns the System check lines. */
  preflight(): Promise<SystemCheck[]>;
  /** Tests every step (read-only) and says what will run, what is done, what is skipped and why. */
  plan(options: RunOptionsInput): Promise<Plan>;
  /**
   * Starts (or, after a restart, continues) the run. Resolves when the run stops: succeeded, failed,
   * blocked, cancelled, or waiting for a restart / sign-out. The password lives in memory only.
   */
  start(options: RunOptionsInput, password: string | null): Promise<RunState>;
  /** Continues a run after a restart or sign-out (the resume task starts the app with --resume). */
  resume(password: string | null): Promise<RunState>;
  /** Ends the run and the whole process tree of the current step. */
  cancel(): Promise<RunState>;
  /** The user said "Restart now" (the simulator restarts and fires the logon task). */
  restartNow(): Promise<RunState>;
  /** The user said "Later": nothing happens now; the run stays reboot-required. */
  restartLater(): Promise<RunState>;
  /** Runs the validation checks again. */
  revalidate(): Promise<ValidationCheck[]>;
  /** Runs an automatic fix from the troubleshooting catalog (as an ordinary step), then re-checks. */
  runFix(fixId: string): Promise<RunState>;
  /** Writes the diagnostics zip to a path chosen by main (never by the renderer). */
  exportDiagnostics(destination: string): Promise<string>;
  /** The full log of a finished step, from disk. */
  stepLog(stepId: StepId): Promise<string>;
  /** Folder holding the journal and step logs. */
  dataDir(): string;
  onState(listener: (state: RunState) => void): () => void;
  onLog(listener: (chunk: LogChunk) => void): () => void;
  /** The consumer wrote batch `seq` into the terminal: lets the pty resume under flow control. */
  ackLog(seq: number): void;
}
