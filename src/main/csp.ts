/**
 * The Content-Security-Policy of the wizard's UI. Sent as a response header by the app:// protocol
 * handler (and by the rehearsal server), so there is one policy and tests can assert it.
 *
 * - script-src 'self': only our bundled scripts; no inline script, no eval.
 * - style-src 'unsafe-inline': Fluent UI (Griffel) and xterm.js insert <style> elements at run time.
 *   Styles cannot run code; scripts stay locked down.
 * - connect-src 'none' in the app (IPC needs no network); the rehearsal allows exactly its own WebSocket.
 */
export interface CspOptions {
  /** Extra connect-src sources (the rehearsal's ws://127.0.0.1:<port>). */
  connectSrc?: string[];
}

export function buildCsp(options: CspOptions = {}): string {
  const connect = options.connectSrc && options.connectSrc.length > 0 ? options.connectSrc.join(' ') : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'none'",
    "manifest-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "child-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const APP_CSP = buildCsp();
