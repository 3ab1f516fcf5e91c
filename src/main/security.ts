/**
 * Security restrictions for the window and its session, in one place. Each rule cites the Electron
 * security checklist item it implements (https://www.electronjs.org/docs/latest/tutorial/security).
 * The predicates are pure; the `harden*` functions take Electron objects as parameters so this file
 * has no runtime electron import.
 */
import type { Session, Shell, WebContents } from 'electron';

/** The only hosts `shell.openExternal` will open (checklist 15): documentation we link to. */
export const EXTERNAL_DOC_HOSTS: readonly string[] = [
  'learn.microsoft.com',
  'docs.microsoft.com',
  'support.microsoft.com',
  'aka.ms',
  'docs.docker.com',
  'github.com',
  'puppet.com',
];

export function isAllowedExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTERNAL_DOC_HOSTS.includes(url.hostname)
  );
}

/** Checklist 13 and 14: no navigation away from the UI, no new windows; allowed doc links open in the browser. */
export function hardenWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Checklist 5: every permission request (camera, notifications, clipboard-read, ...) is denied. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/** The IPC sender must be the main frame of our own page (vscode's validatedIpcMain does the same). */
export function isTrustedSenderFrame(
  frame: { url: string; parent: unknown } | null | undefined,
  expectedOrigin: string,
): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === expectedOrigin || originOfCustomScheme(frame.url) === expectedOrigin;
  } catch {
    return false;
  }
}

/** URL.origin is "null" for non-special schemes in some runtimes; compare scheme://host ourselves. */
function originOfCustomScheme(raw: string): string | null {
  const url = new URL(raw);
  return url.host ? `${url.protocol}//${url.host}` : null;
}
