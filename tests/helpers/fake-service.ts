/** A stand-in SetupService for unit tests of the IPC layer and the renderer (never for the demo or e2e). */
import type { LogChunk, Plan, RunState, StepId, SystemCheck, ValidationCheck } from '../../src/common/contract';
import { STEP_IDS } from '../../src/common/contract';
import type { SetupService } from '../../src/common/service';

export function idleState(patch: Partial<RunState> = {}): RunState {
  return {
    runId: null,
    phase: 'idle',
    steps: STEP_IDS.map((id) => ({ id, title: id, status: 'waiting', changed: false, summary: '', attempts: 0 })),
    options: null,
    reboots: 0,
    startedAt: null,
    finishedAt: null,
    currentStep: null,
    restart: null,
    resumed: null,
    validation: [],
    diagnosis: null,
    message: '',
    needsPassword: false,
    simulated: true,
    ...patch,
  };
}

export interface FakeService extends SetupService {
  calls: { method: string; args: unknown[] }[];
  emitLog(chunk: LogChunk): void;
  emitState(state: RunState): void;
  acked: number[];
}

export function createFakeService(): FakeService {
  const logL = new Set<(c: LogChunk) => void>();
  const stateL = new Set<(s: RunState) => void>();
  const calls: { method: string; args: unknown[] }[] = [];
  const acked: number[] = [];
  let state = idleState();
  const rec =
    <T>(method: string, value: () => T) =>
    async (...args: unknown[]): Promise<T> => {
      calls.push({ method, args });
      return value();
    };
  return {
    calls,
    acked,
    emitLog: (c) => {
      for (const l of logL) l(c);
    },
    emitState: (s) => {
      state = s;
      for (const l of stateL) l(s);
    },
    getState: () => state,
    preflight: rec<SystemCheck[]>('preflight', () => [
      { id: 'build', title: 'Windows build', status: 'pass', observed: '19041', why: 'WSL 2 needs 19041.' },
    ]),
    plan: rec<Plan>('plan', () => ({ steps: [], restartExpected: true })),
    start: rec<RunState>('start', () => state),
    resume: rec<RunState>('resume', () => state),
    cancel: rec<RunState>('cancel', () => state),
    restartNow: rec<RunState>('restartNow', () => state),
    restartLater: rec<RunState>('restartLater', () => state),
    revalidate: rec<ValidationCheck[]>('revalidate', () => []),
    runFix: rec<RunState>('runFix', () => state),
    exportDiagnostics: rec<string>('exportDiagnostics', () => '/tmp/d.zip'),
    stepLog: rec<string>('stepLog', () => 'log of step'),
    dataDir: () => '/tmp/data',
    onState: (l) => {
      stateL.add(l);
      return () => stateL.delete(l);
    },
    onLog: (l) => {
      logL.add(l);
      return () => logL.delete(l);
    },
    ackLog: (seq) => {
      acked.push(seq);
    },
  };
}

export const ALL_STEPS: readonly StepId[] = STEP_IDS;
