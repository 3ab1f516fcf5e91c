/**
 * Which page the wizard shows. The user moves forward through Welcome, System check and Plan; from
 * then on the run state that main pushes decides (Install, Restart, Welcome back, Validate, Done).
 */
import type { RunState } from '../../common/contract';

export type PageId = 'welcome' | 'check' | 'plan' | 'install' | 'restart' | 'resumed' | 'validate' | 'done';

/** The left rail: the wizard's six stops (Restart and Welcome back belong to Install). */
export const RAIL: readonly { id: RailId; label: string }[] = [
  { id: 'welcome', label: 'Welcome' },
  { id: 'check', label: 'System check' },
  { id: 'plan', label: 'Plan' },
  { id: 'install', label: 'Install' },
  { id: 'validate', label: 'Validate' },
  { id: 'done', label: 'Done' },
];
export type RailId = 'welcome' | 'check' | 'plan' | 'install' | 'validate' | 'done';

export function railOf(page: PageId): RailId {
  return page === 'restart' || page === 'resumed' ? 'install' : page;
}

export const PAGE_TITLES: Record<PageId, string> = {
  welcome: 'Welcome',
  check: 'System check',
  plan: 'Plan',
  install: 'Install',
  restart: 'Restart needed',
  resumed: 'Welcome back',
  validate: 'Validate',
  done: 'Done',
};

/**
 * The page for a new run state, given the page shown now. `acknowledgedResume` is false from a restart
 * until the user has seen "Welcome back" (the run goes on meanwhile).
 */
export function derivePage(current: PageId, state: RunState, acknowledgedResume: boolean): PageId {
  if (state.phase === 'reboot-required' || state.phase === 'signout-required') return 'restart';
  if (state.resumed && !acknowledgedResume) return 'resumed';
  switch (state.phase) {
    case 'running':
      if (state.needsPassword) return current === 'install' ? 'install' : 'resumed';
      return current === 'validate' ? 'validate' : 'install';
    case 'validating':
      return current === 'validate' ? 'validate' : 'install';
    case 'succeeded':
      return current === 'done' ? 'done' : 'validate';
    case 'failed':
    case 'cancelled':
      return current === 'validate' || current === 'done' ? current : 'install';
    case 'blocked':
      return current === 'welcome' || current === 'check' || current === 'plan' ? current : 'install';
    default:
      return current === 'resumed' ? 'install' : current;
  }
}
