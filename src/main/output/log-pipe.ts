/**
 * Carries the engine's step output to one consumer (the Electron window, or the rehearsal's browser
 * tab) through the batcher. The consumer acknowledges each batch after xterm wrote it; while it is
 * behind, output waits here (the batcher's consumer gate) and the engine is told through `ackLog`
 * which of its chunks have been shown, so an engine that pauses its pty can do so.
 */
import { type LogChunk, STEP_IDS, type StepId } from '../../common/contract';
import type { LogBatch } from '../../common/ipc';
import type { SetupService } from '../../common/service';
import { type BatcherOptions, OutputBatcher } from './batcher';

export type LogConsumer = (batch: LogBatch) => void;

export interface LogPipe {
  /** Sends batches to `consumer` from now on (replacing any earlier consumer). */
  attach(consumer: LogConsumer): void;
  /** The consumer is gone (window reloaded, socket closed): unacknowledged output is released. */
  detach(): void;
  ack(seq: number): void;
  dispose(): void;
}

export type LogPipeTuning = Pick<
  BatcherOptions<number>,
  'flushIntervalMs' | 'maxBatchChars' | 'highWatermarkChars' | 'lowWatermarkChars'
>;

const isStepId = (k: string | undefined): k is StepId => (STEP_IDS as readonly string[]).includes(k ?? '');

export function createLogPipe(service: Pick<SetupService, 'onLog' | 'ackLog'>, tuning: LogPipeTuning = {}): LogPipe {
  let consumer: LogConsumer | null = null;
  const batcher: OutputBatcher<number> = new OutputBatcher<number>({
    ...tuning,
    send: ({ seq, data, key }) => {
      if (consumer && isStepId(key)) consumer({ seq, stepId: key, data });
      else batcher.ack(seq); // nobody watching: the log on disk has it all
    },
    onAcked: (engineSeqs) => {
      for (const s of engineSeqs) service.ackLog(s);
    },
  });
  const unsubscribe = service.onLog((chunk: LogChunk) => {
    batcher.write(chunk.data, { key: chunk.stepId, tag: chunk.seq });
  });
  return {
    attach(next) {
      if (consumer) batcher.releaseAll();
      consumer = next;
    },
    detach() {
      consumer = null;
      batcher.releaseAll();
    },
    ack(seq) {
      batcher.ack(seq);
    },
    dispose() {
      unsubscribe();
      batcher.dispose();
      consumer = null;
    },
  };
}
