/**
 * The contract shared by the engine, the command line, the Electron main process and the renderer:
 * step ids, run options (validated with zod), the run state that main pushes to the renderer,
 * plans, checks and diagnoses. Types and schemas only: no behaviour, no Node or DOM imports.
 */
import { z } from 'zod';

export const STEP_IDS = [
  'preflight',
  'pending-restart',
  'features',
  'docker-desktop',
  'docker-users',
  'firewall',
  'wsl-update',
  'wsl-default-version',
  'distro',
  'distro-user',
  'engine-start',
  'validate',
] as const;
export type StepId = (typeof STEP_IDS)[number];
export const StepIdSchema = z.enum(STEP_IDS);

/** A Linux user name useradd accepts and that is safe everywhere we pass it. */
export const LINUX_USER_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;
export const DISTRO_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A Windows account as DOMAIN\user or a well-known name; no quotes or shell metacharacters. */
export const WINDOWS_ACCOUNT_PATTERN = /^[A-Za-z0-9 ._-]{1,64}(\\[A-Za-z0-9 ._$-]{1,64})?$/;

export const LinuxUserSchema = z
  .string()
  .regex(
    LINUX_USER_PATTERN,
    'Use 1 to 32 characters: lowercase letters, digits, "_" or "-", starting with a letter or "_".',
  )
  .refine((v) => v !== 'root', 'Choose a name other than "root": root already exists.');

export const DOCKER_SOURCES = ['winget', 'choco', 'direct'] as const;
export type DockerSource = (typeof DOCKER_SOURCES)[number];

export const RunOptionsSchema = z
  .object({
    distro: z.string().regex(DISTRO_NAME_PATTERN, 'Not a valid WSL distribution name.').default('Ubuntu'),
    distroUser: LinuxUserSchema,
    dockerSource: z.enum(DOCKER_SOURCES).default('winget'),
    wslUpdateSource: z.enum(['wsl-update', 'kernel-msi']).default('wsl-update'),
    enableHyperV: z.boolean().default(false),
    firewallRule: z.boolean().default(false),
    serviceAccount: z
      .string()
      .regex(WINDOWS_ACCOUNT_PATTERN, 'Not a valid Windows account name.')
      .nullable()
      .default(null),
    engineWaitSeconds: z.number().int().min(10).max(1800).default(300),
  })
  .strict();
export type RunOptions = z.infer<typeof RunOptionsSchema>;
export type RunOptionsInput = z.input<typeof RunOptionsSchema>;

/** Password rules for the distro user. Checked in the UI and the engine; the value never leaves memory. */
export const PasswordSchema = z
  .string()
  .min(1, 'Type a password for the Linux user.')
  .max(256, 'Use at most 256 characters.')
  .refine((v) => !/[\r\n\0:]/.test(v), 'The password cannot contain a line break, NUL or ":".');

export type StepStatus =
  | 'waiting'
  | 'running'
  | 'done'
  | 'skipped'
  | 'pending-reboot'
  | 'deferred'
  | 'failed'
  | 'blocked'
  | 'cancelled';

export type PlanDecision = 'will-run' | 'satisfied' | 'not-applicable' | 'after-restart' | 'blocked';

export interface DocLink {
  title: string;
  url: string;
}

/** A troubleshooting diagnosis: what happened, why, what to do, and an automatic fix when we have one. */
export interface Diagnosis {
  id: string;
  title: string;
  explanation: string;
  fixSteps: string[];
  links: DocLink[];
  fixId?: string;
}

export interface StepView {
  id: StepId;
  title: string;
  status: StepStatus;
  changed: boolean;
  summary: string;
  attempts: number;
  startedAt?: string;
  durationMs?: number;
  error?: { code: string; message: string };
  diagnosis?: Diagnosis;
}

export interface PlanStep {
  id: StepId;
  title: string;
  decision: PlanDecision;
  reason: string;
  estimateSeconds: number;
}

export interface Plan {
  steps: PlanStep[];
  restartExpected: boolean;
  blocked?: Diagnosis;
}

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One line of the System check page (built from the preflight step's facts). */
export interface SystemCheck {
  id: string;
  title: string;
  status: CheckStatus;
  observed: string;
  why: string;
  diagnosis?: Diagnosis;
}

export interface ValidationCheck {
  id: string;
  title: string;
  status: CheckStatus;
  observed: string;
  expected: string;
  remediation?: string;
  diagnosis?: Diagnosis;
}

export type RunPhase =
  | 'idle'
  | 'running'
  | 'reboot-required'
  | 'signout-required'
  | 'validating'
  | 'succeeded'
  | 'failed'
  | 'blocked'
  | 'cancelled';

export type Outcome = 'succeeded' | 'failed' | 'blocked' | 'reboot-required' | 'cancelled';

export interface RestartRequest {
  kind: 'restart' | 'signout';
  /** Plain words: why Windows must restart (or the user sign out). */
  reason: string;
}

export interface ResumeInfo {
  kind: 'restart' | 'signout';
  /** true when a new boot (or logon session) proved the restart happened. */
  confirmed: boolean;
  message: string;
}

export interface RunState {
  runId: string | null;
  phase: RunPhase;
  steps: StepView[];
  options: RunOptions | null;
  reboots: number;
  startedAt: string | null;
  finishedAt: string | null;
  currentStep: StepId | null;
  restart: RestartRequest | null;
  resumed: ResumeInfo | null;
  validation: ValidationCheck[];
  diagnosis: Diagnosis | null;
  message: string;
  /** true when a step still needs the distro user's password (e.g. after a restart). */
  needsPassword: boolean;
  simulated: boolean;
}

/** One batch of terminal output for one step. */
export interface LogChunk {
  stepId: StepId;
  /** Monotonic batch number, used for acknowledgement-based flow control. */
  seq: number;
  data: string;
}

export interface RunReport {
  outcome: Outcome;
  reboots: number;
  steps: { id: StepId; status: StepStatus; changed: boolean; durationMs: number }[];
  validation: { id: string; status: CheckStatus; observed: string }[];
  diagnosis?: Diagnosis;
}
