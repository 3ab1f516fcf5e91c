/**
 * Automatic fixes the troubleshooting catalog may offer ("Fix it"). A fix is not special code: it is
 * an ordinary step run again (Test → Set → Verify), so it can never do more than the wizard itself.
 * The renderer names a fix by id; main looks it up here and runs the step.
 */
import type { StepId } from '../../common/contract';

export const FIX_IDS = [
  'start-engine',
  'add-docker-users',
  'update-wsl',
  'set-default-version',
  'convert-distro',
  'repair-docker-desktop',
  'add-firewall-rule',
] as const;
export type FixId = (typeof FIX_IDS)[number];

const FIX_TABLE: Record<FixId, { stepId: StepId; title: string }> = {
  'start-engine': { stepId: 'engine-start', title: 'Start Docker Desktop' },
  'add-docker-users': { stepId: 'docker-users', title: 'Add you to the docker-users group' },
  'update-wsl': { stepId: 'wsl-update', title: 'Update WSL' },
  'set-default-version': { stepId: 'wsl-default-version', title: 'Make WSL 2 the default' },
  'convert-distro': { stepId: 'distro', title: 'Install or convert the Linux distribution to WSL 2' },
  'repair-docker-desktop': { stepId: 'docker-desktop', title: 'Repair Docker Desktop' },
  'add-firewall-rule': { stepId: 'firewall', title: "Add the firewall rule for Docker's backend" },
};

/** Fix id → the step it runs. Frozen: the table is the closed list the renderer may name. */
export const FIXES: Readonly<Record<string, { stepId: StepId; title: string }>> = Object.freeze(FIX_TABLE);

export function isFixId(value: string): value is FixId {
  return (FIX_IDS as readonly string[]).includes(value);
}
