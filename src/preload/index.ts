/**
 * The preload: exposes one `window.setup` object of named functions (src/common/setup-api.ts) and
 * nothing else. No ipcRenderer, no channel names, no Node API reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createSetupApi, ipcChannelName, ipcEventName } from '../common/setup-api';

const api = createSetupApi(
  (channel, arg) => ipcRenderer.invoke(ipcChannelName(channel), arg),
  (event, listener) => {
    const wrapped = (_e: Electron.IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(ipcEventName(event), wrapped);
    return () => {
      ipcRenderer.removeListener(ipcEventName(event), wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('setup', api);
