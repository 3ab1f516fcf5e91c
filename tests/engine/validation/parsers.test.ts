import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseComposeVersion,
  parseDockerInfo,
  parseDockerVersion,
  parseWslListVerbose,
  parseWslStatusDefaultVersion,
  parseWslVersion,
} from '../../../src/engine/validation';
import { asMisdecodedUtf16, quoted, seedReadmePath, shared, sharedBytes } from '../../fixtures/troubleshooting/load';

describe('parseWslListVerbose', () => {
  it('reads distros, versions and the default marker', () => {
    expect(parseWslListVerbose(shared('wsl-l-v.en.1.txt'))).toEqual([
      { name: 'Ubuntu', state: 'Running', version: 2, isDefault: true },
      { name: 'Legacy', state: 'Stopped', version: 1, isDefault: false },
      { name: 'Ubuntu-18.04', state: 'Stopped', version: 1, isDefault: false },
      { name: 'docker-desktop', state: 'Running', version: 2, isDefault: false },
    ]);
  });

  it('reads the raw UTF-16LE pipe bytes, mis-decoded NULs and the WSL_UTF8 form alike', () => {
    const expected = parseWslListVerbose(shared('wsl-l-v.en.1.txt'));
    expect(parseWslListVerbose(sharedBytes('RECONSTRUCTED.wsl-l-v.en.1.utf16le-crlf.bin').toString('utf16le'))).toEqual(
      expected,
    );
    expect(
      parseWslListVerbose(sharedBytes('RECONSTRUCTED.wsl-l-v.en.1.utf8-crlf-WSL_UTF8.bin').toString('utf8')),
    ).toEqual(expected);
    expect(parseWslListVerbose(asMisdecodedUtf16(shared('wsl-l-v.en.1.txt')))).toEqual(expected);
  });

  it('copes with a missing default marker and gives nothing for errors and usage text', () => {
    expect(parseWslListVerbose('  NAME STATE VERSION\n  Ubuntu Stopped 2\n')).toEqual([
      { name: 'Ubuntu', state: 'Stopped', version: 2, isDefault: false },
    ]);
    expect(parseWslListVerbose(shared('wsl-l-v.en.6-server-execution-failed.txt'))).toEqual([]);
    expect(parseWslListVerbose(shared('wsl-l-v.en.5-pre-wsl2-build-usage.txt'))).toEqual([]);
    expect(parseWslListVerbose(undefined)).toEqual([]);
  });
});

describe('parseWslStatusDefaultVersion', () => {
  it('reads the stock formats', () => {
    for (const f of [
      'wsl-status.store.1-no-kernel-line.txt',
      'wsl-status.store.2.txt',
      'wsl-status.inbox.1-with-kernel.txt',
      'wsl-status.inbox.2-with-kernel.txt',
      'wsl-status.kernel-missing.1.txt',
      'wsl-version-status.store.5-2.6.3.txt',
      'wsl-status.ps-formatted.1-odd.txt',
    ]) {
      expect(parseWslStatusDefaultVersion(shared(f)), f).toBe(2);
    }
  });

  it('reads translated labels, U+00A0 before the colon, and UTF-16 bytes', () => {
    expect(
      parseWslStatusDefaultVersion('Distribution par défaut\u00a0: Ubuntu\r\r\nVersion par défaut\u00a0: 2\r\r\n'),
    ).toBe(2);
    expect(parseWslStatusDefaultVersion('Standarddistribution: Ubuntu\nStandardversion: 1\n')).toBe(1);
    expect(parseWslStatusDefaultVersion('默认分发: Ubuntu\n默认版本: 2\n')).toBe(2);
    expect(parseWslStatusDefaultVersion(asMisdecodedUtf16(shared('wsl-status.store.2.txt')))).toBe(2);
  });

  it('gives null when there is no default version', () => {
    expect(parseWslStatusDefaultVersion(shared('wsl-status.en.4-optional-component-required.txt'))).toBeNull();
    expect(parseWslStatusDefaultVersion('')).toBeNull();
  });
});

describe('parseWslVersion', () => {
  it('reads the Store WSL, including the preview numbering and a flattened line', () => {
    expect(parseWslVersion(shared('wsl-version.store.1.txt'))).toEqual({
      kind: 'store',
      wslVersion: '1.1.2.0',
      kernelVersion: '5.15.83.1',
      windowsVersion: '10.0.19045.2546',
    });
    expect(parseWslVersion(shared('wsl-version.store.3-preview.txt'))).toMatchObject({ wslVersion: '0.68.4.0' });
    expect(parseWslVersion(shared('wsl-version.store.6-flattened-one-line.txt'))).toMatchObject({
      wslVersion: '2.5.7.0',
      kernelVersion: '6.6.87.1-1',
      windowsVersion: '10.0.26100.4349',
    });
    expect(parseWslVersion(shared('wsl-version.store.2-array-capture.txt'))).toMatchObject({ wslVersion: '1.1.3.0' });
    expect(parseWslVersion(shared('wsl-version-status.store.5-2.6.3.txt'))).toMatchObject({
      wslVersion: '2.6.3.0',
      kernelVersion: '6.6.87.2-1',
    });
  });

  it('reads translated labels by position', () => {
    const fr =
      'Version WSL\u00a0: 2.0.14.0\nVersion du noyau\u00a0: 5.15.133.1-1\nVersion WSLg\u00a0: 1.0.59\nVersion MSRDC\u00a0: 1.2.4677\nVersion Direct3D\u00a0: 1.611.1-81528511\nVersion DXCore\u00a0: 10.0.25131.1002-220531-1700.rs-onecore-base2-hyp\nVersion de Windows\u00a0: 10.0.22631.2861\n';
    expect(parseWslVersion(fr)).toEqual({
      kind: 'store',
      wslVersion: '2.0.14.0',
      kernelVersion: '5.15.133.1-1',
      windowsVersion: '10.0.22631.2861',
    });
  });

  it('recognises the inbox wsl.exe, and gives null for nothing', () => {
    expect(parseWslVersion(shared('wsl-version.inbox-error.en.1.txt'))).toEqual({ kind: 'inbox' });
    expect(parseWslVersion('Option de ligne de commande non valide : --version\n')).toEqual({ kind: 'inbox' });
    expect(parseWslVersion('')).toBeNull();
  });
});

describe('parseDockerInfo', () => {
  it('reads docker info JSON from Docker Desktop', () => {
    expect(parseDockerInfo(shared('docker-api-info-json.dd-wsl2.en.5-engine-28.3.2.json'))).toMatchObject({
      source: 'json',
      serverVersion: '28.3.2',
      osType: 'linux',
      kernelVersion: '6.6.87.2-microsoft-standard-WSL2',
      operatingSystem: 'Docker Desktop',
      name: 'docker-desktop',
    });
    expect(parseDockerInfo(shared('docker-info-json.dd-hyperv-2020.en.1-minikube-windows_docker.json'))).toMatchObject({
      kernelVersion: '4.19.76-linuxkit',
      osType: 'linux',
    });
  });

  it('falls back to the text output, including the seed', () => {
    expect(parseDockerInfo('not json', shared('docker-info.dd-wsl2.en.1-engine-20.10.21.txt'))).toMatchObject({
      source: 'text',
      serverVersion: '20.10.21',
      kernelVersion: '5.15.153.1-microsoft-standard-WSL2',
      osType: 'linux',
      operatingSystem: 'Docker Desktop',
    });
    expect(parseDockerInfo(undefined, quoted('seed.docker-info.txt'))).toMatchObject({
      source: 'text',
      serverVersion: '19.03.8',
      kernelVersion: '4.19.84-microsoft-standard',
      osType: 'linux',
      operatingSystem: 'Docker Desktop',
      name: 'docker-desktop',
    });
  });

  it('reports the server error when the engine is down', () => {
    const info = parseDockerInfo(null, quoted('docker-engine-not-running.docker-for-win-7310-docker-info.txt'));
    expect(info?.serverVersion).toBeNull();
    expect(info?.serverErrors[0]).toMatch(/^error during connect/);
    expect(parseDockerInfo('{"ID":"","ServerErrors":["Cannot connect"],"ClientInfo":{}}')).toMatchObject({
      serverErrors: ['Cannot connect'],
    });
    expect(parseDockerInfo('', '')).toBeNull();
  });
});

describe('parseDockerVersion', () => {
  it('reads the seed and current Docker Desktop text output', () => {
    expect(parseDockerVersion(quoted('seed.docker-version.txt'))).toMatchObject({
      source: 'text',
      client: { version: '19.03.8', osArch: 'windows/amd64' },
      server: { platform: 'Docker Engine - Community', version: '19.03.8', osArch: 'linux/amd64', apiVersion: '1.40' },
      error: null,
    });
    expect(parseDockerVersion(shared('docker-version.dd-wsl2.en.2-running-4.89.txt'))).toMatchObject({
      client: { version: '29.7.2', context: 'desktop-linux' },
      server: { platform: 'Docker Desktop 4.89.0 (238018)', version: '29.7.2', osArch: 'linux/amd64' },
    });
  });

  it('has a client and no server when the engine is down', () => {
    const v = parseDockerVersion(shared('docker-version.dd-wsl2.en.3-engine-not-running-4.49.txt'));
    expect(v).toMatchObject({ client: { version: '28.5.1' }, server: null });
    expect(v?.error).toMatch(/dockerDesktopLinuxEngine/);
    expect(parseDockerVersion(shared('docker-version.legacy.en.2-18.09.txt'))).toMatchObject({
      client: { version: '18.09.2' },
      server: null,
    });
  });

  it('reads the JSON format', () => {
    // RECONSTRUCTED from the seed's values with the key names of the Engine API's version object.
    const json = JSON.stringify({
      Client: {
        Platform: { Name: 'Docker Engine - Community' },
        Version: '19.03.8',
        ApiVersion: '1.40',
        Os: 'windows',
        Arch: 'amd64',
        Context: 'default',
      },
      Server: {
        Platform: { Name: 'Docker Desktop 4.89.0 (238018)' },
        Version: '19.03.8',
        ApiVersion: '1.40',
        Os: 'linux',
        Arch: 'amd64',
        KernelVersion: '4.19.84-microsoft-standard',
      },
    });
    expect(parseDockerVersion(json)).toMatchObject({
      source: 'json',
      client: { version: '19.03.8', osArch: 'windows/amd64' },
      server: {
        version: '19.03.8',
        osArch: 'linux/amd64',
        kernelVersion: '4.19.84-microsoft-standard',
        platform: 'Docker Desktop 4.89.0 (238018)',
      },
    });
    const down = `${JSON.stringify({ Client: { Version: '28.5.1' }, Server: null })}\n${shared('docker-ps.dd-wsl2.en.1-engine-not-running-4.49.txt')}`;
    expect(parseDockerVersion(down)).toMatchObject({
      client: { version: '28.5.1' },
      server: null,
      error: expect.stringMatching(/^error during connect/),
    });
  });
});

describe('parseComposeVersion', () => {
  it('reads v2, v1 (the seed), the v2 shim and --short', () => {
    expect(parseComposeVersion(shared('docker-compose-version.v2.en.2-2.19.0-stale.txt'))).toEqual({
      version: '2.19.0',
      major: 2,
      format: 'v2',
    });
    expect(parseComposeVersion(quoted('seed.docker-compose-version.txt'))).toEqual({
      version: '1.26.0-rc3',
      major: 1,
      format: 'v1',
    });
    expect(parseComposeVersion(shared('docker-compose-version.v1.en.2-1.29.2.txt'))).toEqual({
      version: '1.29.2',
      major: 1,
      format: 'v1',
    });
    expect(parseComposeVersion(shared('docker-compose-version.v1-v2-switch.en.4-dd-4.0.1.txt'))).toMatchObject({
      version: '2.0.0-rc.3',
      major: 2,
    });
    expect(parseComposeVersion(shared('docker-compose-version.v2.en.1-short.txt'))).toMatchObject({
      version: '2.5.0',
      format: 'short',
    });
    expect(parseComposeVersion('Docker Compose version v2.30.3-desktop.1')).toMatchObject({
      version: '2.30.3-desktop.1',
      major: 2,
    });
  });

  it('gives null when compose is missing', () => {
    expect(parseComposeVersion(shared('docker-compose.missing-plugin.en.1.txt'))).toBeNull();
    expect(parseComposeVersion(undefined)).toBeNull();
  });
});

describe('seed fixtures', () => {
  it('are verbatim copies of the seed README blocks', () => {
    const readme = readFileSync(seedReadmePath, 'utf8');
    for (const f of ['seed.docker-version.txt', 'seed.docker-info.txt', 'seed.docker-compose-version.txt']) {
      expect(readme.includes(quoted(f)), f).toBe(true);
    }
  });
});
