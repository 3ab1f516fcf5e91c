/**
 * What the engine asks of the machine outside any step: the boot time and logon session (the proof
 * of a restart or sign-out), the resume task, and the restart itself. On Windows these run
 * `src/powershell/engine/host-control.ps1` with the real primitives; in simulation the same script
 * runs against the simulated machine, and the restart and sign-out are simulated here.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { powershellRoot } from './paths';
import { startScript } from './powershell/process';
import type { ResumeTaskSpec } from './resume-task';
import { type SimEventResult, simulateRestart, simulateSignOut } from './sim/machine';
import { writeJsonAtomic } from './util/fs-atomic';

export interface BootInfo {
  bootTime: string;
  logonSession: string;
}

export interface HostControl {
  bootInfo(): Promise<BootInfo>;
  registerResumeTask(spec: ResumeTaskSpec): Promise<void>;
  unregisterResumeTask(name: string): Promise<void>;
}

const HostResultSchema = z.object({
  ok: z.boolean(),
  bootTime: z.string().optional(),
  // A logon-session id on Windows (a string of digits), a counter in the simulator.
  logonSession: z.union([z.string(), z.number()]).transform(String).optional(),
  error: z.string().optional(),
});

const HOST_TIMEOUT_MS = 60_000;

export class PowerShellHostControl implements HostControl {
  constructor(
    private readonly pwsh: string,
    private readonly workDir: string,
    private readonly simStatePath: string | null,
  ) {}

  private async call(action: string, params: Record<string, unknown>): Promise<z.infer<typeof HostResultSchema>> {
    mkdirSync(this.workDir, { recursive: true, mode: 0o700 });
    const paramsPath = path.join(this.workDir, `host-${action.toLowerCase()}.params.json`);
    const resultPath = path.join(this.workDir, `host-${action.toLowerCase()}.result.json`);
    const logPath = path.join(this.workDir, 'host-control.log');
    rmSync(resultPath, { force: true });
    writeJsonAtomic(paramsPath, params);
    const env: Record<string, string> = this.simStatePath ? { PUPPERWARE_SIM_STATE: this.simStatePath } : {};
    const proc = startScript({
      pwsh: this.pwsh,
      script: path.join(powershellRoot(), 'engine', 'host-control.ps1'),
      scriptArgs: ['-Action', action, '-ParamsPath', paramsPath, '-ResultPath', resultPath],
      env,
      cwd: this.workDir,
      timeoutMs: HOST_TIMEOUT_MS,
      onData: (d) => appendFileSync(logPath, d),
    });
    const outcome = await proc.done;
    if (!existsSync(resultPath)) {
      throw new Error(
        `host-control ${action} ended (exit ${outcome.exitCode}${outcome.timedOut ? ', timed out' : ''}) without a result; see ${logPath}`,
      );
    }
    const result = HostResultSchema.parse(JSON.parse(readFileSync(resultPath, 'utf8')));
    if (!result.ok) throw new Error(result.error ?? `host-control ${action} failed`);
    return result;
  }

  async bootInfo(): Promise<BootInfo> {
    const r = await this.call('Status', {});
    return { bootTime: r.bootTime ?? '', logonSession: r.logonSession ?? '' };
  }

  async registerResumeTask(spec: ResumeTaskSpec): Promise<void> {
    await this.call('RegisterTask', { ...spec });
  }

  async unregisterResumeTask(name: string): Promise<void> {
    await this.call('UnregisterTask', { name });
  }
}

/** The simulated PC's power button and sign-out, for --auto-reboot, the demo and the tests. */
export class SimulatedPower {
  constructor(private readonly statePath: string) {}

  restart(opts: { changesBootTime?: boolean } = {}): SimEventResult {
    return simulateRestart(this.statePath, opts);
  }

  signOut(): SimEventResult {
    return simulateSignOut(this.statePath);
  }
}
