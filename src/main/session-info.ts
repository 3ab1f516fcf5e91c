/** Small facts about the session the wizard shows: a suggested Linux user name, simulated identities. */

import { LINUX_USER_PATTERN } from '../common/contract';
import type { AppEnvironment, ElevationInfo } from '../common/ipc';
import { newSimState } from '../engine/sim/machine';
import { loadScenario } from '../engine/sim/scenario';
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

/** Options a rehearsal scenario implies (its Docker source, say), as the Welcome page's defaults. */
export function scenarioSuggestedOptions(scenario: string): AppEnvironment['suggestedOptions'] {
  const o = (loadScenario(scenario).options ?? {}) as Record<string, unknown>;
  const out: AppEnvironment['suggestedOptions'] = {};
  if (o.dockerSource === 'winget' || o.dockerSource === 'choco' || o.dockerSource === 'direct')
    out.dockerSource = o.dockerSource;
  if (typeof o.enableHyperV === 'boolean') out.enableHyperV = o.enableHyperV;
  if (typeof o.firewallRule === 'boolean') out.firewallRule = o.firewallRule;
  if (typeof o.serviceAccount === 'string') out.serviceAccount = o.serviceAccount;
  return out;
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
