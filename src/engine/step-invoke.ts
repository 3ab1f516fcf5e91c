/**
 * Runs one step script in one mode and reads its result file (docs/step-contract.md).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RunOptions, StepId } from '../common/contract';
import { powershellRoot } from './paths';
import { type RunningProcess, startScript } from './powershell/process';
import { writeJsonAtomic } from './util/fs-atomic';

export type StepMode = 'Test' | 'Set';

export const StepResultSchema = z.object({
  schema: z.literal('pupperware-result/1'),
  stepId: z.string(),
  mode: z.enum(['Test', 'Set']),
  state: z.enum(['present', 'absent', 'pending-reboot', 'not-applicable', 'blocked']),
  changed: z.boolean(),
  rebootRequired: z.boolean(),
  signOutRequired: z.boolean(),
  exitCode: z.number().int(),
  message: z.string(),
  facts: z.record(z.string(), z.unknown()).nullable().default({}),
  error: z.object({ code: z.string(), message: z.string() }).nullable().default(null),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export interface StepContext {
  pwsh: string;
  /** Folder for params/result files; ACL'd like the journal on Windows. */
  workDir: string;
  simStatePath: string | null;
  interactiveUser: string;
  appVersion: string;
}

export interface InvokeOptions {
  stepId: StepId;
  mode: StepMode;
  options: RunOptions;
  /** Only for distro-user in Set mode: the password, passed in that one process's environment. */
  password?: string | null;
  timeoutMs: number;
  signal?: AbortSignal;
  onData(data: string): void;
  onStart?(proc: RunningProcess): void;
}

/** On Linux and macOS an exit status is 8 bits: 3010 arrives as 194. */
function sameExitCode(processCode: number, resultCode: number): boolean {
  if (process.platform === 'win32') return processCode === resultCode;
  return (processCode & 0xff) === (resultCode & 0xff);
}

function failure(stepId: StepId, mode: StepMode, code: string, message: string, exitCode = 1): StepResult {
  return {
    schema: 'pupperware-result/1',
    stepId,
    mode,
    state: 'absent',
    changed: false,
    rebootRequired: false,
    signOutRequired: false,
    exitCode,
    message,
    facts: {},
    error: { code, message },
  };
}

export function scriptPath(stepId: string): string {
  return path.join(powershellRoot(), 'steps', `${stepId}.ps1`);
}

export async function invokeStep(ctx: StepContext, opts: InvokeOptions): Promise<StepResult> {
  mkdirSync(ctx.workDir, { recursive: true, mode: 0o700 });
  const base = path.join(ctx.workDir, `${opts.stepId}.${opts.mode.toLowerCase()}`);
  const paramsPath = `${base}.params.json`;
  const resultPath = `${base}.result.json`;
  rmSync(resultPath, { force: true });
  writeJsonAtomic(paramsPath, {
    schema: 'pupperware-params/1',
    stepId: opts.stepId,
    ...opts.options,
    interactiveUser: ctx.interactiveUser,
    appVersion: ctx.appVersion,
  });
  const extraEnv: Record<string, string> = {};
  if (ctx.simStatePath) extraEnv.PUPPERWARE_SIM_STATE = ctx.simStatePath;
  if (opts.stepId === 'distro-user' && opts.mode === 'Set' && opts.password) {
    extraEnv.PUPPERWARE_SETUP_PASSWORD = opts.password;
  }
  const proc = startScript({
    pwsh: ctx.pwsh,
    script: scriptPath(opts.stepId),
    scriptArgs: ['-Mode', opts.mode, '-ParamsPath', paramsPath, '-ResultPath', resultPath],
    env: extraEnv,
    cwd: ctx.workDir,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    onData: opts.onData,
  });
  opts.onStart?.(proc);
  const outcome = await proc.done;
  if (outcome.cancelled) return failure(opts.stepId, opts.mode, 'CANCELLED', 'The step was cancelled.');
  if (outcome.timedOut) {
    const minutes = Math.round(opts.timeoutMs / 60_000);
    return failure(
      opts.stepId,
      opts.mode,
      'TIMEOUT',
      `The step did not finish within ${minutes < 1 ? `${opts.timeoutMs / 1000} seconds` : `${minutes} minutes`} and was stopped.`,
    );
  }
  if (!existsSync(resultPath)) {
    return failure(
      opts.stepId,
      opts.mode,
      'NO_RESULT',
      `The step ended (exit code ${outcome.exitCode}) without a result. Its log shows what it printed.`,
      outcome.exitCode,
    );
  }
  let parsed: StepResult;
  try {
    parsed = StepResultSchema.parse(JSON.parse(readFileSync(resultPath, 'utf8')));
  } catch (err) {
    return failure(
      opts.stepId,
      opts.mode,
      'BAD_RESULT',
      `The step wrote a result the engine cannot read: ${(err as Error).message}`,
    );
  }
  if (!sameExitCode(outcome.exitCode, parsed.exitCode)) {
    return failure(
      opts.stepId,
      opts.mode,
      'EXIT_MISMATCH',
      `The step exited with ${outcome.exitCode} but its result says ${parsed.exitCode}.`,
      outcome.exitCode,
    );
  }
  return parsed;
}
