/**
 * Builds an engine for a real Windows PC or for a simulated one, the same way for the command
 * line, the Electron app and the browser rehearsal.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type RunOptions, type RunOptionsInput, RunOptionsSchema } from '../common/contract';
import { Engine } from './engine';
import { PowerShellHostControl, SimulatedPower } from './host-control';
import { isFinished, JournalStore } from './journal';
import { defaultDataDir, repoRoot } from './paths';
import { ensurePowerShell } from './powershell/locate';
import { INSTALLED_APP_PATH } from './resume-task';
import { newSimState, readSimState, writeSimState } from './sim/machine';
import { formatIssues, loadScenario, type Scenario } from './sim/scenario';

export const APP_VERSION: string = (
  JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string }
).version;

export interface SetupConfig {
  /** Scenario name or path: simulate that PC instead of provisioning this one. */
  simulate?: string;
  /** Keep the simulated PC in this file (a later run continues on the same machine). */
  simState?: string;
  dataDir?: string;
  pwsh?: string;
  /** On Windows: who sits at the console (recorded before elevation). */
  interactiveUser?: string;
  /** Start from a fresh simulated machine even when the state file exists. */
  freshMachine?: boolean;
}

export interface Setup {
  engine: Engine;
  scenario: Scenario | null;
  statePath: string | null;
  power: SimulatedPower | null;
  dataDir: string;
  /** Run options the scenario implies (the user's choices override them). */
  scenarioOptions: Partial<RunOptionsInput>;
}

export class OptionsError extends Error {
  override name = 'OptionsError';
}

/** A Windows user name turned into a valid Linux user name: "DESKTOP\\Jane.Doe" → "jane-doe". */
export function linuxUserFromWindows(account: string): string {
  const name = (account.split('\\').pop() ?? account)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  let out = name.replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z_]/.test(out)) out = `u${out}`;
  out = out.slice(0, 32);
  return out === 'root' || out === 'u' ? 'pupperware' : out;
}

export function parseRunOptions(input: unknown, source: string): RunOptions {
  const parsed = RunOptionsSchema.safeParse(input);
  if (!parsed.success) throw new OptionsError(`${source} has invalid options:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

function unfinishedRunIn(dataDir: string): boolean {
  const journal = new JournalStore(dataDir, APP_VERSION).peek();
  return journal !== null && !isFinished(journal);
}

export function createSetup(config: SetupConfig): Setup {
  const pwsh = config.pwsh ?? ensurePowerShell();
  if (!config.simulate) {
    if (process.platform !== 'win32') {
      throw new OptionsError(
        'Provisioning for real needs Windows. Here, rehearse with --simulate <scenario> (see: pupperware-setup scenarios).',
      );
    }
    const dataDir = config.dataDir ?? defaultDataDir();
    const user = config.interactiveUser ?? `${process.env.USERDOMAIN ?? '.'}\\${process.env.USERNAME ?? 'user'}`;
    const engine = new Engine({
      dataDir,
      appVersion: APP_VERSION,
      pwsh,
      interactiveUser: user,
      simulation: null,
      // The app's own exe when Electron runs the engine; from the command line, the installed app
      // (it continues the same journal). A user-writable path is refused when the task is registered.
      resumeCommand: {
        execute: process.versions.electron ? process.execPath : INSTALLED_APP_PATH,
        arguments: '--resume',
      },
      host: new PowerShellHostControl(pwsh, path.join(dataDir, 'work'), null),
    });
    return { engine, scenario: null, statePath: null, power: null, dataDir, scenarioOptions: {} };
  }

  const scenario = loadScenario(config.simulate);
  const dataDir = path.resolve(config.dataDir ?? path.join(defaultDataDir(), 'simulation'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const statePath = path.resolve(config.simState ?? path.join(dataDir, 'simulated-machine.json'));
  // An explicit state file always continues; the default one is fresh unless a run is unfinished.
  const keep =
    existsSync(statePath) && !config.freshMachine && (config.simState !== undefined || unfinishedRunIn(dataDir));
  if (keep) {
    const existing = readSimState(statePath);
    if (existing.scenario !== scenario.name) {
      throw new OptionsError(
        `${statePath} holds the simulated machine "${existing.scenario}", not "${scenario.name}". Use another --sim-state file or the same scenario.`,
      );
    }
  } else {
    writeSimState(statePath, newSimState(scenario));
  }
  const state = readSimState(statePath);
  const engine = new Engine({
    dataDir,
    appVersion: APP_VERSION,
    pwsh,
    interactiveUser: state.users.interactive,
    simulation: { scenario: scenario.name, statePath },
    // In the simulated PC the app is installed per machine, as the real installer does it.
    resumeCommand: { execute: INSTALLED_APP_PATH, arguments: `--resume --simulate ${scenario.name}` },
    host: new PowerShellHostControl(pwsh, path.join(dataDir, 'work'), statePath),
  });
  return {
    engine,
    scenario,
    statePath,
    power: new SimulatedPower(statePath),
    dataDir,
    scenarioOptions: (scenario.options ?? {}) as Partial<RunOptionsInput>,
  };
}
