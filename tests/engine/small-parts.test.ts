import { describe, expect, it } from 'vitest';
import { cleanEnvironment } from '../../src/engine/powershell/process';
import { REDACTED, redactText, StreamRedactor } from '../../src/engine/redact';
import { unsafeTaskTarget } from '../../src/engine/resume-task';
import { linuxUserFromWindows } from '../../src/engine/setup';

describe('secret redaction', () => {
  it('removes a secret split across chunks', () => {
    const r = new StreamRedactor(['hunter2-canary']);
    const parts = ['user:hun', 'ter2-ca', 'nary done', ' and hunter2-canary'];
    const out = parts.map((p) => r.push(p)).join('') + r.flush();
    expect(out).toBe(`user:${REDACTED} done and ${REDACTED}`);
  });

  it('passes text through when there is no secret', () => {
    const r = new StreamRedactor([]);
    expect(r.push('abc') + r.flush()).toBe('abc');
    expect(redactText('a b', [''])).toBe('a b');
  });
});

describe('resume task target', () => {
  it('accepts the per-machine install', () => {
    expect(unsafeTaskTarget('C:\\Program Files\\Pupperware Setup\\Pupperware Setup.exe')).toBeNull();
  });
  it.each([
    'C:\\Users\\dev\\Downloads\\Pupperware Setup.exe',
    'C:\\Users\\dev\\AppData\\Local\\Programs\\pupperware-setup\\Pupperware Setup.exe',
    'D:\\tools\\Pupperware Setup.exe',
    'C:\\ProgramData\\PupperwareSetup\\app.exe',
    '\\\\server\\share\\setup.exe',
    'C:\\Program Files\\..\\Users\\dev\\x.exe',
    'Pupperware Setup.exe',
  ])('refuses a user-writable or unclear path: %s', (p) => {
    expect(unsafeTaskTarget(p)).toMatch(/.+/);
  });
});

describe('Linux user name from the Windows account', () => {
  it.each([
    ['DESKTOP-PUP\\dev', 'dev'],
    ['CONTOSO\\Jane.Doe', 'jane-doe'],
    ['PC\\1337', 'u1337'],
    ['PC\\Administrator', 'administrator'],
    ['PC\\root', 'pupperware'],
    ['PC\\Ünïcødé', 'unic-de'],
  ])('%s → %s', (account, expected) => {
    const name = linuxUserFromWindows(account);
    expect(name).toBe(expected);
    expect(name).toMatch(/^[a-z_][a-z0-9_-]{0,31}$/);
  });
});

describe('child environment', () => {
  it('drops everything but the basics, and never forwards the password variable', () => {
    process.env.PUPPERWARE_SETUP_PASSWORD = 'leak';
    process.env.NODE_OPTIONS = '--inspect';
    const env = cleanEnvironment({ PUPPERWARE_SIM_STATE: '/x' });
    delete process.env.PUPPERWARE_SETUP_PASSWORD;
    delete process.env.NODE_OPTIONS;
    expect(env.PUPPERWARE_SETUP_PASSWORD).toBeUndefined();
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(env.PUPPERWARE_SIM_STATE).toBe('/x');
    expect(env.POWERSHELL_TELEMETRY_OPTOUT).toBe('1');
  });
});
