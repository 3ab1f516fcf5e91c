/** The steps, in the order the engine runs them (docs/step-contract.md). */
import type { StepId } from '../common/contract';

export interface StepDefinition {
  id: StepId;
  title: string;
  /** Not run while a restart asked for by an earlier step is pending: it needs the features active. */
  waitsForRestart: boolean;
  /** Rough time for the plan page, on a typical broadband connection. */
  estimateSeconds: number;
  /** A step still running after this long is ended with its whole process tree. */
  timeoutMs: number;
}

const MINUTE = 60_000;

export const CATALOG: readonly StepDefinition[] = [
  { id: 'preflight', title: 'Check this PC', waitsForRestart: false, estimateSeconds: 5, timeoutMs: 2 * MINUTE },
  {
    id: 'pending-restart',
    title: 'Check for a pending restart',
    waitsForRestart: false,
    estimateSeconds: 2,
    timeoutMs: MINUTE,
  },
  {
    id: 'features',
    title: 'Turn on WSL and Virtual Machine Platform',
    waitsForRestart: false,
    estimateSeconds: 120,
    timeoutMs: 20 * MINUTE,
  },
  {
    id: 'docker-desktop',
    title: 'Install Docker Desktop',
    waitsForRestart: false,
    estimateSeconds: 300,
    timeoutMs: 30 * MINUTE,
  },
  {
    id: 'docker-users',
    title: 'Allow you to use Docker (docker-users)',
    waitsForRestart: false,
    estimateSeconds: 5,
    timeoutMs: 2 * MINUTE,
  },
  {
    id: 'firewall',
    title: "Allow Docker's backend through the firewall",
    waitsForRestart: false,
    estimateSeconds: 5,
    timeoutMs: 2 * MINUTE,
  },
  {
    id: 'wsl-update',
    title: 'Update WSL and its Linux kernel',
    waitsForRestart: true,
    estimateSeconds: 90,
    timeoutMs: 20 * MINUTE,
  },
  {
    id: 'wsl-default-version',
    title: 'Make WSL 2 the default',
    waitsForRestart: true,
    estimateSeconds: 5,
    timeoutMs: 2 * MINUTE,
  },
  { id: 'distro', title: 'Install Ubuntu', waitsForRestart: true, estimateSeconds: 180, timeoutMs: 30 * MINUTE },
  {
    id: 'distro-user',
    title: 'Create your Linux user',
    waitsForRestart: true,
    estimateSeconds: 10,
    timeoutMs: 5 * MINUTE,
  },
  {
    id: 'engine-start',
    title: 'Start the Docker engine',
    waitsForRestart: true,
    estimateSeconds: 60,
    timeoutMs: 35 * MINUTE,
  },
  {
    id: 'validate',
    title: 'Check that Linux containers run',
    waitsForRestart: true,
    estimateSeconds: 30,
    timeoutMs: 10 * MINUTE,
  },
];

export function stepDefinition(id: StepId): StepDefinition {
  const def = CATALOG.find((s) => s.id === id);
  if (!def) throw new Error(`Unknown step ${id}`);
  return def;
}
