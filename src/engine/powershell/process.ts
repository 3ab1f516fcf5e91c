/**
 * Runs one PowerShell script in a pseudoconsole (node-pty), so its output streams live with colours
 * and progress exactly as a console shows it. Arguments are a vector (never a command string), the
 * environment is cleaned, and results come from files, never from parsing this stream.
 */
import { execFile } from 'node:child_process';
import * as pty from 'node-pty';

export interface ProcessOutcome {
  exitCode: number;
  timedOut: boolean;
  cancelled: boolean;
}

export interface RunningProcess {
  pid: number;
  pause(): void;
  resume(): void;
  /** Ends the process and every process it started. */
  kill(): void;
  done: Promise<ProcessOutcome>;
}

export interface StartOptions {
  exe: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onData(data: string): void;
}

/** Variables a child keeps from our environment; everything else (tokens, NODE_OPTIONS, ...) is dropped. */
const INHERITED_ENV = [
  'PATH',
  'Path',
  'SystemRoot',
  'SystemDrive',
  'windir',
  'ComSpec',
  'PATHEXT',
  'TEMP',
  'TMP',
  'TMPDIR',
  'HOME',
  'USERPROFILE',
  'LANG',
  'LC_ALL',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'ProgramW6432',
  'LOCALAPPDATA',
  'APPDATA',
  'COMPUTERNAME',
  'USERNAME',
  'USERDOMAIN',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
];

export function cleanEnvironment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  env.POWERSHELL_TELEMETRY_OPTOUT = '1';
  env.POWERSHELL_UPDATECHECK = 'Off';
  env.DOTNET_CLI_TELEMETRY_OPTOUT = '1';
  env.TERM = 'xterm-256color';
  return { ...env, ...extra };
}

export function killTree(pid: number): void {
  if (process.platform === 'win32') {
    execFile('taskkill.exe', ['/PID', String(pid), '/T', '/F'], () => undefined);
    return;
  }
  // node-pty makes the child a session and process-group leader: the negative pid reaches them all.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function startProcess(opts: StartOptions): RunningProcess {
  const child = pty.spawn(opts.exe, opts.args, {
    name: 'xterm-256color',
    cols: 120,
    rows: 32,
    cwd: opts.cwd,
    env: opts.env,
    useConpty: true,
    // The bundled conpty.dll: node-pty's kill() otherwise forks a helper that needs Electron's
    // runAsNode fuse, which release builds turn off.
    useConptyDll: process.platform === 'win32',
  });
  let timedOut = false;
  let cancelled = false;
  let finished = false;
  const end = () => {
    if (!finished) killTree(child.pid);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    end();
  }, opts.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    end();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  const dataSub = child.onData((d) => opts.onData(d));
  const done = new Promise<ProcessOutcome>((resolve) => {
    child.onExit(({ exitCode }) => {
      finished = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Let the last output drain before reporting the exit.
      setImmediate(() => {
        dataSub.dispose();
        resolve({ exitCode, timedOut, cancelled });
      });
    });
  });
  return {
    pid: child.pid,
    pause: () => child.pause(),
    resume: () => child.resume(),
    kill: () => {
      cancelled = true;
      end();
    },
    done,
  };
}

export interface ScriptOptions extends Omit<StartOptions, 'exe' | 'args' | 'env'> {
  pwsh: string;
  script: string;
  /** The script's own parameters, e.g. ['-Mode', 'Set', '-ParamsPath', p]: an argument vector, never a string. */
  scriptArgs: string[];
  /** Added to the cleaned environment. */
  env: Record<string, string>;
}

/** Runs one of our PowerShell scripts with the same switches everywhere (no profile, no prompts). */
export function startScript(opts: ScriptOptions): RunningProcess {
  const { pwsh, script, scriptArgs, env, ...rest } = opts;
  return startProcess({
    ...rest,
    exe: pwsh,
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, ...scriptArgs],
    env: cleanEnvironment(env),
  });
}
