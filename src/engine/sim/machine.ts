/**
 * The simulated machine state file (docs/scenarios.md, "The machine state file"). The PowerShell
 * SimHost primitives read and write it during steps; this module creates it from a scenario and
 * performs what happens outside any step: a restart and a sign-out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../util/fs-atomic';
import type { Machine, Scenario } from './scenario';

export const SIM_STATE_SCHEMA = 'pupperware-sim-state/1';

export interface SimChange {
  seq: number;
  op: string;
  target: string;
  boot: number;
}

export interface SimTask {
  name: string;
  user: string;
  trigger: 'logon';
  runLevel: 'Highest' | 'Limited';
  execute: string;
  arguments: string;
  allowOnBatteries: boolean;
}

export interface SimState extends Omit<Machine, 'scheduledTasks' | 'docker'> {
  docker: Machine['docker'] & { desktopStartedAt?: number };
  schema: typeof SIM_STATE_SCHEMA;
  scenario: string;
  boot: { bootTime: string; bootCount: number; logonSession: number };
  clock: { seconds: number };
  changes: SimChange[];
  faultsFired: Record<string, number>;
  scheduledTasks: SimTask[];
  [key: string]: unknown;
}

/** The first simulated boot: a fixed instant, so runs are reproducible. */
const FIRST_BOOT = Date.parse('2026-11-30T08:00:00Z');
/** How long a simulated restart takes, in simulated time. */
const RESTART_SECONDS = 90;

export function newSimState(scenario: Scenario): SimState {
  const m = scenario.machine;
  const groups = m.groups ?? { Administrators: [m.users.interactive] };
  if (m.docker.installed && !groups['docker-users']) groups['docker-users'] = [];
  return {
    ...m,
    schema: SIM_STATE_SCHEMA,
    scenario: scenario.name,
    users: { ...m.users, elevated: m.users.elevated ?? m.users.interactive },
    wsl: { ...m.wsl, honoursUtf8: m.wsl.honoursUtf8 ?? m.wsl.kind === 'store' },
    docker: { ...m.docker, desktopRunning: m.docker.desktopRunning || m.docker.engineRunning },
    groups,
    boot: { bootTime: new Date(FIRST_BOOT).toISOString(), bootCount: 0, logonSession: 1 },
    clock: { seconds: 0 },
    changes: [],
    faultsFired: {},
  };
}

export class SimStateError extends Error {
  override name = 'SimStateError';
}

export function readSimState(file: string): SimState {
  if (!existsSync(file)) throw new SimStateError(`No simulated machine at ${file}.`);
  let state: SimState;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as SimState;
  } catch (err) {
    throw new SimStateError(`The simulated machine file ${file} is damaged: ${(err as Error).message}`);
  }
  if (state.schema !== SIM_STATE_SCHEMA) {
    throw new SimStateError(`${file} is not a simulated machine (schema ${String(state.schema)}).`);
  }
  return state;
}

export function writeSimState(file: string, state: SimState): void {
  writeJsonAtomic(file, state);
}

function neverActivates(state: SimState, feature: string): boolean {
  return state.faults.some((f) => f.command === 'enable-feature' && f.neverActivates && f.feature === feature);
}

/** Tasks that fire at the next logon of the interactive user. */
function logonTasks(state: SimState): SimTask[] {
  const who = state.users.interactive.toLowerCase();
  return state.scheduledTasks.filter((t) => t.trigger === 'logon' && t.user.toLowerCase() === who);
}

export interface SimEventResult {
  bootTime: string;
  logonSession: number;
  firedTasks: SimTask[];
}

/**
 * A restart, as Windows applies it at boot. `changesBootTime: false` models a Fast Startup
 * "Shut down" and power on, which is not a restart: nothing pending is applied.
 */
export function simulateRestart(file: string, opts: { changesBootTime?: boolean } = {}): SimEventResult {
  const state = readSimState(file);
  if (opts.changesBootTime !== false) {
    let stuck = false;
    for (const [name, value] of Object.entries(state.features)) {
      if (value === 'EnablePending') {
        if (neverActivates(state, name)) stuck = true;
        else state.features[name] = 'Enabled';
      }
    }
    state.pendingReboot = { ...state.pendingReboot, cbs: stuck, windowsUpdate: false, computerRename: false };
    state.clock.seconds += RESTART_SECONDS;
    state.boot = {
      bootTime: new Date(FIRST_BOOT + state.clock.seconds * 1000).toISOString(),
      bootCount: state.boot.bootCount + 1,
      logonSession: state.boot.logonSession + 1,
    };
    state.docker.engineRunning = false;
    state.docker.desktopRunning = state.docker.installed && state.docker.autoStart;
    if (state.docker.desktopRunning) state.docker.desktopStartedAt = state.clock.seconds;
  } else {
    state.boot = { ...state.boot, logonSession: state.boot.logonSession + 1 };
  }
  writeSimState(file, state);
  return { bootTime: state.boot.bootTime, logonSession: state.boot.logonSession, firedTasks: logonTasks(state) };
}

/** Sign out and back in: a new logon session, the same boot. */
export function simulateSignOut(file: string): SimEventResult {
  const state = readSimState(file);
  state.boot = { ...state.boot, logonSession: state.boot.logonSession + 1 };
  writeSimState(file, state);
  return { bootTime: state.boot.bootTime, logonSession: state.boot.logonSession, firedTasks: logonTasks(state) };
}
