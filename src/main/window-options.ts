/**
 * The BrowserWindow options, as data, so tests can assert the security baseline without Electron.
 * Each webPreferences line is an item of Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security).
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export const WINDOW_SIZE = { width: 1000, height: 700, minWidth: 800, minHeight: 600 } as const;

export function createWebPreferences(preloadPath: string, opts: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true, // checklist 3: the page cannot reach the preload's world
    nodeIntegration: false, // checklist 2
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true, // checklist 4: the renderer is an ordinary sandboxed Chromium process
    webSecurity: true, // checklist 6
    allowRunningInsecureContent: false, // checklist 8
    experimentalFeatures: false, // checklist 9
    enableBlinkFeatures: '', // checklist 10
    webviewTag: false, // checklist 12
    navigateOnDragDrop: false, // a file dropped on the window must not replace the UI
    safeDialogs: true,
    spellcheck: false, // no dictionary downloads, nothing typed (a password) sent to a spell service
    devTools: opts.devTools ?? false,
  };
}

export function createWindowOptions(
  preloadPath: string,
  opts: { devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    ...WINDOW_SIZE,
    title: 'Pupperware Setup',
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#00000000',
    webPreferences: createWebPreferences(preloadPath, opts),
  };
}
