import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogBatch } from '../../src/common/ipc';
import { createLogPipe } from '../../src/main/output/log-pipe';
import { createFakeService } from '../helpers/fake-service';

describe('log pipe (engine → batcher → consumer)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('batches engine chunks per step and tells the engine which chunks were shown', () => {
    const service = createFakeService();
    const pipe = createLogPipe(service);
    const got: LogBatch[] = [];
    pipe.attach((b) => got.push(b));
    service.emitLog({ stepId: 'features', seq: 1, data: 'Enabling ' });
    service.emitLog({ stepId: 'features', seq: 2, data: 'VirtualMachinePlatform\r\n' });
    service.emitLog({ stepId: 'distro', seq: 3, data: 'Installing Ubuntu\r\n' });
    vi.advanceTimersByTime(20);
    expect(got.map((b) => [b.stepId, b.data])).toEqual([
      ['features', 'Enabling VirtualMachinePlatform\r\n'],
      ['distro', 'Installing Ubuntu\r\n'],
    ]);
    expect(service.acked).toEqual([]);
    pipe.ack(got[0]?.seq ?? 0);
    expect(service.acked).toEqual([1, 2]);
    pipe.ack(got[1]?.seq ?? 0);
    expect(service.acked).toEqual([1, 2, 3]);
  });

  it('holds output back while the consumer is behind, and releases it when it detaches', () => {
    const service = createFakeService();
    const pipe = createLogPipe(service, { maxBatchChars: 100, highWatermarkChars: 300, lowWatermarkChars: 100 });
    const got: LogBatch[] = [];
    pipe.attach((b) => got.push(b));
    for (let i = 0; i < 10; i++) service.emitLog({ stepId: 'distro', seq: i, data: 'x'.repeat(100) });
    expect(got).toHaveLength(3);
    pipe.detach(); // window reloaded: nobody will acknowledge these
    expect(service.acked).toHaveLength(10);
  });

  it('acknowledges by itself while no one is watching', () => {
    const service = createFakeService();
    createLogPipe(service);
    service.emitLog({ stepId: 'preflight', seq: 1, data: 'hello' });
    vi.advanceTimersByTime(20);
    expect(service.acked).toEqual([1]);
  });
});
