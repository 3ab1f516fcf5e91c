/** A `window.setup` for renderer tests: the real handler table over a fake engine. */

import type { IpcEvents, LogBatch, SetupApi } from '../../src/common/ipc';
import { createSetupApi } from '../../src/common/setup-api';
import { createIpcHandlers } from '../../src/main/ipc/handlers';
import { createFakeService, type FakeService } from './fake-service';

export function createFakeApi(): { api: SetupApi; service: FakeService; emitLog(b: LogBatch): void } {
  const service = createFakeService();
  const logListeners = new Set<(b: LogBatch) => void>();
  const dispatcher = createIpcHandlers(service, {
    environment: () => ({
      host: 'rehearsal',
      simulated: true,
      scenario: 'fresh-win10-2004',
      resumed: false,
      appVersion: '0.1.0',
      suggestedUser: 'dev',
      suggestedOptions: {},
      elevation: null,
    }),
    exportDiagnostics: async () => ({ path: '/tmp/diag.zip' }),
    openLogFolder: async () => ({ path: '/tmp/logs', opened: false }),
    relaunchElevated: async () => {},
    ackLog: () => {},
  });
  const api = createSetupApi(
    (channel, arg) => dispatcher.handle(channel, arg),
    <E extends keyof IpcEvents>(event: E, listener: (p: IpcEvents[E]) => void) => {
      if (event === 'state') return service.onState(listener as (s: IpcEvents['state']) => void);
      logListeners.add(listener as (b: LogBatch) => void);
      return () => logListeners.delete(listener as (b: LogBatch) => void);
    },
  );
  return {
    api,
    service,
    emitLog: (b) => {
      for (const l of logListeners) l(b);
    },
  };
}
