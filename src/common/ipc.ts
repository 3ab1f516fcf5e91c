/**
 * The one IPC contract between the renderer and whatever hosts it (the Electron main process, or the
 * browser rehearsal's WebSocket bridge). A closed list of named actions, each with a zod schema for
 * its argument, and two event streams (run state, terminal output). Types and schemas only.
 *
 * The renderer never sends a command string, a script, a flag or a file path: every argument below is
 * data that the host validates before the engine sees it.
 */
import { z } from 'zod';
import {
  PasswordSchema,
  type Plan,
  type RunOptions,
  RunOptionsSchema,
  type RunState,
  type StepId,
  StepIdSchema,
  type SystemCheck,
  type ValidationCheck,
} from './contract';

/** Every result crosses the boundary in this envelope; nothing is thrown across it. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export interface IpcError {
  /** Stable, machine-readable: `invalid-argument`, `unknown-channel`, `forbidden`, `failed`, `unavailable`. */
  code: IpcErrorCode;
  /** Written for the person using the wizard. Never echoes the rejected input. */
  message: string;
}
export type IpcErrorCode = 'invalid-argument' | 'unknown-channel' | 'forbidden' | 'failed' | 'unavailable';

/** A fix id from the troubleshooting catalog: a short slug, never a command. */
export const FixIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Not a known fix.');

const NoArg = z.undefined();

export const StartArgSchema = z
  .object({
    options: RunOptionsSchema,
    password: PasswordSchema.nullable(),
  })
  .strict();
export type StartArg = z.input<typeof StartArgSchema>;

export const ResumeArgSchema = z.object({ password: PasswordSchema.nullable() }).strict();
export const RunFixArgSchema = z.object({ fixId: FixIdSchema }).strict();
export const StepLogArgSchema = z.object({ stepId: StepIdSchema }).strict();
export const AckLogArgSchema = z.object({ seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }).strict();

/** Who we run as, and whether that is who sits at the console (see docs/elevation.md). */
export interface ElevationInfo {
  elevated: boolean;
  /** DOMAIN\user of this process's token. */
  processUser: string;
  /** DOMAIN\user signed in at the console (owner of the interactive session), null when unknown. */
  consoleUser: string | null;
  /** true when the elevated identity differs from the console user (over-the-shoulder UAC). */
  identityMismatch: boolean;
  /** true when "Relaunch as administrator" can be offered. */
  canRelaunchElevated: boolean;
}

export interface AppEnvironment {
  /** `electron`: the real app. `rehearsal`: the browser demo, always against the simulator. */
  host: 'electron' | 'rehearsal';
  simulated: boolean;
  /** Scenario name when simulated. */
  scenario: string | null;
  /** true when the app was started by the resume task after a restart or sign-out. */
  resumed: boolean;
  appVersion: string;
  /** Suggested Linux user name (the Windows user name, lowercased and made valid). */
  suggestedUser: string;
  /** Defaults for the Welcome page's options (a rehearsal scenario can imply some, e.g. its Docker source). */
  suggestedOptions: Partial<Pick<RunOptions, 'dockerSource' | 'enableHyperV' | 'firewallRule' | 'serviceAccount'>>;
  elevation: ElevationInfo | null;
}

export interface DiagnosticsExport {
  /** Where main wrote the bundle (chosen by main, shown to the user). */
  path: string;
}

export interface LogFolderResult {
  path: string;
  /** false when the host cannot open a folder (the browser rehearsal): the UI shows the path instead. */
  opened: boolean;
}

/**
 * The channel table: argument schema per channel. The handler module (src/main/ipc/handlers.ts)
 * implements exactly these keys; the preload and the demo shim expose exactly these keys.
 */
export const IPC_CHANNELS = {
  getState: NoArg,
  getEnvironment: NoArg,
  preflight: NoArg,
  plan: RunOptionsSchema,
  start: StartArgSchema,
  resume: ResumeArgSchema,
  cancel: NoArg,
  restartNow: NoArg,
  restartLater: NoArg,
  revalidate: NoArg,
  runFix: RunFixArgSchema,
  stepLog: StepLogArgSchema,
  ackLog: AckLogArgSchema,
  exportDiagnostics: NoArg,
  openLogFolder: NoArg,
  relaunchElevated: NoArg,
} as const;

export type IpcChannel = keyof typeof IPC_CHANNELS;
export const IPC_CHANNEL_NAMES = Object.keys(IPC_CHANNELS) as IpcChannel[];

export interface IpcResults {
  getState: RunState;
  getEnvironment: AppEnvironment;
  preflight: SystemCheck[];
  plan: Plan;
  start: RunState;
  resume: RunState;
  cancel: RunState;
  restartNow: RunState;
  restartLater: RunState;
  revalidate: ValidationCheck[];
  runFix: RunState;
  stepLog: string;
  ackLog: null;
  exportDiagnostics: DiagnosticsExport;
  openLogFolder: LogFolderResult;
  relaunchElevated: null;
}

export type IpcArg<C extends IpcChannel> = z.input<(typeof IPC_CHANNELS)[C]>;
export type IpcParsedArg<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]>;

export type { Invoke, Subscribe } from './setup-api';
export { createSetupApi, IPC_EVENT_NAMES, IPC_PREFIX, ipcChannelName, ipcEventName } from './setup-api';

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && Object.hasOwn(IPC_CHANNELS, value);
}

/** One batch of terminal output, as the renderer receives it. */
export interface LogBatch {
  /** Batch number; the renderer acknowledges it with `ackLog({ seq })` once xterm has written it. */
  seq: number;
  stepId: StepId;
  data: string;
}

export interface IpcEvents {
  state: RunState;
  log: LogBatch;
}
export type IpcEvent = keyof IpcEvents;

/**
 * `window.setup`: one object of named functions. Each returns the envelope; the renderer decides
 * what to show for an error. Identical under Electron and in the browser rehearsal.
 */
export interface SetupApi {
  getState(): Promise<IpcResult<RunState>>;
  getEnvironment(): Promise<IpcResult<AppEnvironment>>;
  preflight(): Promise<IpcResult<SystemCheck[]>>;
  plan(options: IpcArg<'plan'>): Promise<IpcResult<Plan>>;
  start(arg: StartArg): Promise<IpcResult<RunState>>;
  resume(arg: IpcArg<'resume'>): Promise<IpcResult<RunState>>;
  cancel(): Promise<IpcResult<RunState>>;
  restartNow(): Promise<IpcResult<RunState>>;
  restartLater(): Promise<IpcResult<RunState>>;
  revalidate(): Promise<IpcResult<ValidationCheck[]>>;
  runFix(arg: IpcArg<'runFix'>): Promise<IpcResult<RunState>>;
  stepLog(arg: IpcArg<'stepLog'>): Promise<IpcResult<string>>;
  ackLog(arg: IpcArg<'ackLog'>): Promise<IpcResult<null>>;
  exportDiagnostics(): Promise<IpcResult<DiagnosticsExport>>;
  openLogFolder(): Promise<IpcResult<LogFolderResult>>;
  relaunchElevated(): Promise<IpcResult<null>>;
  /** Subscribes to run-state snapshots; returns an unsubscribe function. */
  onState(listener: (state: RunState) => void): () => void;
  /** Subscribes to terminal output batches; returns an unsubscribe function. */
  onLog(listener: (batch: LogBatch) => void): () => void;
}

/** Messages of the rehearsal's WebSocket protocol (JSON text frames). */
export type WireRequest = { id: number; channel: string; arg?: unknown };
export type WireMessage =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: IpcEvent; payload: unknown };
