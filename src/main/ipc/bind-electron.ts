/**
 * Binds the pure handler table to Electron's ipcMain. Every channel refuses a sender that is not the
 * main frame of our own app:// page (a sub-frame, another window, a navigated page).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL_NAMES, ipcChannelName } from '../../common/ipc';
import { APP_ORIGIN } from '../app-protocol';
import { isTrustedSenderFrame } from '../security';
import { fail, type IpcDispatcher } from './handlers';

export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatcher: IpcDispatcher,
  isOurWindow: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const channel of IPC_CHANNEL_NAMES) {
    ipcMain.handle(ipcChannelName(channel), async (event, arg: unknown) => {
      if (!isOurWindow(event) || !isTrustedSenderFrame(event.senderFrame, APP_ORIGIN)) {
        return fail('forbidden', 'This request did not come from the setup window.');
      }
      return dispatcher.handle(channel, arg);
    });
  }
  return () => {
    for (const channel of IPC_CHANNEL_NAMES) ipcMain.removeHandler(ipcChannelName(channel));
  };
}
