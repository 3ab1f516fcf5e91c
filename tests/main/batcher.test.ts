import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type Batch,
  FLUSH_INTERVAL_MS,
  HIGH_WATERMARK_CHARS,
  LOW_WATERMARK_CHARS,
  MAX_BATCH_CHARS,
  OutputBatcher,
} from '../../src/main/output/batcher';

function collect<Tag = never>(opts: Partial<ConstructorParameters<typeof OutputBatcher<Tag>>[0]> = {}) {
  const batches: Batch<Tag>[] = [];
  const events: string[] = [];
  const b = new OutputBatcher<Tag>({
    send: (batch) => batches.push(batch),
    onPause: () => events.push('pause'),
    onResume: () => events.push('resume'),
    ...opts,
  });
  return { b, batches, events };
}

describe('OutputBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('has tuning constants inside the ranges the design asks for', () => {
    expect(FLUSH_INTERVAL_MS).toBe(16);
    expect(MAX_BATCH_CHARS).toBeGreaterThanOrEqual(64 * 1024);
    expect(MAX_BATCH_CHARS).toBeLessThanOrEqual(200 * 1024);
    expect(HIGH_WATERMARK_CHARS).toBeLessThan(500 * 1024);
    expect(LOW_WATERMARK_CHARS).toBeLessThan(HIGH_WATERMARK_CHARS);
  });

  it('gathers small writes into one batch per 16 ms', () => {
    const { b, batches } = collect();
    b.write('a');
    b.write('b');
    b.write('c');
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS);
    expect(batches).toEqual([{ seq: 1, data: 'abc', key: undefined, tags: [] }]);
  });

  it('sends early when a batch reaches the size cap, and never exceeds it', () => {
    const { b, batches } = collect({ maxBatchChars: 10, highWatermarkChars: 1000, lowWatermarkChars: 10 });
    b.write('x'.repeat(25));
    expect(batches.map((x) => x.data.length)).toEqual([10, 10, 5]);
    expect(batches.map((x) => x.seq)).toEqual([1, 2, 3]);
  });

  it('keeps a UTF-8 character whole when a read splits it', () => {
    const { b, batches } = collect();
    const bytes = Buffer.from('Grüße 🐶', 'utf8');
    const dog = bytes.indexOf(0xf0);
    b.write(bytes.subarray(0, 3)); // "Gr" + first byte of "ü"
    b.write(bytes.subarray(3, dog + 2)); // rest of ü ... half the dog
    b.write(bytes.subarray(dog + 2));
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS);
    expect(batches.map((x) => x.data).join('')).toBe('Grüße 🐶');
    expect(batches.map((x) => x.data).join('')).not.toContain('\ufffd');
  });

  it('never splits a surrogate pair across batches', () => {
    const { b, batches } = collect({ maxBatchChars: 5, highWatermarkChars: 1000, lowWatermarkChars: 10 });
    b.write('abcd🐶efgh'); // the dog is chars 4-5
    b.flush();
    for (const batch of batches) {
      const last = batch.data.charCodeAt(batch.data.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }
    expect(batches.map((x) => x.data).join('')).toBe('abcd🐶efgh');
  });

  it('never mixes two keys (steps) in one batch', () => {
    const { b, batches } = collect();
    b.write('one', { key: 'features' });
    b.write('two', { key: 'distro' });
    b.flush();
    expect(batches.map((x) => [x.key, x.data])).toEqual([
      ['features', 'one'],
      ['distro', 'two'],
    ]);
  });

  it('stops sending above the high watermark and sends again below the low one', () => {
    const { b, batches } = collect({ maxBatchChars: 100, highWatermarkChars: 300, lowWatermarkChars: 100 });
    b.write('x'.repeat(1000));
    // 3 batches reach the high watermark; the rest waits for acknowledgements.
    expect(batches).toHaveLength(3);
    b.ack(1);
    expect(batches).toHaveLength(3); // 200 unacknowledged: not below the low watermark yet
    b.ack(3);
    expect(batches).toHaveLength(6);
    b.ack(6);
    b.ack(9);
    b.ack(10);
    expect(batches.map((x) => x.data).join('')).toHaveLength(1000);
    expect(b.unackedChars).toBe(0);
  });

  it('pauses the producer above the high watermark and resumes it below the low one', () => {
    const { b, batches, events } = collect({ maxBatchChars: 100, highWatermarkChars: 300, lowWatermarkChars: 100 });
    for (let i = 0; i < 4; i++) b.write('y'.repeat(100));
    expect(events).toEqual(['pause']);
    expect(b.paused).toBe(true);
    b.ack(batches.at(-1)?.seq ?? 0);
    b.ack(batches.at(-1)?.seq ?? 0);
    expect(events).toEqual(['pause', 'resume']);
    expect(b.paused).toBe(false);
  });

  it('acknowledgements are cumulative and report the tags of acknowledged writes in order', () => {
    const acked: number[] = [];
    const { b, batches } = collect<number>({ onAcked: (tags) => acked.push(...tags) });
    b.write('a', { tag: 1 });
    b.flush();
    b.write('b', { tag: 2 });
    b.write('c', { tag: 3 });
    b.flush();
    expect(batches.map((x) => x.tags)).toEqual([[1], [2, 3]]);
    b.ack(2);
    expect(acked).toEqual([1, 2, 3]);
    b.ack(2); // a repeated ack changes nothing
    expect(acked).toEqual([1, 2, 3]);
  });

  it('releases everything when the consumer goes away', () => {
    const { b, events } = collect({ maxBatchChars: 100, highWatermarkChars: 300, lowWatermarkChars: 100 });
    b.write('z'.repeat(1000));
    expect(events).toEqual(['pause']);
    let rounds = 0;
    while (b.unackedChars > 0 && rounds++ < 20) b.releaseAll(); // each release lets the waiting output go
    expect(b.unackedChars).toBe(0);
    expect(events.at(-1)).toBe('resume');
  });

  it('tolerates a consumer that acknowledges from inside send()', () => {
    let b!: OutputBatcher;
    const seen: string[] = [];
    b = new OutputBatcher({
      send: (batch) => {
        seen.push(batch.data);
        b.ack(batch.seq);
      },
      maxBatchChars: 4,
      highWatermarkChars: 8,
      lowWatermarkChars: 2,
    });
    b.write('0123456789abcdef');
    expect(seen.join('')).toBe('0123456789abcdef');
    expect(b.unackedChars).toBe(0);
  });

  it('end() flushes a dangling partial character as U+FFFD', () => {
    const { b, batches } = collect();
    b.write(Buffer.from([0x61, 0xe2, 0x82])); // "a" + 2 of the 3 bytes of "€"
    b.end();
    expect(batches.map((x) => x.data).join('')).toBe('a\ufffd');
  });
});
