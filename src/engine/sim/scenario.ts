/**
 * Scenario files: a simulated Windows PC described in JSON (docs/scenarios.md). Every field has the
 * default of a fresh Windows 10 2004 Pro PC, so a scenario only says what differs. Unknown keys are
 * errors, and every error names the path of the bad value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { powershellRoot } from '../paths';

const FeatureState = z.enum(['Enabled', 'EnablePending', 'Disabled', 'DisabledWithPayloadRemoved']).nullable();

const OsSchema = z.strictObject({
  build: z.number().int().min(1).default(19041),
  ubr: z.number().int().min(0).default(264),
  caption: z.string().default('Microsoft Windows 10 Pro'),
  edition: z.string().default('Professional'),
  is64Bit: z.boolean().default(true),
  locale: z.enum(['en-US', 'fr-FR', 'de-DE']).default('en-US'),
});

const HardwareSchema = z.strictObject({
  virtualizationFirmwareEnabled: z.boolean().default(true),
  hypervisorPresent: z.boolean().default(false),
  manufacturer: z.string().default('Dell Inc.'),
  model: z.string().default('OptiPlex 7080'),
  nestedVirtualization: z.boolean().default(true),
  freeDiskGB: z.number().min(0).default(120),
  memoryGB: z.number().min(0).default(16),
});

const UsersSchema = z.strictObject({
  interactive: z.string().min(1).default('DESKTOP-PUP\\dev'),
  elevated: z.string().min(1).optional(),
  isAdmin: z.boolean().default(true),
});

const DistroSchema = z.strictObject({
  name: z.string().min(1),
  version: z.union([z.literal(1), z.literal(2)]).default(2),
  users: z.array(z.string()).default(['root']),
  defaultUser: z.string().default('root'),
  passwordUsers: z.array(z.string()).default([]),
});

const WslSchema = z.strictObject({
  kind: z.enum(['none', 'inbox', 'store']).default('none'),
  version: z.string().default('2.6.3.0'),
  kernelVersion: z.string().nullable().default('6.6.87.2-1'),
  defaultVersion: z.union([z.literal(1), z.literal(2)]).default(1),
  honoursUtf8: z.boolean().optional(),
});

const DockerSchema = z.strictObject({
  installed: z.boolean().default(false),
  version: z.string().default('4.49.0'),
  engineRunning: z.boolean().default(false),
  desktopRunning: z.boolean().default(false),
  autoStart: z.boolean().default(true),
  engineStartSeconds: z.number().min(0).default(20),
  compose: z.enum(['v2', 'v1', 'none']).default('v2'),
  wslIntegration: z.boolean().default(true),
});

const FirewallRuleSchema = z.strictObject({
  displayName: z.string().min(1),
  program: z.string().default(''),
  direction: z.enum(['Inbound', 'Outbound']).default('Inbound'),
  action: z.enum(['Allow', 'Block']).default('Allow'),
});

const ScheduledTaskSchema = z.strictObject({
  name: z.string().min(1),
  user: z.string().min(1),
  trigger: z.literal('logon').default('logon'),
  runLevel: z.enum(['Highest', 'Limited']).default('Highest'),
  execute: z.string().min(1),
  arguments: z.string().default(''),
  allowOnBatteries: z.boolean().default(true),
});

const FaultSchema = z.strictObject({
  command: z.enum([
    'winget',
    'choco',
    'docker-desktop-installer',
    'msiexec',
    'wsl-update',
    'wsl-install',
    'distro-launcher',
    'docker',
    'enable-feature',
    'download',
  ]),
  feature: z.string().optional(),
  exitCode: z.number().int().optional(),
  output: z.string().optional(),
  hang: z.boolean().optional(),
  neverActivates: z.boolean().optional(),
  times: z.number().int().min(1).optional(),
});

export const MachineSchema = z.strictObject({
  os: OsSchema.prefault({}),
  hardware: HardwareSchema.prefault({}),
  users: UsersSchema.prefault({}),
  features: z.record(z.string(), FeatureState).default({
    'Microsoft-Windows-Subsystem-Linux': 'Disabled',
    VirtualMachinePlatform: 'Disabled',
    'Microsoft-Hyper-V': 'Disabled',
  }),
  pendingReboot: z
    .strictObject({
      cbs: z.boolean().default(false),
      windowsUpdate: z.boolean().default(false),
      computerRename: z.boolean().default(false),
      pendingFileRename: z.boolean().default(false),
    })
    .prefault({}),
  wsl: WslSchema.prefault({}),
  distros: z.array(DistroSchema).default([]),
  availableDistros: z.array(z.string()).default(['Ubuntu', 'Ubuntu-22.04', 'Ubuntu-24.04', 'Debian']),
  docker: DockerSchema.prefault({}),
  packageManagers: z
    .strictObject({ winget: z.boolean().default(true), choco: z.boolean().default(false) })
    .prefault({}),
  groups: z.record(z.string(), z.array(z.string())).optional(),
  firewallRules: z.array(FirewallRuleSchema).default([]),
  scheduledTasks: z.array(ScheduledTaskSchema).default([]),
  network: z.strictObject({ downloads: z.enum(['ok', 'fail']).default('ok') }).prefault({}),
  faults: z.array(FaultSchema).default([]),
});
export type Machine = z.infer<typeof MachineSchema>;

export const OUTCOMES = ['succeeded', 'failed', 'blocked', 'reboot-required'] as const;

export const ScenarioSchema = z.strictObject({
  schema: z.literal('pupperware-scenario/1'),
  name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'use letters, digits and "-" only'),
  description: z.string().min(1),
  expected: z
    .strictObject({
      outcome: z.enum(OUTCOMES),
      reboots: z.number().int().min(0).optional(),
      diagnosis: z.string().optional(),
    })
    .optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  machine: MachineSchema.prefault({}),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Formats zod issues as "path: message" lines a person can act on. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      return `  ${where}: ${issue.message}`;
    })
    .join('\n');
}

export function scenariosDir(): string {
  return path.join(powershellRoot(), 'scenarios');
}

export function listScenarios(): Scenario[] {
  return readdirSync(scenariosDir())
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadScenario(path.join(scenariosDir(), f)));
}

export function parseScenario(text: string, source: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ScenarioError(`${source} is not a valid scenario:\n${formatIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** Loads a shipped scenario by name, or a scenario file by path. */
export function loadScenario(nameOrPath: string): Scenario {
  const looksLikePath = /[\\/]/.test(nameOrPath) || nameOrPath.endsWith('.json');
  const file = looksLikePath ? path.resolve(nameOrPath) : path.join(scenariosDir(), `${nameOrPath}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    if (looksLikePath) throw new ScenarioError(`Scenario file not found: ${file}`);
    const names = readdirSync(scenariosDir())
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    throw new ScenarioError(`Unknown scenario "${nameOrPath}". Shipped scenarios: ${names.join(', ')}.`);
  }
  return parseScenario(text, file);
}
