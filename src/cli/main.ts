/**
 * pupperware-setup: the command line. Unattended provisioning on Windows, and the same flow against
 * a simulated PC anywhere (--simulate). Exit codes are listed in EXIT below and in the README.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Outcome, RunOptionsInput, RunReport, RunState, StepId, StepView } from '../common/contract';
import { CATALOG } from '../engine/catalog';
import type { Engine, RunResult } from '../engine/engine';
import { SimulatedPower } from '../engine/host-control';
import { JournalLockedError } from '../engine/journal';
import { PowerShellMissingError } from '../engine/powershell/locate';
import { firedResumeTask } from '../engine/resume-task';
import { linuxUserFromWindows, OptionsError, parseRunOptions, type Setup } from '../engine/setup';
import { readSimState, SimStateError } from '../engine/sim/machine';
import { listScenarios, ScenarioError } from '../engine/sim/scenario';
import { FIXES } from '../engine/troubleshooting';
import { diagnoseCommand } from './diagnose-command';
import { readPasswordHidden } from './prompt';
import { setupFrom } from './setup-from';

export const EXIT = {
  succeeded: 0,
  failed: 1,
  usage: 2,
  blocked: 3,
  'reboot-required': 4,
  cancelled: 5,
  busy: 6,
} as const;

const USAGE = `Usage: pupperware-setup <command> [options]

Commands:
  scenarios                          List the shipped simulated PCs.
  plan     --simulate <name|path>    Say what a run would do, change nothing.
  run      [--simulate <name|path>]  Provision (for real on Windows, or the simulated PC).
  validate --simulate <name|path>    Run the validation checks; exit 0 only when none fails.
  diagnose --simulate <name|path> --out <file.zip>   Write the diagnostics bundle.
  fix <fix-id> --simulate <name|path>                Run an automatic fix from the troubleshooting catalog.
  cleanup                            Remove the resume task and the journal.
  sim restart|sign-out|show --sim-state <file> [--fast-startup]
                                     Restart, sign out of, or show the simulated PC.

Options:
  --simulate <name|path>   a shipped scenario name or a scenario file (docs/scenarios.md)
  --sim-state <file>       keep the simulated PC in this file; a later run continues on it
  --data-dir <dir>         journal and logs (default: %ProgramData%\\PupperwareSetup, or the XDG state folder)
  --auto-reboot            restart (the simulated PC) when needed and resume through the logon task
  --resume                 continue the run in the journal after a restart or sign-out
  --report <file>          write the JSON report
  --user <name>            Linux user to create (default: your Windows user name, made valid)
  --config <file.json>     run options as JSON (schema: docs/cli.md)
  --docker-source <s>      winget (default), choco or direct
  --firewall               add the inbound firewall rule for Docker's backend
  --hyperv                 also turn on Hyper-V where the edition has it
  --service-account <acct> also add this account to docker-users (e.g. "NT AUTHORITY\\NETWORK SERVICE")
  --fresh                  start from a fresh simulated PC even if --sim-state exists

The Linux user's password comes from PUPPERWARE_SETUP_PASSWORD, or is asked for (hidden). Never a flag.
Exit codes: 0 succeeded, 1 failed, 2 bad usage or input, 3 blocked, 4 restart or sign-out needed,
5 cancelled, 6 another run in progress.`;

const OPTIONS = {
  simulate: { type: 'string' },
  'sim-state': { type: 'string' },
  'data-dir': { type: 'string' },
  'auto-reboot': { type: 'boolean' },
  resume: { type: 'boolean' },
  report: { type: 'string' },
  user: { type: 'string' },
  config: { type: 'string' },
  'docker-source': { type: 'string' },
  firewall: { type: 'boolean' },
  hyperv: { type: 'boolean' },
  'service-account': { type: 'string' },
  fresh: { type: 'boolean' },
  out: { type: 'string' },
  'fast-startup': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const isTty = Boolean(process.stdout.isTTY);
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are control characters
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[=>]|\u001b\][^\u0007]*\u0007/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are control characters
const ANSI_AT_END = /^(\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[=>]|\u001b\][^\u0007]*\u0007)/;

function out(text: string): void {
  process.stdout.write(text);
}

function line(text = ''): void {
  out(`${text}\n`);
}

let escapeCarry = '';

/** Step output as a console shows it; without a terminal, plain text (escape sequences split across chunks too). */
function printLog(data: string): void {
  if (isTty) {
    out(data);
    return;
  }
  let text = escapeCarry + data;
  escapeCarry = '';
  const lastEsc = text.lastIndexOf('\u001b');
  if (lastEsc >= 0 && !ANSI_AT_END.test(text.slice(lastEsc)) && text.length - lastEsc < 32) {
    escapeCarry = text.slice(lastEsc);
    text = text.slice(0, lastEsc);
  }
  out(text.replace(ANSI, '').replace(/\r\n/g, '\n').replace(/\r/g, ''));
}

const ICON: Record<StepView['status'], string> = {
  waiting: '·',
  running: '▶',
  done: '✔',
  skipped: '–',
  'pending-reboot': '⟳',
  deferred: '…',
  failed: '✖',
  blocked: '⛔',
  cancelled: '■',
};

function watch(engine: Engine): void {
  const seen = new Map<string, string>();
  engine.on('log', (chunk) => printLog(chunk.data));
  engine.on('notice', (text) => line(`\nNote: ${text}`));
  let resumedSaid = '';
  engine.on('state', (state: RunState) => {
    if (state.resumed && state.resumed.message !== resumedSaid) {
      resumedSaid = state.resumed.message;
      line(`\n${state.resumed.confirmed ? '✔' : '…'} ${state.resumed.message}`);
    }
    for (const step of state.steps) {
      const key = `${step.status}|${step.summary}`;
      if (seen.get(step.id) === key || step.status === 'waiting') continue;
      seen.set(step.id, key);
      if (step.status === 'running' && step.summary === '') continue;
      const index = CATALOG.findIndex((d) => d.id === step.id) + 1;
      const time =
        step.durationMs !== undefined && step.status !== 'running' ? ` (${(step.durationMs / 1000).toFixed(1)} s)` : '';
      line(
        `\n${ICON[step.status]} [${index}/${CATALOG.length}] ${step.title}: ${step.status}${time}${step.summary ? ` — ${step.summary}` : ''}`,
      );
    }
  });
}

async function passwordSource(): Promise<string | null> {
  const fromEnv = process.env.PUPPERWARE_SETUP_PASSWORD;
  // Children get a cleaned environment anyway; drop it here too so nothing else can read it later.
  delete process.env.PUPPERWARE_SETUP_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) return readPasswordHidden('Password for the new Linux user (not shown, never stored): ');
  return null;
}

function optionsFrom(args: Args, setup: Setup): RunOptionsInput {
  let fromConfig: Record<string, unknown> = {};
  if (args.config) {
    let text: string;
    try {
      text = readFileSync(args.config, 'utf8');
    } catch {
      throw new OptionsError(`Config file not found: ${args.config}`);
    }
    try {
      fromConfig = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new OptionsError(`${args.config} is not valid JSON: ${(err as Error).message}`);
    }
    parseRunOptions({ distroUser: 'placeholder', ...fromConfig }, args.config);
  }
  const input: Record<string, unknown> = { ...setup.scenarioOptions, ...fromConfig };
  if (args.user !== undefined) input.distroUser = args.user;
  if (input.distroUser === undefined) {
    const who = setup.statePath ? readSimState(setup.statePath).users.interactive : (process.env.USERNAME ?? 'user');
    input.distroUser = linuxUserFromWindows(who);
  }
  if (args['docker-source'] !== undefined) input.dockerSource = args['docker-source'];
  if (args.firewall) input.firewallRule = true;
  if (args.hyperv) input.enableHyperV = true;
  if (args['service-account'] !== undefined) input.serviceAccount = args['service-account'];
  return input as RunOptionsInput;
}

function report(result: RunResult): RunReport {
  const s = result.state;
  return {
    outcome: result.outcome,
    reboots: result.journal.reboots,
    steps: s.steps.map((st) => ({ id: st.id, status: st.status, changed: st.changed, durationMs: st.durationMs ?? 0 })),
    validation: s.validation.map((c) => ({ id: c.id, status: c.status, observed: c.observed })),
    ...(s.diagnosis ? { diagnosis: s.diagnosis } : {}),
  };
}

function explainEnd(result: RunResult, setup: Setup, args: Args): void {
  const s = result.state;
  line('');
  if (s.diagnosis) {
    line(`${s.diagnosis.title}`);
    line(`  ${s.diagnosis.explanation}`);
    for (const step of s.diagnosis.fixSteps) line(`  - ${step}`);
    for (const link of s.diagnosis.links) line(`  ${link.title}: ${link.url}`);
  }
  for (const c of s.validation)
    line(`  ${c.status === 'pass' ? '✔' : c.status === 'warn' ? '!' : '✖'} ${c.title}: ${c.observed}`);
  line(`\nOutcome: ${result.outcome}. ${s.message}`);
  if (result.outcome === 'reboot-required' && setup.statePath) {
    const state = `--sim-state ${JSON.stringify(setup.statePath)}`;
    const dataDir = `--data-dir ${JSON.stringify(setup.dataDir)}`;
    const verb = s.restart?.kind === 'signout' ? 'sign-out' : 'restart';
    line(`\nThis PC is simulated. To go on: restart it, then resume (the resume task would start the app at sign-in):`);
    line(`  npx pupperware-setup sim ${verb} ${state}`);
    line(`  npx pupperware-setup run --simulate ${args.simulate} ${state} ${dataDir} --resume`);
    line(`or run again with --auto-reboot to do both.`);
  }
}

async function runCommand(args: Args): Promise<number> {
  if (args.resume && args.fresh)
    throw new OptionsError('--resume continues a run; --fresh starts a new machine. Choose one.');
  const setup = setupFrom(args, { freshMachine: Boolean(args.fresh) });
  const { engine } = setup;
  const pending = engine.pendingRun();
  if (args.resume && !pending) {
    line('Nothing to resume: no unfinished run in the journal. Start one with "run".');
    return EXIT.usage;
  }
  const options = pending ? pending.options : parseRunOptions(optionsFrom(args, setup), 'The options');
  watch(engine);
  line(
    `Pupperware Setup ${setup.scenario ? `(simulating ${setup.scenario.name}: ${setup.scenario.description})` : ''}`,
  );
  line(`Journal and logs: ${setup.dataDir}`);
  let password: string | null | undefined;
  const getPassword = async () => {
    if (password === undefined) password = await passwordSource();
    return password;
  };
  const controller = new AbortController();
  const onSigint = () => {
    line('\nCancelling: ending the current step…');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let result = await engine.run({ options, getPassword, signal: controller.signal });
  // --auto-reboot: restart the simulated PC, and resume only if our logon task fires.
  for (
    let guard = 0;
    result.outcome === 'reboot-required' && args['auto-reboot'] && setup.power && guard < 6;
    guard++
  ) {
    const kind = result.state.restart?.kind ?? 'restart';
    const event = kind === 'signout' ? setup.power.signOut() : setup.power.restart();
    line(
      `\n⟳ Simulated ${kind === 'signout' ? 'sign-out and sign-in' : 'restart'}: boot time ${event.bootTime}, logon session ${event.logonSession}.`,
    );
    const task = firedResumeTask(event.firedTasks);
    if (!task) {
      line('The resume task did not fire at sign-in, so the run does not continue by itself.');
      break;
    }
    line(`  Logon task "${task.name}" started: ${task.execute} ${task.arguments}`);
    result = await engine.run({ options, getPassword, signal: controller.signal });
  }
  process.removeListener('SIGINT', onSigint);
  explainEnd(result, setup, args);
  if (args.report) {
    writeFileSync(args.report, `${JSON.stringify(report(result), null, 2)}\n`);
    line(`Report: ${path.resolve(args.report)}`);
  }
  return EXIT[result.outcome as Outcome];
}

async function planCommand(args: Args): Promise<number> {
  const setup = setupFrom(args);
  const options = parseRunOptions(optionsFrom(args, setup), 'The options');
  const plan = await setup.engine.plan(options);
  const label = {
    'will-run': 'Will do',
    satisfied: 'Already done',
    'not-applicable': 'Skipped',
    'after-restart': 'After the restart',
    blocked: 'Blocked',
  } as const;
  line(`Plan${setup.scenario ? ` for ${setup.scenario.name}` : ''}:`);
  for (const step of plan.steps) line(`  ${label[step.decision].padEnd(17)} ${step.title} — ${step.reason}`);
  if (plan.restartExpected) line('\nA restart will be needed; Pupperware Setup continues by itself afterwards.');
  if (plan.blocked) {
    line(`\n${plan.blocked.title}: ${plan.blocked.explanation}`);
    for (const step of plan.blocked.fixSteps) line(`  - ${step}`);
    return EXIT.blocked;
  }
  return EXIT.succeeded;
}

async function validateCommand(args: Args): Promise<number> {
  const setup = setupFrom(args);
  const options = parseRunOptions(optionsFrom(args, setup), 'The options');
  const checks = await setup.engine.revalidate(options);
  for (const c of checks) {
    line(`${c.status.toUpperCase().padEnd(4)} ${c.title}: ${c.observed} (expected: ${c.expected})`);
    if (c.status !== 'pass' && c.remediation) line(`     → ${c.remediation}`);
    if (c.diagnosis?.fixId) line(`     Automatic fix available: ${c.diagnosis.fixId}`);
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  line(`\n${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? EXIT.succeeded : EXIT.failed;
}

async function fixCommand(fixId: string | undefined, args: Args): Promise<number> {
  const fix = fixId ? (FIXES as Record<string, { stepId: StepId; title: string } | undefined>)[fixId] : undefined;
  if (!fixId || !fix) throw new OptionsError(`Use: fix <fix-id>. Known fixes: ${Object.keys(FIXES).join(', ')}.`);
  const setup = setupFrom(args);
  const options = parseRunOptions(optionsFrom(args, setup), 'The options');
  watch(setup.engine);
  line(`Fix: ${fix.title} (runs the step "${fix.stepId}": test, change, verify)`);
  const result = await setup.engine.runSingleStep(fix.stepId, options);
  if (result.error) {
    line(`\nThe fix did not work: ${result.error.message}`);
    return EXIT.failed;
  }
  line(`\n${result.message}`);
  if (result.signOutRequired) line('Sign out of Windows and back in for it to take effect, then run validate again.');
  if (result.rebootRequired) line('Restart Windows for it to take effect, then run validate again.');
  return EXIT.succeeded;
}

async function cleanupCommand(args: Args): Promise<number> {
  const setup = setupFrom(args);
  const removed = await setup.engine.cleanup();
  for (const item of removed) line(`Removed ${item}`);
  return EXIT.succeeded;
}

function simCommand(verb: string | undefined, args: Args): number {
  if (!args['sim-state']) throw new OptionsError('sim commands need --sim-state <file>.');
  const statePath = path.resolve(args['sim-state']);
  const power = new SimulatedPower(statePath);
  if (verb === 'restart') {
    const ev = power.restart({ changesBootTime: !args['fast-startup'] });
    line(
      `${args['fast-startup'] ? 'Shut down with Fast Startup and powered on' : 'Restarted'}: boot time ${ev.bootTime}, logon session ${ev.logonSession}.`,
    );
    for (const t of ev.firedTasks) line(`Logon task fired: ${t.name}: ${t.execute} ${t.arguments}`);
    return EXIT.succeeded;
  }
  if (verb === 'sign-out') {
    const ev = power.signOut();
    line(`Signed out and in: logon session ${ev.logonSession}.`);
    for (const t of ev.firedTasks) line(`Logon task fired: ${t.name}: ${t.execute} ${t.arguments}`);
    return EXIT.succeeded;
  }
  if (verb === 'show') {
    line(JSON.stringify(readSimState(statePath), null, 2));
    return EXIT.succeeded;
  }
  throw new OptionsError('Use: sim restart|sign-out|show --sim-state <file>');
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  const args = parsed.values;
  if (args.help || !command) {
    line(USAGE);
    return command || args.help ? EXIT.succeeded : EXIT.usage;
  }
  try {
    switch (command) {
      case 'scenarios':
        for (const s of listScenarios()) {
          const expected = s.expected
            ? `expected: ${s.expected.outcome}${s.expected.reboots !== undefined ? `, ${s.expected.reboots} restart(s)` : ''}`
            : '';
          line(`${s.name.padEnd(24)} ${s.description}${expected ? ` (${expected})` : ''}`);
        }
        return EXIT.succeeded;
      case 'plan':
        return await planCommand(args);
      case 'run':
        return await runCommand(args);
      case 'validate':
        return await validateCommand(args);
      case 'diagnose':
        return await diagnoseCommand(args);
      case 'cleanup':
        return await cleanupCommand(args);
      case 'fix':
        return await fixCommand(rest[0], args);
      case 'sim':
        return simCommand(rest[0], args);
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
        return EXIT.usage;
    }
  } catch (err) {
    if (
      err instanceof ScenarioError ||
      err instanceof OptionsError ||
      err instanceof SimStateError ||
      err instanceof PowerShellMissingError
    ) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof JournalLockedError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.busy;
    }
    throw err;
  }
}

export type { Args };
