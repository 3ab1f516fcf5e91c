/**
 * The IPC handler table: one zod-checked handler per channel of src/common/ipc.ts, dispatching to the
 * engine's SetupService. Pure (no electron import): the Electron binding (ipc/bind-electron.ts, which
 * adds the sender-frame check) and the rehearsal's WebSocket bridge (which adds the token check) both
 * call `handle()`, so the fuzz test exercises exactly what ships.
 */
import type { z } from 'zod';
import type { RunState } from '../../common/contract';
import {
  type AppEnvironment,
  type DiagnosticsExport,
  IPC_CHANNELS,
  type IpcChannel,
  type IpcError,
  type IpcParsedArg,
  type IpcResult,
  type IpcResults,
  isIpcChannel,
  type LogFolderResult,
} from '../../common/ipc';
import type { SetupService } from '../../common/service';

/** What only the host (Electron or the rehearsal server) can do: it picks paths, never the renderer. */
export interface HostActions {
  environment(): Promise<AppEnvironment> | AppEnvironment;
  /** Picks a destination, writes the bundle through the service, returns where it went. */
  exportDiagnostics(): Promise<DiagnosticsExport>;
  openLogFolder(): Promise<LogFolderResult>;
  relaunchElevated(): Promise<void>;
  ackLog(seq: number): void;
  /**
   * Restarts (or signs out of) a real Windows session. Absent in a rehearsal, where the engine's
   * simulated restart is used.
   */
  restartNow?(): Promise<RunState>;
}

type Handlers = { [C in IpcChannel]: (arg: IpcParsedArg<C>) => Promise<IpcResults[C]> | IpcResults[C] };

export interface IpcDispatcher {
  handle(channel: unknown, arg: unknown): Promise<IpcResult<unknown>>;
}

export function createIpcHandlers(service: SetupService, host: HostActions): IpcDispatcher {
  const handlers: Handlers = {
    getState: () => service.getState(),
    getEnvironment: () => host.environment(),
    preflight: () => service.preflight(),
    plan: (options) => service.plan(options),
    start: ({ options, password }) => service.start(options, password),
    resume: ({ password }) => service.resume(password),
    cancel: () => service.cancel(),
    restartNow: () => (host.restartNow ? host.restartNow() : service.restartNow()),
    restartLater: () => service.restartLater(),
    revalidate: () => service.revalidate(),
    runFix: ({ fixId }) => service.runFix(fixId),
    stepLog: ({ stepId }) => service.stepLog(stepId),
    ackLog: ({ seq }) => {
      host.ackLog(seq);
      return null;
    },
    exportDiagnostics: () => host.exportDiagnostics(),
    openLogFolder: () => host.openLogFolder(),
    relaunchElevated: async () => {
      await host.relaunchElevated();
      return null;
    },
  };

  return {
    async handle(channel, arg) {
      if (!isIpcChannel(channel)) {
        return fail('unknown-channel', 'The setup app does not know this action.');
      }
      const schema: z.ZodType = IPC_CHANNELS[channel];
      const parsed = schema.safeParse(arg);
      if (!parsed.success) {
        // Only the schema's own messages and the field path: never the rejected value (it may be a password).
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
        return fail('invalid-argument', `${where}${issue?.message ?? 'The request is not valid.'}`);
      }
      try {
        const handler = handlers[channel] as (a: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value };
      } catch (err) {
        return fail('failed', errorMessage(err));
      }
    },
  };
}

export function fail(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong in the setup engine. The log folder has the details.';
}
