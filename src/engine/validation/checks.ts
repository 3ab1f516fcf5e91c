/**
 * The validation checks: the validate step's raw outputs → pass/warn/fail lines with observed and
 * expected values, a remediation, and the troubleshooting diagnosis for a failure.
 */
import type { CheckStatus, Diagnosis, RunOptions, ValidationCheck } from '../../common/contract';
import { type DiagnoseInput, diagnose } from '../troubleshooting';
import { type CommandKey, type CommandOutput, type ParsedValidateFacts, readValidateFacts } from './facts';
import {
  cleanOutput,
  compareVersions,
  type DockerInfo,
  type DockerVersion,
  parseComposeVersion,
  parseDockerInfo,
  parseDockerVersion,
  parseWslListVerbose,
  parseWslStatusDefaultVersion,
  parseWslVersion,
} from './parsers';

/** Windows 10 2004: the first build with WSL 2. */
export const MIN_WINDOWS_BUILD = 19041;
/** Docker Desktop's documented minimum WSL version. */
export const MIN_WSL_VERSION = '2.1.5';
export const REQUIRED_FEATURES = ['Microsoft-Windows-Subsystem-Linux', 'VirtualMachinePlatform'] as const;
/** Longest excerpt of a command's output shown as an observed value. */
const MAX_OBSERVED_CHARS = 240;

export interface ValidationContext {
  options: RunOptions;
  /** `DOMAIN\user` of the person at the console, recorded before elevation. */
  interactiveUser: string;
}

interface Draft {
  id: string;
  title: string;
  status: CheckStatus;
  observed: string;
  expected: string;
  remediation?: string;
  /** How to look the failure up in the troubleshooting catalog (only used when status is fail). */
  lookup?: DiagnoseInput;
}

const COMMAND_LINES: Record<CommandKey, string> = {
  wslListVerbose: 'wsl -l -v',
  wslStatus: 'wsl --status',
  wslVersion: 'wsl --version',
  dockerVersionJson: "docker version --format '{{json .}}'",
  dockerVersion: 'docker version',
  dockerInfoJson: "docker info --format '{{json .}}'",
  dockerInfo: 'docker info',
  dockerCompose: 'docker compose version',
  dockerComposeV1: 'docker-compose version',
  dockerRunUname: 'docker run --rm alpine uname',
};

function allText(c: CommandOutput | undefined): string {
  if (!c) return '';
  return cleanOutput(`${c.stdout}\n${c.stderr}`).trim();
}

function excerpt(text: string): string {
  const firstLines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(PS [A-Z]:\\|[A-Z]:\\.*>|>+ |\$ )/.test(l));
  const joined = firstLines.slice(0, 3).join(' ');
  return joined.length > MAX_OBSERVED_CHARS ? `${joined.slice(0, MAX_OBSERVED_CHARS - 1)}…` : joined;
}

/** "`docker info` was not run", "... did not answer in time", or the first lines of its error. */
function commandProblem(key: CommandKey, c: CommandOutput | undefined): string {
  const line = `\`${COMMAND_LINES[key]}\``;
  if (!c) return `${line} was not run (no output was collected)`;
  if (c.timedOut) return `${line} did not answer in time`;
  const text = excerpt(allText(c));
  if (c.exitCode === null) return text ? `${line} did not finish: ${text}` : `${line} did not run`;
  return text ? `${line} failed (exit ${c.exitCode}): ${text}` : `${line} failed (exit ${c.exitCode}) without output`;
}

const ok = (c: CommandOutput | undefined): c is CommandOutput => c !== undefined && c.exitCode === 0 && !c.timedOut;

function sameAccount(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (x === y) return true;
  // When either side has no domain (an old PowerShell may print just the name), compare user parts.
  if (!x.includes('\\') || !y.includes('\\')) return x.split('\\').pop() === y.split('\\').pop();
  return false;
}

// ---------------------------------------------------------------------------------------------

function windowsBuild(f: ParsedValidateFacts): Draft {
  const base = {
    id: 'windows-build',
    title: 'Windows version',
    expected: `build ${MIN_WINDOWS_BUILD} or newer (Windows 10 2004 or later, or Windows 11)`,
  };
  if (f.build === null) {
    return {
      ...base,
      status: 'fail',
      observed: 'the Windows build was not reported',
      remediation: 'Run the checks again; if this stays, export diagnostics and report it.',
    };
  }
  if (f.build < MIN_WINDOWS_BUILD) {
    return {
      ...base,
      status: 'fail',
      observed: `build ${f.build}`,
      remediation:
        'Install Windows updates up to Windows 10 22H2 or Windows 11 (Settings → Windows Update), then run Setup again.',
      lookup: { checkId: 'windows-build' },
    };
  }
  return { ...base, status: 'pass', observed: `build ${f.build}${f.build >= 22000 ? ' (Windows 11)' : ''}` };
}

function featuresActive(f: ParsedValidateFacts, options: RunOptions): Draft {
  const base = {
    id: 'features-active',
    title: 'Windows features for WSL 2',
    expected: `${REQUIRED_FEATURES.join(' and ')} Enabled${options.enableHyperV ? '; Microsoft-Hyper-V Enabled where the edition has it' : ''}`,
  };
  const parts: string[] = [];
  let pending = false;
  let missing = false;
  let unknown = false;
  for (const name of REQUIRED_FEATURES) {
    const state = Object.hasOwn(f.features, name) ? f.features[name] : undefined;
    parts.push(`${name}: ${state ?? (state === null ? 'not on this edition' : 'not reported')}`);
    if (state === 'EnablePending') pending = true;
    else if (state === undefined) unknown = true;
    else if (state !== 'Enabled') missing = true;
  }
  let hyperVNote = false;
  if (options.enableHyperV) {
    const state = f.features['Microsoft-Hyper-V'];
    if (state === null) {
      parts.push('Microsoft-Hyper-V: not on this edition (WSL 2 does not need it)');
      hyperVNote = true;
    } else {
      parts.push(`Microsoft-Hyper-V: ${state ?? 'not reported'}`);
      if (state === 'EnablePending') pending = true;
      else if (state !== 'Enabled') missing = true;
    }
  }
  const observed = parts.join('; ');
  if (missing || pending || unknown) {
    return {
      ...base,
      status: 'fail',
      observed,
      remediation:
        pending && !missing
          ? 'Restart Windows: the features are turned on and become active after a restart.'
          : 'Run Setup again: its Windows features step turns them on (one restart).',
      lookup: { checkId: 'features-active' },
    };
  }
  return {
    ...base,
    status: hyperVNote ? 'warn' : 'pass',
    observed,
    ...(hyperVNote
      ? { remediation: 'Nothing to do: Hyper-V is not available on this edition and WSL 2 does not need it.' }
      : {}),
  };
}

function wslVersion(f: ParsedValidateFacts, options: RunOptions): Draft {
  const base = {
    id: 'wsl-version',
    title: 'WSL version',
    expected: `WSL ${MIN_WSL_VERSION} or newer (the Store/MSI WSL)`,
  };
  const c = f.commands.wslVersion;
  const info = c ? parseWslVersion(allText(c)) : null;
  if (info?.kind === 'store') {
    const observed = `WSL ${info.wslVersion}${info.kernelVersion ? `, kernel ${info.kernelVersion}` : ''}`;
    if (compareVersions(info.wslVersion, MIN_WSL_VERSION) < 0) {
      return {
        ...base,
        status: 'warn',
        observed,
        remediation: `Docker Desktop needs WSL ${MIN_WSL_VERSION} or newer: run \`wsl --update\`.`,
      };
    }
    return { ...base, status: 'pass', observed };
  }
  if (info?.kind === 'inbox') {
    if (options.wslUpdateSource === 'kernel-msi') {
      return {
        ...base,
        status: 'warn',
        observed: 'the built-in (inbox) wsl.exe with the kernel MSI, as in the seed recipe',
        remediation: `This works, but current Docker Desktop releases expect WSL ${MIN_WSL_VERSION} or newer; choose "wsl --update" as the WSL update source to get it.`,
      };
    }
    return {
      ...base,
      status: 'fail',
      observed: 'the built-in (inbox) wsl.exe, which does not know `--version`',
      remediation: 'Update WSL with `wsl --update`.',
      lookup: { text: allText(c), checkId: 'wsl-version' },
    };
  }
  return {
    ...base,
    status: 'fail',
    observed: commandProblem('wslVersion', c),
    remediation: 'Update or install WSL with `wsl --update`, then press Re-check.',
    lookup: { text: allText(c) },
  };
}

function wslDefaultVersion(f: ParsedValidateFacts): Draft {
  const base = { id: 'wsl-default-version', title: 'WSL default version', expected: 'Default Version: 2' };
  const status = f.commands.wslStatus;
  const version =
    parseWslStatusDefaultVersion(status ? allText(status) : null) ??
    parseWslStatusDefaultVersion(f.commands.wslVersion ? allText(f.commands.wslVersion) : null);
  if (version === 2) return { ...base, status: 'pass', observed: 'Default Version: 2' };
  if (version === 1) {
    return {
      ...base,
      status: 'fail',
      observed: 'Default Version: 1',
      remediation: 'Run `wsl --set-default-version 2`.',
      lookup: { checkId: 'wsl-default-version' },
    };
  }
  const text = allText(status);
  if (status && /--status\b/.test(text) && !/Error code/i.test(text)) {
    return {
      ...base,
      status: 'warn',
      observed: 'this wsl.exe has no `--status`, so the default version cannot be read',
      remediation:
        'Update WSL (`wsl --update`) to be able to check it; distributions Setup installs are put on WSL 2 either way.',
    };
  }
  return {
    ...base,
    status: 'fail',
    observed:
      status && ok(status)
        ? `\`wsl --status\` did not show a default version: ${excerpt(text)}`
        : commandProblem('wslStatus', status),
    remediation: 'Run `wsl --set-default-version 2`, then press Re-check.',
    lookup: { text },
  };
}

function distroOnWsl2(f: ParsedValidateFacts, options: RunOptions): Draft {
  const base = {
    id: 'distro-wsl2',
    title: `${options.distro} on WSL 2`,
    expected: `${options.distro} listed by \`wsl -l -v\` with VERSION 2`,
  };
  const c = f.commands.wslListVerbose;
  const distros = parseWslListVerbose(c ? c.stdout : null);
  const mine = distros.find((d) => d.name.toLowerCase() === options.distro.toLowerCase());
  if (mine?.version === 2) {
    return {
      ...base,
      status: 'pass',
      observed: `${mine.name}: VERSION 2 (${mine.state})${mine.isDefault ? ', default distribution' : ''}`,
    };
  }
  if (mine) {
    return {
      ...base,
      status: 'fail',
      observed: `${mine.name}: VERSION ${mine.version}`,
      remediation: `Convert it with \`wsl --set-version ${mine.name} 2\`.`,
      lookup: { checkId: 'distro-wsl2' },
    };
  }
  if (distros.length > 0 || (c && ok(c))) {
    const others = distros.map((d) => `${d.name} (WSL ${d.version})`).join(', ');
    return {
      ...base,
      status: 'fail',
      observed: `${options.distro} is not installed${others ? `; found ${others}` : ''}`,
      remediation: `Install it: \`wsl --install -d ${options.distro} --no-launch\`.`,
      lookup: { checkId: 'distro-wsl2' },
    };
  }
  return {
    ...base,
    status: 'fail',
    observed: commandProblem('wslListVerbose', c),
    remediation: 'Fix WSL first (see the WSL checks above), then press Re-check.',
    lookup: { text: allText(c) },
  };
}

function distroDefaultUser(f: ParsedValidateFacts, options: RunOptions): Draft {
  const base = {
    id: 'distro-default-user',
    title: `Default user in ${options.distro}`,
    expected: `${options.distroUser} (from /etc/wsl.conf [user] default)`,
  };
  const user = f.distroDefaultUser;
  if (user === options.distroUser) return { ...base, status: 'pass', observed: user };
  return {
    ...base,
    status: 'fail',
    observed:
      user === null ? 'no default user was reported' : `${user}${user === 'root' ? ' (no user of your own yet)' : ''}`,
    remediation: `Run Setup again and give the password for ${options.distroUser}: its Linux user step creates the user and makes it the default.`,
    lookup: { checkId: 'distro-default-user' },
  };
}

function dockerVersions(f: ParsedValidateFacts): DockerVersion | null {
  const fromJson = f.commands.dockerVersionJson ? parseDockerVersion(allText(f.commands.dockerVersionJson)) : null;
  if (fromJson?.server?.version || (fromJson?.source === 'json' && fromJson.client)) {
    if (fromJson.server?.version) return fromJson;
  }
  const fromText = f.commands.dockerVersion ? parseDockerVersion(allText(f.commands.dockerVersion)) : null;
  if (fromText?.server?.version) return fromText;
  return fromJson?.client ? fromJson : (fromText ?? fromJson);
}

const DOCKER_NOT_FOUND =
  /is not recognized as (the name of a cmdlet|an internal or external command)|command not found|cannot find the file specified\.?\s*$|No such file or directory/i;

function dockerCliMissing(f: ParsedValidateFacts): boolean {
  const outputs = [
    f.commands.dockerVersion,
    f.commands.dockerVersionJson,
    f.commands.dockerInfo,
    f.commands.dockerInfoJson,
  ];
  const present = outputs.filter((c): c is CommandOutput => c !== undefined);
  if (present.length === 0) return false;
  return present.every(
    (c) => c.exitCode !== 0 && (DOCKER_NOT_FOUND.test(allText(c)) || (c.exitCode === null && allText(c) === '')),
  );
}

function dockerInstalled(f: ParsedValidateFacts, versions: DockerVersion | null): Draft {
  const base = {
    id: 'docker-installed',
    title: 'Docker Desktop installed',
    expected: 'Docker Desktop installed, with the docker command on PATH',
  };
  const cli = versions?.client?.version ?? null;
  const desktop =
    f.dockerDesktopVersion ?? /Docker Desktop\s+(\d[\w.]*)/.exec(versions?.server?.platform ?? '')?.[1] ?? null;
  if (f.dockerDesktopInstalled === false && !cli) {
    return {
      ...base,
      status: 'fail',
      observed: 'Docker Desktop is not installed',
      remediation: 'Install Docker Desktop (Setup does it with the source you chose).',
      lookup: { checkId: 'docker-installed' },
    };
  }
  if (cli) {
    const observed = `${desktop ? `Docker Desktop ${desktop}, ` : ''}docker CLI ${cli}`;
    if (f.dockerDesktopInstalled === false) {
      return {
        ...base,
        status: 'warn',
        observed: `${observed}, but Docker Desktop itself is not installed`,
        remediation: 'Another docker CLI is on PATH; install Docker Desktop so the engine runs on WSL 2.',
      };
    }
    return { ...base, status: 'pass', observed };
  }
  if (f.dockerDesktopInstalled === true) {
    return {
      ...base,
      status: 'warn',
      observed: `Docker Desktop ${desktop ?? ''} is installed but the docker command did not answer`.replace('  ', ' '),
      remediation: 'Open a new terminal (PATH changes reach new processes only), or repair Docker Desktop.',
    };
  }
  const c = f.commands.dockerVersion ?? f.commands.dockerVersionJson;
  return {
    ...base,
    status: 'fail',
    observed: dockerCliMissing(f)
      ? 'the docker command was not found'
      : commandProblem(f.commands.dockerVersion ? 'dockerVersion' : 'dockerVersionJson', c),
    remediation: 'Install Docker Desktop (Setup does it with the source you chose), then press Re-check.',
    lookup: { text: allText(c), checkId: 'docker-installed' },
  };
}

function engineFailureText(f: ParsedValidateFacts, info: DockerInfo | null, versions: DockerVersion | null): string {
  return [
    ...(info?.serverErrors ?? []),
    versions?.error ?? '',
    allText(f.commands.dockerInfoJson),
    allText(f.commands.dockerInfo),
    allText(f.commands.dockerVersion),
  ]
    .filter(Boolean)
    .join('\n');
}

function dockerEngine(f: ParsedValidateFacts, info: DockerInfo | null, versions: DockerVersion | null): Draft {
  const base = {
    id: 'docker-engine',
    title: 'Docker engine answering',
    expected: '`docker info` and `docker version` report a server',
  };
  const serverVersion = info?.serverVersion ?? versions?.server?.version ?? null;
  if (serverVersion) {
    const platform = versions?.server?.platform;
    return { ...base, status: 'pass', observed: `Docker Engine ${serverVersion}${platform ? ` (${platform})` : ''}` };
  }
  const text = engineFailureText(f, info, versions);
  const reason = info?.serverErrors[0] ?? versions?.error ?? null;
  const observed = dockerCliMissing(f)
    ? 'the docker command was not found'
    : reason
      ? `the engine did not answer: ${excerpt(reason)}`
      : commandProblem(
          f.commands.dockerInfoJson ? 'dockerInfoJson' : 'dockerInfo',
          f.commands.dockerInfoJson ?? f.commands.dockerInfo,
        );
  return {
    ...base,
    status: 'fail',
    observed,
    remediation: 'Start Docker Desktop and wait until it reports "Engine running", then press Re-check.',
    lookup: { text, checkId: dockerCliMissing(f) ? 'docker-installed' : 'docker-engine' },
  };
}

function dockerLinuxEngine(
  f: ParsedValidateFacts,
  info: DockerInfo | null,
  versions: DockerVersion | null,
  engine: Draft,
): Draft {
  const base = {
    id: 'docker-linux-engine',
    title: 'Linux engine on WSL 2',
    expected: 'OSType linux, a WSL 2 kernel (*-microsoft-standard*), Operating System "Docker Desktop"',
  };
  const osType = info?.osType ?? versions?.server?.osArch?.split('/')[0] ?? null;
  const kernel = info?.kernelVersion ?? versions?.server?.kernelVersion ?? null;
  const os = info?.operatingSystem ?? null;
  if (!osType) {
    return {
      ...base,
      status: 'fail',
      observed:
        engine.status === 'fail' ? 'unknown: the engine did not answer' : 'the engine did not report its OS type',
      remediation: engine.remediation ?? 'Start Docker Desktop, then press Re-check.',
      lookup: engine.lookup ?? { text: engineFailureText(f, info, versions) },
    };
  }
  const observed = [`OSType ${osType}`, kernel ? `kernel ${kernel}` : 'kernel not reported', os ? `"${os}"` : null]
    .filter(Boolean)
    .join(', ');
  if (osType.toLowerCase() !== 'linux') {
    return {
      ...base,
      status: 'fail',
      observed,
      remediation: 'Switch Docker Desktop to Linux containers (whale icon → "Switch to Linux containers...").',
      lookup: { checkId: 'docker-linux-engine' },
    };
  }
  if (!kernel || !/microsoft-standard/i.test(kernel)) {
    return {
      ...base,
      status: 'warn',
      observed,
      remediation:
        kernel && /linuxkit/i.test(kernel)
          ? 'Linux containers run, but on the Hyper-V backend: turn on Docker Desktop Settings → General → "Use the WSL 2 based engine".'
          : 'Linux containers run, but not on a WSL 2 kernel: check that docker points at Docker Desktop (`docker context use desktop-linux`).',
    };
  }
  if (os && !/docker desktop/i.test(os)) {
    return {
      ...base,
      status: 'warn',
      observed,
      remediation:
        "The docker command talks to an engine that is not Docker Desktop's: run `docker context use desktop-linux`.",
    };
  }
  return { ...base, status: 'pass', observed };
}

function dockerCompose(f: ParsedValidateFacts): Draft {
  const base = {
    id: 'docker-compose',
    title: 'Docker Compose',
    expected: '`docker compose version` reports v2 (docker-compose v1 is accepted with a warning)',
  };
  const plugin = f.commands.dockerCompose;
  const v2 = ok(plugin) ? parseComposeVersion(plugin.stdout || allText(plugin)) : null;
  if (v2 && v2.major >= 2)
    return { ...base, status: 'pass', observed: `Docker Compose v${v2.version} (\`docker compose\`)` };
  const standalone = f.commands.dockerComposeV1;
  const v1 = ok(standalone) ? parseComposeVersion(standalone.stdout || allText(standalone)) : null;
  if (v1?.major === 1) {
    return {
      ...base,
      status: 'warn',
      observed: `docker-compose ${v1.version} (Compose v1, end of life since 2023)${plugin ? '; `docker compose` is missing' : ''}`,
      remediation: 'Pupperware works with it, but v1 gets no fixes: update Docker Desktop to get `docker compose` v2.',
    };
  }
  if (v1 && v1.major >= 2) {
    return {
      ...base,
      status: 'warn',
      observed: `only \`docker-compose\` answers (Compose v${v1.version}); \`docker compose\` is missing`,
      remediation: 'Use `docker-compose`, or repair Docker Desktop to get the `docker compose` plugin.',
    };
  }
  const text = [allText(plugin), allText(standalone)].filter(Boolean).join('\n');
  return {
    ...base,
    status: 'fail',
    observed: plugin ? commandProblem('dockerCompose', plugin) : commandProblem('dockerCompose', undefined),
    remediation: 'Repair Docker Desktop, which ships the compose plugin, then press Re-check.',
    lookup: { text, checkId: 'docker-compose' },
  };
}

function dockerRunLinux(f: ParsedValidateFacts): Draft {
  const base = {
    id: 'docker-run-linux',
    title: 'A Linux container runs',
    expected: '`docker run --rm alpine uname` prints Linux',
  };
  const c = f.commands.dockerRunUname;
  const last = cleanOutput(c?.stdout)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  if (ok(c) && last && /^Linux\b/.test(last)) return { ...base, status: 'pass', observed: last };
  return {
    ...base,
    status: 'fail',
    observed: ok(c) ? `printed ${last ? `"${excerpt(last)}"` : 'nothing'}` : commandProblem('dockerRunUname', c),
    remediation:
      'Fix the Docker checks above first; if they pass, check the network (the alpine image is downloaded from Docker Hub).',
    lookup: { text: allText(c) },
  };
}

function dockerUsers(f: ParsedValidateFacts, ctx: ValidationContext): Draft {
  const wanted = [ctx.interactiveUser, ...(ctx.options.serviceAccount ? [ctx.options.serviceAccount] : [])].filter(
    (u) => u.trim() !== '',
  );
  const base = {
    id: 'docker-users',
    title: 'Member of docker-users',
    expected: `${wanted.length ? wanted.join(' and ') : 'the signed-in user'} in the local docker-users group`,
  };
  if (!ctx.interactiveUser.trim()) {
    return {
      ...base,
      status: 'fail',
      observed: 'the signed-in user is not known',
      remediation: 'Run Setup from your own Windows session so it can record who you are.',
      lookup: { checkId: 'docker-users' },
    };
  }
  const missing = wanted.filter((u) => !f.dockerUsers.some((m) => sameAccount(m, u)));
  if (missing.length === 0)
    return {
      ...base,
      status: 'pass',
      observed: `${wanted.join(' and ')} ${wanted.length > 1 ? 'are members' : 'is a member'}`,
    };
  const members = f.dockerUsers.length
    ? `members: ${f.dockerUsers.join(', ')}`
    : 'the group has no members or does not exist';
  return {
    ...base,
    status: 'fail',
    observed: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not a member (${members})`,
    remediation: 'Add the account to docker-users, then sign out of Windows and back in.',
    lookup: { checkId: 'docker-users' },
  };
}

function firewallRule(f: ParsedValidateFacts): Draft {
  const base = {
    id: 'firewall-rule',
    title: "Firewall rule for Docker's backend",
    expected: 'an inbound allow rule for com.docker.backend.exe',
  };
  if (f.firewallRule === true) return { ...base, status: 'pass', observed: 'the rule exists' };
  return {
    ...base,
    status: 'fail',
    observed: f.firewallRule === false ? 'the rule does not exist' : 'the rule was not checked',
    remediation: 'Add the inbound rule for C:\\Program Files\\Docker\\Docker\\resources\\com.docker.backend.exe.',
    lookup: { checkId: 'firewall-rule' },
  };
}

function finish(draft: Draft): ValidationCheck {
  const check: ValidationCheck = {
    id: draft.id,
    title: draft.title,
    status: draft.status,
    observed: draft.observed,
    expected: draft.expected,
  };
  if (draft.remediation) check.remediation = draft.remediation;
  if (draft.status === 'fail' && draft.lookup) {
    const diagnosis: Diagnosis | null = diagnose({ ...draft.lookup, stepId: 'validate' });
    if (diagnosis) check.diagnosis = diagnosis;
  }
  return check;
}

/**
 * Turns the validate step's facts into checks. Never throws: a missing or malformed command is a
 * failing (or warning) check whose observed value says what was missing.
 */
export function evaluateValidation(facts: unknown, ctx: ValidationContext): ValidationCheck[] {
  const f = readValidateFacts(facts);
  const { options } = ctx;
  const info = parseDockerInfo(
    f.commands.dockerInfoJson ? allText(f.commands.dockerInfoJson) : null,
    f.commands.dockerInfo ? allText(f.commands.dockerInfo) : null,
  );
  const versions = dockerVersions(f);
  const engine = dockerEngine(f, info, versions);
  const drafts: Draft[] = [
    windowsBuild(f),
    featuresActive(f, options),
    wslVersion(f, options),
    wslDefaultVersion(f),
    distroOnWsl2(f, options),
    distroDefaultUser(f, options),
    dockerInstalled(f, versions),
    engine,
    dockerLinuxEngine(f, info, versions, engine),
    dockerCompose(f),
    dockerRunLinux(f),
    dockerUsers(f, ctx),
  ];
  if (options.firewallRule) drafts.push(firewallRule(f));
  return drafts.map(finish);
}
