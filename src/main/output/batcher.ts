/**
 * Terminal output batching with acknowledgement-based flow control. Pure Node (no electron import):
 * the Electron main process, the browser rehearsal's server and the benchmark all use this one
 * implementation.
 *
 * - Output is gathered for at most FLUSH_INTERVAL_MS, or until MAX_BATCH_CHARS, then sent as one
 *   message (one IPC/WebSocket frame per frame's worth of output instead of one per pty read).
 * - Bytes are decoded with a StringDecoder, so a UTF-8 character split across two reads stays whole;
 *   a batch never splits a UTF-16 surrogate pair either.
 * - Every batch has a sequence number; the consumer acknowledges it once xterm has written it
 *   (acknowledgements are cumulative). Two gates, with hysteresis:
 *   consumer side: no batch is sent while HIGH_WATERMARK_CHARS are unacknowledged, until fewer than
 *   LOW_WATERMARK_CHARS are (so the renderer never has more than about HIGH queued);
 *   producer side: `onPause` when sent-but-unacknowledged plus waiting output passes the high
 *   watermark, `onResume` once it falls below the low one (node-pty's pause()/resume()).
 */
import { StringDecoder } from 'node:string_decoder';

/** One animation frame: the renderer cannot show output faster than this anyway. */
export const FLUSH_INTERVAL_MS = 16;
/** A batch is sent early at this size (within the 64-200 KB that keeps one frame's work small). */
export const MAX_BATCH_CHARS = 128 * 1024;
/** Stop sending, and pause the producer, above this many unacknowledged chars (xterm: stay under 500 KB). */
export const HIGH_WATERMARK_CHARS = 384 * 1024;
/** Send again, and resume the producer, once unacknowledged chars fall below this. */
export const LOW_WATERMARK_CHARS = 64 * 1024;

export interface Batch<Tag> {
  seq: number;
  data: string;
  /** The stream the batch belongs to (e.g. a step id); one batch never mixes two. */
  key: string | undefined;
  /** Producer tags of the writes that end in this batch (e.g. the engine's chunk numbers). */
  tags: Tag[];
}

export interface BatcherOptions<Tag> {
  send(batch: Batch<Tag>): void;
  /** Too much output is unacknowledged: stop reading from the source. */
  onPause?(): void;
  /** The consumer caught up: read again. */
  onResume?(): void;
  /** The consumer acknowledged batches carrying these tags (in order). */
  onAcked?(tags: Tag[]): void;
  flushIntervalMs?: number;
  maxBatchChars?: number;
  highWatermarkChars?: number;
  lowWatermarkChars?: number;
}

interface Segment<Tag> {
  text: string;
  key: string | undefined;
  tag: Tag | undefined;
}

export class OutputBatcher<Tag = never> {
  private readonly decoder = new StringDecoder('utf8');
  private readonly send: BatcherOptions<Tag>['send'];
  private readonly hooks: Pick<BatcherOptions<Tag>, 'onPause' | 'onResume' | 'onAcked'>;
  private readonly flushIntervalMs: number;
  private readonly maxBatchChars: number;
  private readonly high: number;
  private readonly low: number;
  private queue: Segment<Tag>[] = [];
  private pendingChars = 0;
  private readonly inFlight = new Map<number, { chars: number; tags: Tag[] }>();
  private inFlightChars = 0;
  private nextSeq = 1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private blocked = false;
  private producerPaused = false;
  private disposed = false;

  constructor(options: BatcherOptions<Tag>) {
    this.send = options.send;
    this.hooks = options;
    this.flushIntervalMs = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.maxBatchChars = options.maxBatchChars ?? MAX_BATCH_CHARS;
    this.high = options.highWatermarkChars ?? HIGH_WATERMARK_CHARS;
    this.low = options.lowWatermarkChars ?? LOW_WATERMARK_CHARS;
    if (this.low >= this.high) throw new Error('The low watermark must be below the high watermark.');
    if (this.maxBatchChars < 2) throw new Error('A batch must hold at least two chars.');
  }

  /** Chars sent or waiting to be sent that the consumer has not acknowledged yet. */
  get unackedChars(): number {
    return this.inFlightChars + this.pendingChars;
  }

  /** true while the producer is asked to pause. */
  get paused(): boolean {
    return this.producerPaused;
  }

  write(chunk: string | Uint8Array, meta: { key?: string; tag?: Tag } = {}): void {
    if (this.disposed) return;
    const text =
      typeof chunk === 'string'
        ? chunk
        : this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text.length === 0 && meta.tag === undefined) return;
    this.queue.push({ text, key: meta.key, tag: meta.tag });
    this.pendingChars += text.length;
    if (this.pendingChars >= this.maxBatchChars) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
    this.checkProducer();
  }

  /** Sends what is waiting now, as far as the consumer gate allows. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0 && !this.blocked) {
      this.sendOne();
      if (this.inFlightChars >= this.high) this.blocked = true;
    }
    this.checkProducer();
  }

  /** Ends the stream: emits a trailing partial character (as U+FFFD) and flushes. */
  end(): void {
    const rest = this.decoder.end();
    if (rest) {
      this.queue.push({ text: rest, key: this.queue.at(-1)?.key, tag: undefined });
      this.pendingChars += rest.length;
    }
    this.flush();
  }

  /** The consumer wrote every batch up to and including `seq`. */
  ack(seq: number): void {
    const acked: Tag[] = [];
    for (const [s, entry] of this.inFlight) {
      if (s > seq) break; // a Map iterates in insertion order, which is seq order
      this.inFlight.delete(s);
      this.inFlightChars -= entry.chars;
      acked.push(...entry.tags);
    }
    if (acked.length > 0) this.hooks.onAcked?.(acked);
    if (this.blocked && this.inFlightChars < this.low) {
      this.blocked = false;
      this.flush();
    }
    this.checkProducer();
  }

  /** The consumer went away: nothing in flight will be acknowledged, so release it all. */
  releaseAll(): void {
    this.ack(Number.MAX_SAFE_INTEGER);
  }

  /** Drops output that has not been sent (the log on disk keeps it all). */
  discardPending(): void {
    this.queue = [];
    this.pendingChars = 0;
    this.checkProducer();
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.disposed = true;
  }

  /** Takes up to maxBatchChars of one key from the front of the queue and sends it. */
  private sendOne(): void {
    const key = this.queue[0]?.key;
    const parts: string[] = [];
    const tags: Tag[] = [];
    let size = 0;
    while (this.queue.length > 0 && this.queue[0]?.key === key && size < this.maxBatchChars) {
      const seg = this.queue[0] as Segment<Tag>;
      const room = this.maxBatchChars - size;
      if (seg.text.length <= room) {
        parts.push(seg.text);
        size += seg.text.length;
        if (seg.tag !== undefined) tags.push(seg.tag);
        this.queue.shift();
      } else {
        let cut = room;
        const code = seg.text.charCodeAt(cut);
        if (code >= 0xdc00 && code <= 0xdfff) cut -= 1; // never split a surrogate pair
        if (cut <= 0) break;
        parts.push(seg.text.slice(0, cut));
        size += cut;
        seg.text = seg.text.slice(cut);
        break;
      }
    }
    this.pendingChars -= size;
    const seq = this.nextSeq++;
    // Registered before send(), so a consumer that acknowledges synchronously is handled.
    this.inFlight.set(seq, { chars: size, tags });
    this.inFlightChars += size;
    this.send({ seq, data: parts.join(''), key, tags });
  }

  private checkProducer(): void {
    const unacked = this.unackedChars;
    if (!this.producerPaused && unacked > this.high) {
      this.producerPaused = true;
      this.hooks.onPause?.();
    } else if (this.producerPaused && unacked < this.low) {
      this.producerPaused = false;
      this.hooks.onResume?.();
    }
  }
}
