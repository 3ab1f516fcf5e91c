/** The wizard's view of the engine: "Later" is safe, "Restart now" resumes through the logon task. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogChunk } from '../../src/common/contract';
import { createSetupService } from '../../src/engine/service';
import { tempDir } from '../cli/helpers';

const PASSWORD = 'Service-Canary-77';

describe('setup service on fresh-win10-2004', () => {
  const dir = tempDir('svc-');
  const statePath = path.join(dir, 'pc.json');
  const dataDir = path.join(dir, 'data');
  const options = { distroUser: 'dev' };

  it('stops for the restart; "Later" keeps it pending, even after the app is closed and opened again', async () => {
    const service = await createSetupService({ simulate: { scenario: 'fresh-win10-2004', statePath }, dataDir });
    const logs: LogChunk[] = [];
    service.onLog((c) => {
      logs.push(c);
      service.ackLog(c.seq);
    });
    const state = await service.start(options, PASSWORD);
    expect(state.phase).toBe('reboot-required');
    expect(state.restart?.reason).toMatch(/restart/i);
    expect(logs.length).toBeGreaterThan(5);
    expect((await service.restartLater()).phase).toBe('reboot-required');

    const reopened = await createSetupService({ simulate: { scenario: 'fresh-win10-2004', statePath }, dataDir });
    const again = reopened.getState();
    expect(again.phase).toBe('reboot-required');
    expect(again.message).toMatch(/still needed/);
  });

  it('"Restart now" restarts the simulated PC and continues only through the registered logon task', async () => {
    const service = await createSetupService({ simulate: { scenario: 'fresh-win10-2004', statePath }, dataDir });
    // The task is gone (someone deleted it): the restart happens, nothing resumes.
    const saved = readFileSync(statePath, 'utf8');
    const s = JSON.parse(saved);
    const task = s.scheduledTasks;
    s.scheduledTasks = [];
    writeFileSync(statePath, JSON.stringify(s));
    expect((await service.restartNow()).phase).toBe('reboot-required');

    // Put the task back and restart again: the logon task resumes the run, which asks for the
    // password again (it was never stored) and then finishes.
    const s2 = JSON.parse(readFileSync(statePath, 'utf8'));
    s2.scheduledTasks = task;
    writeFileSync(statePath, JSON.stringify(s2));
    const seen: boolean[] = [];
    service.onState((st) => {
      if (st.needsPassword) seen.push(true);
    });
    const running = service.restartNow();
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (service.getState().needsPassword) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    expect(seen.length).toBeGreaterThan(0);
    await service.resume(PASSWORD);
    const end = await running;
    expect(end.phase).toBe('succeeded');
    expect(end.resumed?.confirmed).toBe(true);
    expect(end.validation.every((c) => c.status === 'pass')).toBe(true);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).scheduledTasks).toEqual([]);
    expect(readFileSync(statePath, 'utf8').includes(PASSWORD)).toBe(false);
  });

  it('rejects a bad option or password before anything runs', async () => {
    const service = await createSetupService({
      simulate: { scenario: 'fresh-win10-2004', statePath: path.join(dir, 'other.json') },
      dataDir: path.join(dir, 'd2'),
    });
    await expect(service.start({ distroUser: 'Root Admin' }, PASSWORD)).rejects.toThrow(/distroUser|characters/);
    await expect(service.start(options, 'line\nbreak')).rejects.toThrow(/line break/);
    expect(service.getState().phase).toBe('idle');
  });
});
