import { describe, expect, it } from 'vitest';
import { derivePage, railOf } from '../../src/renderer/store/routing';
import { idleState } from '../helpers/fake-service';

describe('which page the wizard shows', () => {
  it('lets the user walk Welcome → System check → Plan while idle', () => {
    expect(derivePage('welcome', idleState(), false)).toBe('welcome');
    expect(derivePage('plan', idleState(), false)).toBe('plan');
  });
  it('shows Install while running, Restart when a restart is needed', () => {
    expect(derivePage('plan', idleState({ phase: 'running' }), true)).toBe('install');
    expect(derivePage('install', idleState({ phase: 'reboot-required' }), true)).toBe('restart');
    expect(derivePage('install', idleState({ phase: 'signout-required' }), true)).toBe('restart');
  });
  it('shows Welcome back after the restart until the user continues, and when the password is needed again', () => {
    const resumed = idleState({
      phase: 'running',
      resumed: { kind: 'restart', confirmed: true, message: 'Restart confirmed.' },
    });
    expect(derivePage('restart', resumed, false)).toBe('resumed');
    expect(derivePage('resumed', resumed, true)).toBe('install');
    expect(derivePage('restart', { ...resumed, needsPassword: true }, true)).toBe('resumed');
  });
  it('goes to Validate when the run succeeds, and stays on Done once there', () => {
    expect(derivePage('install', idleState({ phase: 'succeeded' }), true)).toBe('validate');
    expect(derivePage('done', idleState({ phase: 'succeeded' }), true)).toBe('done');
  });
  it('keeps a failed run on Install (its troubleshooting card)', () => {
    expect(derivePage('install', idleState({ phase: 'failed' }), true)).toBe('install');
  });
  it('puts Restart and Welcome back under Install in the rail', () => {
    expect(railOf('restart')).toBe('install');
    expect(railOf('resumed')).toBe('install');
  });
});
