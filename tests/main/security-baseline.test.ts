import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, resolveAppAsset } from '../../src/main/app-protocol';
import { parseAppArgs } from '../../src/main/args';
import { APP_CSP, buildCsp } from '../../src/main/csp';
import { isAllowedExternalUrl, isTrustedSenderFrame } from '../../src/main/security';
import { createWindowOptions } from '../../src/main/window-options';

describe('BrowserWindow options', () => {
  const opts = createWindowOptions('/app/out/preload/index.js');
  const wp = opts.webPreferences ?? {};

  it('isolate and sandbox the renderer, with no Node', () => {
    expect(wp).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(wp.preload).toBe('/app/out/preload/index.js');
  });

  it('have the default size and stay usable at 800 × 600', () => {
    expect(opts).toMatchObject({ width: 1000, height: 700, minWidth: 800, minHeight: 600 });
  });
});

describe('Content-Security-Policy', () => {
  const directives = Object.fromEntries(
    APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
  );

  it('allows only our own scripts: no inline script, no eval, no remote code', () => {
    expect(directives['default-src']).toBe("'none'");
    expect(directives['script-src']).toBe("'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:|\*/);
  });

  it('forbids network, frames, objects, base and form targets in the app', () => {
    expect(directives['connect-src']).toBe("'none'");
    for (const d of ['object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors', 'worker-src']) {
      expect(directives[d]).toBe("'none'");
    }
  });

  it('lets the rehearsal connect to exactly its own WebSocket', () => {
    expect(buildCsp({ connectSrc: ['ws://127.0.0.1:5555'] })).toContain('connect-src ws://127.0.0.1:5555;');
  });
});

describe('openExternal allowlist', () => {
  it.each([
    'https://learn.microsoft.com/windows/wsl/install',
    'https://docs.docker.com/desktop/',
    'https://github.com/microsoft/WSL/issues/5749',
  ])('opens %s', (u) => {
    expect(isAllowedExternalUrl(u)).toBe(true);
  });
  it.each([
    'http://learn.microsoft.com/',
    'file:///C:/Windows/System32/calc.exe',
    'https://evil.example/',
    'https://learn.microsoft.com.evil.example/',
    'https://user:pw@github.com/',
    'https://github.com:8443/',
    'ms-settings:windowsupdate',
    'javascript:alert(1)',
    '',
    42,
    null,
  ])('refuses %s', (u) => {
    expect(isAllowedExternalUrl(u)).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('accepts only the main frame of our app:// page', () => {
    expect(isTrustedSenderFrame({ url: `${APP_ORIGIN}/index.html`, parent: null }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSenderFrame({ url: `${APP_ORIGIN}/index.html`, parent: {} }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSenderFrame({ url: 'https://evil.example/', parent: null }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSenderFrame({ url: 'app://other/index.html', parent: null }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSenderFrame({ url: 'file:///C:/x.html', parent: null }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSenderFrame({ url: 'not a url', parent: null }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSenderFrame(null, APP_ORIGIN)).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = path.resolve('/app/out/renderer');
  it('maps our URLs into the renderer folder', () => {
    expect(resolveAppAsset(root, 'app://setup/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://setup/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
  });
  it.each([
    'app://setup/../../etc/passwd',
    'app://setup/..%2f..%2fetc%2fpasswd',
    'app://setup/%2e%2e/%2e%2e/secret',
    'app://setup/a%5c..%5c..%5cwin.ini',
    'app://setup/a%00.js',
    'app://other/index.html',
    'file:///etc/passwd',
    'app://setup/%E0%A4%A',
  ])('refuses %s', (u) => {
    const r = resolveAppAsset(root, u);
    expect(r === null || r.startsWith(root + path.sep)).toBe(true);
  });
});

describe('command line', () => {
  it('understands --resume and --simulate <scenario>', () => {
    expect(parseAppArgs(['--resume'])).toEqual({ resume: true, simulate: null });
    expect(parseAppArgs(['--simulate', 'fresh-win10-2004'])).toEqual({ resume: false, simulate: 'fresh-win10-2004' });
    expect(parseAppArgs(['--simulate=win11-home', '--resume', '--enable-logging'])).toEqual({
      resume: true,
      simulate: 'win11-home',
    });
    expect(parseAppArgs(['--simulate', './my-pc.json']).simulate).toBe('./my-pc.json');
  });
  it('refuses a missing or strange scenario', () => {
    expect(() => parseAppArgs(['--simulate'])).toThrow(/scenario/);
    expect(() => parseAppArgs(['--simulate', '$(calc)'])).toThrow(/scenario/);
  });
});
