/** Small facts about the session the wizard shows: a suggested Linux user name, simulated identities. */
import { newSimState } from '../engine/sim/machine';
import { loadScenario } from '../engine/sim/scenario';
import { LINUX_USER_PATTERN } from '../shared/contract';
import type { ElevationInfo } from '../shared/ipc';
import { buildElevationInfo } from './elevation';

/** The Windows user name, lowercased and made valid for useradd (the Welcome page's default). */
export function suggestLinuxUser(account: string | null | undefined): string {
  const name = (account ?? '').split('\\').pop() ?? '';
  let user = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_-]+/g, '')
    .slice(0, 32);
  if (!user) return 'pupperware';
  if (!/^[a-z_]/.test(user)) user = `u${user}`.slice(0, 32);
  if (user === 'root' || !LINUX_USER_PATTERN.test(user)) user = 'pupperware';
  return user;
}

/** In a rehearsal the identities come from the scenario, never from this PC. */
export function simulatedElevation(scenario: string): ElevationInfo {
  const state = newSimState(loadScenario(scenario));
  const users = state.users as { interactive: string; elevated: string; isAdmin: boolean };
  return buildElevationInfo({
    elevated: users.isAdmin,
    processUser: users.elevated,
    consoleUser: users.interactive,
    platform: 'linux', // a rehearsal never offers a real UAC relaunch
  });
}
