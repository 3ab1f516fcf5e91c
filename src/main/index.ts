/**
 * The Electron main process: one window, one instance, the security baseline, the engine, and the IPC
 * binding. Everything with logic lives in pure modules beside this file; this one only wires them.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import type { AppEnvironment, ElevationInfo } from '../common/ipc';
import { ipcEventName } from '../common/setup-api';
import { defaultDataDir } from '../engine/paths';
import { createSetupService } from '../engine/service';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, mimeType, resolveAppAsset } from './app-protocol';
import { type AppArgs, parseAppArgs } from './args';
import { APP_CSP } from './csp';
import { detectElevation, relaunchElevated, restartWindows } from './elevation';
import { bindIpc } from './ipc/bind-electron';
import { createIpcHandlers } from './ipc/handlers';
import { createLogPipe } from './output/log-pipe';
import { hardenSession, hardenWebContents } from './security';
import { scenarioSuggestedOptions, simulatedElevation, suggestLinuxUser } from './session-info';
import { createWindowOptions } from './window-options';

const args: AppArgs = parseAppArgs(process.argv.slice(1));

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // A second copy (e.g. the resume task firing while the wizard is open) hands over to the first.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (err: unknown) => {
    console.error(err);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const rendererDir = path.join(__dirname, '..', 'renderer');
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        headers: {
          'content-type': mimeType(file),
          'content-security-policy': APP_CSP,
          'x-content-type-options': 'nosniff',
          'cross-origin-opener-policy': 'same-origin',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  // The console user is recorded before anything runs as the (possibly different) elevated user.
  const elevation: ElevationInfo = args.simulate ? simulatedElevation(args.simulate) : await detectElevation();
  const dataDir = args.simulate ? mkdtempSync(path.join(os.tmpdir(), 'pupperware-rehearsal-')) : defaultDataDir();
  const service = await createSetupService({
    ...(args.simulate
      ? { simulate: { scenario: args.simulate, statePath: path.join(dataDir, 'sim-state.json') } }
      : {}),
    dataDir,
    appVersion: app.getVersion(),
    ...(elevation.consoleUser ? { interactiveUser: elevation.consoleUser } : {}),
  });

  const win = new BrowserWindow(
    createWindowOptions(path.join(__dirname, '..', 'preload', 'index.js'), { devTools: !app.isPackaged }),
  );
  mainWindow = win;
  const contents = win.webContents;

  const environment: AppEnvironment = {
    host: 'electron',
    simulated: args.simulate !== null,
    scenario: args.simulate,
    resumed: args.resume,
    appVersion: app.getVersion(),
    suggestedUser: suggestLinuxUser(elevation.consoleUser ?? elevation.processUser),
    suggestedOptions: args.simulate ? scenarioSuggestedOptions(args.simulate) : {},
    elevation,
  };

  const logPipe = createLogPipe(service);
  const attachLog = () => logPipe.attach((batch) => contents.send(ipcEventName('log'), batch));
  attachLog();
  // A reload drops whatever xterm had not written: release it so the pty is never left paused.
  contents.on('did-start-loading', () => logPipe.detach());
  contents.on('did-finish-load', attachLog);
  contents.on('render-process-gone', () => logPipe.detach());
  const offState = service.onState((state) => {
    if (!contents.isDestroyed()) contents.send(ipcEventName('state'), state);
  });

  const dispatcher = createIpcHandlers(service, {
    environment: () => environment,
    ackLog: (seq) => logPipe.ack(seq),
    async exportDiagnostics() {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const destination = path.join(service.dataDir(), 'diagnostics', `pupperware-setup-diagnostics-${stamp}.zip`);
      const written = await service.exportDiagnostics(destination);
      shell.showItemInFolder(written);
      return { path: written };
    },
    async openLogFolder() {
      const folder = service.dataDir();
      const error = await shell.openPath(folder);
      return { path: folder, opened: error === '' };
    },
    // A real restart is ours to do (with the user's consent, from the Restart page); a rehearsal's is the engine's.
    ...(args.simulate
      ? {}
      : {
          async restartNow() {
            const state = service.getState();
            if (state.phase !== 'reboot-required' && state.phase !== 'signout-required') return state;
            await restartWindows(state.phase === 'signout-required' ? 'signout' : 'restart');
            return service.getState();
          },
        }),
    async relaunchElevated() {
      if (!elevation.canRelaunchElevated) throw new Error('Pupperware Setup is already running as administrator.');
      const keep = [...(args.resume ? ['--resume'] : []), ...(args.simulate ? ['--simulate', args.simulate] : [])];
      await relaunchElevated(process.execPath, keep);
      app.quit();
    },
  });
  const unbind = bindIpc(ipcMain, dispatcher, (event) => event.sender === contents);

  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    unbind();
    offState();
    logPipe.dispose();
    mainWindow = null;
  });
  await win.loadURL(APP_ENTRY_URL);
  // Started by the resume task: continue the run (it proves the restart, then asks for the password if needed).
  if (args.resume) void service.resume(null).catch((err: unknown) => console.error(err));
}
