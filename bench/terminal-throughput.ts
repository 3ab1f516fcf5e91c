/**
 * `npm run bench`: streams 20 MB of step output through a real pty (node-pty), the output batcher
 * (src/main/output/batcher.ts, with acknowledgement-based flow control), a WebSocket and xterm.js in
 * Chromium; then the same through an unbatched baseline (one message per pty read, no flow control).
 * Prints MB/s and the longest main-thread stall in the page for both. Numbers, not a pass/fail test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { WebSocketServer } from 'ws';
import { OutputBatcher } from '../src/main/output/batcher';

const TOTAL_BYTES = 20 * 1024 * 1024;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 300_000;

/** A child that writes TOTAL_BYTES of realistic output (ANSI colour, CRLF, multi-byte UTF-8) as fast as it can. */
const WRITER = `
const line = 'Installing Docker Desktop 4.49.0 … \\x1b[32m██████████\\x1b[0m 42% Grüße ✓ 🐳 progress\\r\\n';
const chunk = Buffer.from(line.repeat(400));
let left = ${TOTAL_BYTES};
function pump() {
  while (left > 0) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!process.stdout.write(piece)) return process.stdout.once('drain', pump);
  }
}
pump();
`;

type Mode = 'batched' | 'unbatched';

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'error',
    root: path.join(__dirname, 'page'),
    base: './',
    build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false } },
  });
}

function serve(root: string) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rel = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(file);
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  let ptyStats = { reads: 0, pauses: 0 };
  wss.on('connection', (ws, req) => {
    const mode = new URL(req.url ?? '', 'http://127.0.0.1').searchParams.get('mode') as Mode;
    ws.once('message', () => {
      ptyStats = { reads: 0, pauses: 0 };
      const term = pty.spawn(process.execPath, ['-e', WRITER], {
        name: 'xterm-256color',
        cols: 120,
        rows: 32,
        cwd: os.tmpdir(),
        env: { PATH: process.env.PATH ?? '' },
        // Raw bytes, so that the batcher's StringDecoder does the UTF-8 work (reads split characters).
        ...(mode === 'batched' ? { encoding: null } : {}),
      } as pty.IPtyForkOptions);
      if (mode === 'batched') {
        const batcher = new OutputBatcher({
          send: (b) => ws.send(JSON.stringify({ seq: b.seq, data: b.data })),
          onPause: () => {
            ptyStats.pauses++;
            term.pause();
          },
          onResume: () => term.resume(),
        });
        ws.on('message', (raw) => {
          const msg = JSON.parse(String(raw)) as { type: string; seq: number };
          if (msg.type === 'ack') batcher.ack(msg.seq);
        });
        term.onData((d: string | Buffer) => {
          ptyStats.reads++;
          batcher.write(d as unknown as Uint8Array);
        });
        term.onExit(() =>
          setTimeout(() => {
            batcher.end();
            const finish = () =>
              batcher.unackedChars === 0 ? ws.send(JSON.stringify({ end: true })) : setTimeout(finish, 5);
            finish();
          }, 50),
        );
      } else {
        term.onData((d) => {
          ptyStats.reads++;
          ws.send(JSON.stringify({ data: d }));
        });
        term.onExit(() => setTimeout(() => ws.send(JSON.stringify({ end: true })), 50));
      }
    });
  });
  return { server, wss, stats: () => ptyStats };
}

interface Result {
  mode: string;
  chars: number;
  messages: number;
  ms: number;
  longestLongTaskMs: number;
  longestFrameGapMs: number;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pupperware-bench-'));
  const pageDir = path.join(tmp, 'page');
  await buildPage(pageDir);
  const { server, wss, stats } = serve(pageDir);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const ctx = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1100, height: 700 },
  });
  const results: (Result & { ptyReads: number; pauses: number })[] = [];
  try {
    for (const mode of ['batched', 'unbatched'] as Mode[]) {
      const page = await ctx.newPage();
      await page.goto(`http://127.0.0.1:${port}/?mode=${mode}`);
      await page.waitForFunction(() => window.benchResult !== undefined || window.benchError !== undefined, undefined, {
        timeout: RUN_TIMEOUT_MS,
        polling: 250,
      });
      const r = (await page.evaluate(() => window.benchResult ?? window.benchError)) as Result | string;
      if (typeof r === 'string') throw new Error(r);
      results.push({ ...r, ptyReads: stats().reads, pauses: stats().pauses });
      await page.close();
    }
  } finally {
    await ctx.close();
    wss.close();
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const mb = TOTAL_BYTES / (1024 * 1024);
  console.log(
    `\nTerminal throughput: ${mb} MB through node-pty → ${'batcher'} → WebSocket → xterm.js (Chromium, headless)\n`,
  );
  console.log('mode        MB/s    time      messages  pty reads  pauses  longest long task  longest frame gap');
  for (const r of results) {
    console.log(
      `${r.mode.padEnd(10)} ${(mb / (r.ms / 1000)).toFixed(2).padStart(6)}  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${String(r.messages).padStart(8)}  ${String(r.ptyReads).padStart(9)}  ${String(r.pauses).padStart(6)}  ${r.longestLongTaskMs.toFixed(0).padStart(14)} ms  ${r.longestFrameGapMs.toFixed(0).padStart(14)} ms`,
    );
  }
  console.log('\n(MB/s counts from the first message to xterm having parsed the last byte.)');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
