/**
 * Builds `window.setup` from a transport. The Electron preload and the rehearsal's bootstrap both call
 * `createSetupApi`, so the object the renderer sees has the same closed set of functions in both.
 * Type-only imports: this file ends up in the sandboxed preload, which must stay small and dependency-free.
 */
import type { RunState } from './contract';
import type { IpcChannel, IpcEvent, IpcEvents, IpcResult, IpcResults, LogBatch, SetupApi } from './ipc';

/** Prefix of every Electron IPC channel name, so the main process can refuse anything else. */
export const IPC_PREFIX = 'pupperware-setup:';
export const ipcChannelName = (c: IpcChannel): string => `${IPC_PREFIX}${c}`;
export const IPC_EVENT_NAMES: readonly IpcEvent[] = ['state', 'log'];
export const ipcEventName = (e: IpcEvent): string => `${IPC_PREFIX}event:${e}`;

export type Invoke = (channel: IpcChannel, arg: unknown) => Promise<IpcResult<unknown>>;
export type Subscribe = <E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void) => () => void;

export function createSetupApi(invoke: Invoke, subscribe: Subscribe): SetupApi {
  const call =
    <C extends IpcChannel>(channel: C) =>
    (arg?: unknown) =>
      invoke(channel, arg) as Promise<IpcResult<IpcResults[C]>>;
  const api: SetupApi = {
    getState: call('getState'),
    getEnvironment: call('getEnvironment'),
    preflight: call('preflight'),
    plan: call('plan'),
    start: call('start'),
    resume: call('resume'),
    cancel: call('cancel'),
    restartNow: call('restartNow'),
    restartLater: call('restartLater'),
    revalidate: call('revalidate'),
    runFix: call('runFix'),
    stepLog: call('stepLog'),
    ackLog: call('ackLog'),
    exportDiagnostics: call('exportDiagnostics'),
    openLogFolder: call('openLogFolder'),
    relaunchElevated: call('relaunchElevated'),
    onState: (listener: (s: RunState) => void) => subscribe('state', listener),
    onLog: (listener: (b: LogBatch) => void) => subscribe('log', listener),
  };
  return Object.freeze(api);
}
