/**
 * Rehearsal only: installs `window.setup` over the local WebSocket before the wizard's own script
 * runs (module scripts run in document order). The renderer cannot tell this from the Electron preload:
 * both are built by createSetupApi() with the same closed list of functions.
 */
import type { IpcEvent, IpcEvents, IpcResult, WireMessage } from '../common/ipc';
import { createSetupApi } from '../common/setup-api';

/** Close code the server uses when the simulated PC was reset: the page starts over. */
const CLOSE_RESET = 4001;

const token = new URLSearchParams(location.search).get('token') ?? '';
const pending = new Map<number, (r: IpcResult<unknown>) => void>();
const listeners = new Map<IpcEvent, Set<(payload: never) => void>>();
const outbox: string[] = [];
let nextId = 1;
let socket: WebSocket | null = null;
let closed = false;

function connect(): void {
  const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
  socket = ws;
  ws.addEventListener('open', () => {
    for (const frame of outbox.splice(0)) ws.send(frame);
  });
  ws.addEventListener('message', (ev) => {
    let msg: WireMessage;
    try {
      msg = JSON.parse(String(ev.data)) as WireMessage;
    } catch {
      return;
    }
    if (msg.type === 'result') {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else if (msg.type === 'event') {
      for (const l of listeners.get(msg.event) ?? []) (l as (p: unknown) => void)(msg.payload);
    }
  });
  ws.addEventListener('close', (ev) => {
    closed = true;
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: {
          code: 'unavailable',
          message: 'The rehearsal server stopped. Start `npm run demo` again and open the new address.',
        },
      });
    }
    pending.clear();
    if (ev.code === CLOSE_RESET) location.reload();
  });
}

connect();

const api = createSetupApi(
  (channel, arg) =>
    new Promise<IpcResult<unknown>>((resolve) => {
      if (closed) {
        resolve({ ok: false, error: { code: 'unavailable', message: 'The rehearsal server is not running.' } });
        return;
      }
      const id = nextId++;
      pending.set(id, resolve);
      const frame = JSON.stringify({ id, channel, arg });
      if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
      else outbox.push(frame);
    }),
  <E extends IpcEvent>(event: E, listener: (payload: IpcEvents[E]) => void) => {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  },
);

Object.defineProperty(window, 'setup', { value: api, writable: false, configurable: false, enumerable: true });
