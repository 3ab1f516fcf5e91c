import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE_RESET, type DemoServer, startDemoServer } from '../../src/demo/server';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

function connect(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads fields of untyped wire replies
function call(ws: WebSocket, id: number, channel: unknown, arg?: unknown): Promise<any> {
  return new Promise((resolve) => {
    const onMsg = (raw: Buffer) => {
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'result' && msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg.result);
      }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, channel, arg }));
  });
}

describe('rehearsal server', () => {
  let server: DemoServer;
  let origin: string;
  let wsUrl: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pup-demo-static-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    server = await startDemoServer({ scenario: 'fresh-win10-2004', staticDir: dir, appVersion: 'test' });
    origin = `http://127.0.0.1:${server.port}`;
    wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 with a random token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the page only with the token, under a CSP that allows just its own socket', async () => {
    expect((await get(`${origin}/`)).status).toBe(403);
    expect((await get(`${origin}/?token=wrong`)).status).toBe(403);
    const ok = await get(server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toContain("script-src 'self'");
    expect(ok.headers['content-security-policy']).toContain(`connect-src ws://127.0.0.1:${server.port};`);
    expect((await get(server.url, { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get(`${origin}/../../etc/passwd`)).status).toBe(404);
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    await expect(connect(`ws://127.0.0.1:${server.port}/ws`, origin)).rejects.toThrow(/403/);
    await expect(connect(`ws://127.0.0.1:${server.port}/ws?token=nope`, origin)).rejects.toThrow(/403/);
    await expect(connect(wsUrl, 'https://evil.example')).rejects.toThrow(/403/);
    await expect(connect(wsUrl)).rejects.toThrow(/403/);
  });

  it('answers the closed list of actions, rejects the rest, and survives garbage', async () => {
    const ws = await connect(wsUrl, origin);
    const env = await call(ws, 1, 'getEnvironment');
    expect(env).toMatchObject({
      ok: true,
      value: { host: 'rehearsal', simulated: true, scenario: 'fresh-win10-2004' },
    });
    expect((await call(ws, 2, 'exec', 'calc.exe')).error.code).toBe('unknown-channel');
    expect((await call(ws, 3, 'stepLog', { stepId: '../journal' })).error.code).toBe('invalid-argument');
    ws.send('not json');
    ws.send(JSON.stringify({ channel: 'getState' })); // no id: ignored
    ws.send(Buffer.from([0, 1, 2]), { binary: true });
    expect((await call(ws, 4, 'getState')).ok).toBe(true);
    ws.close();
  });

  it('starts over on a fresh simulated PC on reset, telling the page to reload', async () => {
    const ws = await connect(wsUrl, origin);
    const before = server.dataDir();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await server.reset();
    expect(await closed).toBe(CLOSE_RESET);
    expect(server.dataDir()).not.toBe(before);
  });
});
