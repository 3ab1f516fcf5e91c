/**
 * The benchmark's page: an xterm.js terminal configured like the wizard's, fed over a WebSocket.
 * Batched mode acknowledges each batch from xterm's write callback (as the wizard does); the
 * baseline writes every pty read as it comes. Measures the longest main-thread stall two ways.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

interface BenchResult {
  mode: string;
  chars: number;
  messages: number;
  ms: number;
  longestLongTaskMs: number;
  longestFrameGapMs: number;
}

declare global {
  interface Window {
    benchResult?: BenchResult;
    benchError?: string;
  }
}

const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'batched';
const term = new Terminal({ disableStdin: true, scrollback: 5000, cols: 120, rows: 32, cursorInactiveStyle: 'none' });
term.open(document.getElementById('term') as HTMLElement);

let longestLongTask = 0;
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longestLongTask = Math.max(longestLongTask, e.duration);
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // longtask not supported: the frame-gap monitor still runs
}
let longestGap = 0;
let last = performance.now();
let monitoring = true;
const frame = (t: number) => {
  longestGap = Math.max(longestGap, t - last);
  last = t;
  if (monitoring) requestAnimationFrame(frame);
};
requestAnimationFrame(frame);

let chars = 0;
let messages = 0;
let started = 0;
const ws = new WebSocket(`ws://${location.host}/ws?mode=${mode}`);
ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'go' })));
ws.addEventListener('error', () => (window.benchError = 'WebSocket error'));
ws.addEventListener('message', (ev) => {
  const msg = JSON.parse(String(ev.data)) as { seq?: number; data?: string; end?: boolean };
  if (started === 0) started = performance.now();
  if (msg.end) {
    // The empty write's callback runs once xterm has parsed everything queued before it.
    term.write('', () => {
      monitoring = false;
      window.benchResult = {
        mode,
        chars,
        messages,
        ms: performance.now() - started,
        longestLongTaskMs: longestLongTask,
        longestFrameGapMs: longestGap,
      };
    });
    return;
  }
  const data = msg.data ?? '';
  chars += data.length;
  messages++;
  if (msg.seq !== undefined) {
    const seq = msg.seq;
    term.write(data, () => ws.send(JSON.stringify({ type: 'ack', seq })));
  } else term.write(data);
});
