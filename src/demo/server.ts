/**
 * The browser rehearsal's server: serves the built wizard on 127.0.0.1 and implements `window.setup`
 * over one WebSocket, through the same handler table and output batcher as the Electron app.
 *
 * It only ever drives the simulator: the engine is always constructed with `simulate`, on a fresh
 * temporary machine state and data folder. A random token in the URL guards the page and the socket;
 * the socket also checks Origin and Host (no other site, no DNS rebinding).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AppEnvironment, WireMessage } from '../common/ipc';
import type { SetupService } from '../common/service';
import { createSetupService } from '../engine/service';
import { mimeType } from '../main/app-protocol';
import { buildCsp } from '../main/csp';
import { createIpcHandlers, type IpcDispatcher } from '../main/ipc/handlers';
import { createLogPipe, type LogPipe } from '../main/output/log-pipe';
import { scenarioSuggestedOptions, simulatedElevation, suggestLinuxUser } from '../main/session-info';

export const DEMO_HOST = '127.0.0.1';
/** Largest request frame: the biggest real one (start, with options and a password) is well under 4 KB. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Close code telling the page the simulated PC was reset. */
export const CLOSE_RESET = 4001;
export const CLOSE_REPLACED = 4002;

export interface DemoServerOptions {
  scenario: string;
  /** Folder with the built wizard (see build.ts). */
  staticDir: string;
  appVersion: string;
  port?: number;
}

export interface DemoServer {
  url: string;
  port: number;
  token: string;
  /** The current session's data folder (journal, logs) and simulated machine file. */
  dataDir(): string;
  statePath(): string;
  service(): SetupService;
  /** Starts over on a fresh simulated PC; connected pages reload. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  service: SetupService;
  dispatcher: IpcDispatcher;
  logPipe: LogPipe;
  dataDir: string;
  statePath: string;
  offState: () => void;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startDemoServer(opts: DemoServerOptions): Promise<DemoServer> {
  const token = randomBytes(24).toString('base64url');
  const staticRoot = path.resolve(opts.staticDir);
  let client: WebSocket | null = null;
  let port = 0;
  const elevation = simulatedElevation(opts.scenario);
  const suggestedOptions = scenarioSuggestedOptions(opts.scenario);
  const environment = (): AppEnvironment => ({
    host: 'rehearsal',
    simulated: true,
    scenario: opts.scenario,
    resumed: false,
    appVersion: opts.appVersion,
    suggestedUser: suggestLinuxUser(elevation.consoleUser ?? elevation.processUser),
    suggestedOptions,
    elevation,
  });

  const send = (msg: WireMessage) => {
    if (client && client.readyState === client.OPEN) client.send(JSON.stringify(msg));
  };

  async function newSession(): Promise<Session> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pupperware-rehearsal-'));
    const statePath = path.join(dataDir, 'simulated-machine.json');
    // Always `simulate`: this server can never provision the PC it runs on.
    const service = await createSetupService({
      simulate: { scenario: opts.scenario, statePath },
      dataDir,
      appVersion: opts.appVersion,
      freshMachine: true,
    } as Parameters<typeof createSetupService>[0]);
    const logPipe = createLogPipe(service);
    const dispatcher = createIpcHandlers(service, {
      environment,
      ackLog: (seq) => logPipe.ack(seq),
      async exportDiagnostics() {
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const written = await service.exportDiagnostics(
          path.join(dataDir, 'diagnostics', `pupperware-setup-diagnostics-${stamp}.zip`),
        );
        return { path: written };
      },
      async openLogFolder() {
        return { path: service.dataDir(), opened: false };
      },
      async relaunchElevated() {
        throw new Error('This is a rehearsal on a simulated PC: there is nothing to relaunch.');
      },
    });
    const offState = service.onState((state) => send({ type: 'event', event: 'state', payload: state }));
    return { service, dispatcher, logPipe, dataDir, statePath, offState };
  }

  let session = await newSession();

  const server = http.createServer(async (req, res) => {
    const base = `http://${DEMO_HOST}:${port}`;
    if (req.headers.host !== `${DEMO_HOST}:${port}`) {
      res.writeHead(421).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', base);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel === '/') rel = '/index.html';
    if (rel === '/index.html' && !sameToken(url.searchParams.get('token') ?? '', token)) {
      res
        .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Open the address that `npm run demo` printed (it carries a token).');
      return;
    }
    const file = path.resolve(staticRoot, `.${path.posix.normalize(rel)}`);
    if (rel.includes('\0') || !file.startsWith(staticRoot + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': mimeType(file),
        'content-security-policy': buildCsp({ connectSrc: [`ws://${DEMO_HOST}:${port}`] }),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        'cross-origin-opener-policy': 'same-origin',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${DEMO_HOST}:${port}`);
    const ok =
      url.pathname === '/ws' &&
      sameToken(url.searchParams.get('token') ?? '', token) &&
      req.headers.host === `${DEMO_HOST}:${port}` &&
      req.headers.origin === `http://${DEMO_HOST}:${port}`;
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    // One page drives the rehearsal at a time: a new tab takes over.
    if (client) client.close(CLOSE_REPLACED, 'Another tab took over the rehearsal.');
    client = ws;
    session.logPipe.attach((batch) => {
      if (ws.readyState === ws.OPEN)
        ws.send(JSON.stringify({ type: 'event', event: 'log', payload: batch } satisfies WireMessage));
    });
    ws.on('message', async (raw, isBinary) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        msg = JSON.parse(raw.toString('utf8'));
      } catch {
        return;
      }
      const id =
        typeof msg === 'object' && msg !== null && Number.isSafeInteger((msg as { id?: unknown }).id)
          ? (msg as { id: number }).id
          : null;
      if (id === null) return;
      const { channel, arg } = msg as { channel?: unknown; arg?: unknown };
      const result = await session.dispatcher.handle(channel, arg);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result } satisfies WireMessage));
    });
    ws.on('close', () => {
      if (client === ws) {
        client = null;
        session.logPipe.detach();
      }
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, DEMO_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  async function endSession(s: Session): Promise<void> {
    s.offState();
    s.logPipe.dispose();
    await s.service.cancel().catch(() => undefined);
    rmSync(s.dataDir, { recursive: true, force: true });
  }

  return {
    url: `http://${DEMO_HOST}:${port}/?token=${token}`,
    port,
    token,
    dataDir: () => session.dataDir,
    statePath: () => session.statePath,
    service: () => session.service,
    async reset() {
      const old = session;
      session = await newSession();
      client?.close(CLOSE_RESET, 'The simulated PC was reset.');
      await endSession(old);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await endSession(session);
    },
  };
}
