import type { SetupApi } from '../common/ipc';

declare global {
  interface Window {
    /** Installed by the Electron preload, or by the rehearsal's bootstrap script. */
    readonly setup: SetupApi;
  }
}
