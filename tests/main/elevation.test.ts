import { describe, expect, it } from 'vitest';
import { buildElevationInfo, identitiesDiffer, parseWhoamiGroups } from '../../src/main/elevation';
import { simulatedElevation, suggestLinuxUser } from '../../src/main/session-info';

// `whoami /groups /fo csv /nh`, trimmed (German names on purpose: only SIDs are compared).
const ELEVATED = [
  '"Jeder","Bekannte Gruppe","S-1-1-0","Verbindliche Gruppe, Standardmäßig aktiviert, Aktivierte Gruppe"',
  '"VORDEFINIERT\\Administratoren","Alias","S-1-5-32-544","Verbindliche Gruppe, Standardmäßig aktiviert, Aktivierte Gruppe, Gruppenbesitzer"',
  '"Verbindliche Beschriftung\\Hohe Verbindlichkeitsstufe","Bezeichnung","S-1-16-12288",""',
].join('\r\n');
const FILTERED = [
  '"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"',
  '"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""',
].join('\r\n');

describe('elevation', () => {
  it('reads an elevated token from the SIDs', () => {
    expect(parseWhoamiGroups(ELEVATED).elevated).toBe(true);
  });
  it('sees a UAC-filtered administrator token as not elevated', () => {
    expect(parseWhoamiGroups(FILTERED)).toEqual({ elevated: false, administratorsMember: true });
    expect(parseWhoamiGroups('').elevated).toBe(false);
  });
  it('detects over-the-shoulder elevation (a different user than the console user)', () => {
    expect(identitiesDiffer('DESKTOP-PUP\\admin', 'DESKTOP-PUP\\dev')).toBe(true);
    expect(identitiesDiffer('desktop-pup\\DEV', 'DESKTOP-PUP\\dev')).toBe(false);
    expect(identitiesDiffer('DESKTOP-PUP\\admin', null)).toBe(false);
  });
  it('offers a relaunch only on Windows and only when not elevated', () => {
    expect(
      buildElevationInfo({ elevated: false, processUser: 'a', consoleUser: 'a', platform: 'win32' })
        .canRelaunchElevated,
    ).toBe(true);
    expect(
      buildElevationInfo({ elevated: true, processUser: 'a', consoleUser: 'a', platform: 'win32' }).canRelaunchElevated,
    ).toBe(false);
    expect(
      buildElevationInfo({ elevated: false, processUser: 'a', consoleUser: 'a', platform: 'linux' })
        .canRelaunchElevated,
    ).toBe(false);
  });
  it('takes a rehearsal identity from the scenario, never from this machine', () => {
    const info = simulatedElevation('fresh-win10-2004');
    expect(info.consoleUser).toBe('DESKTOP-PUP\\dev');
    expect(info.identityMismatch).toBe(false);
    expect(info.canRelaunchElevated).toBe(false);
  });
});

describe('suggested Linux user name', () => {
  it.each([
    ['DESKTOP-PUP\\Dev', 'dev'],
    ['CORP\\Jürgen.Müller', 'jurgenmuller'],
    ['PC\\1st', 'u1st'],
    ['PC\\root', 'pupperware'],
    ['', 'pupperware'],
    [null, 'pupperware'],
  ])('%s → %s', (input, expected) => {
    expect(suggestLinuxUser(input)).toBe(expected);
  });
});
