/**
 * Secret redaction for the diagnostics bundle, as a stream: a 50 MB log passes through in 64 KB
 * chunks and never exists as one string.
 *
 * Each secret is removed in the forms it commonly takes in logs and JSON: as typed (UTF-8 and
 * UTF-16LE), URL-encoded, JSON-escaped, and base64 (standard and URL-safe, at any alignment inside
 * a longer base64 run, e.g. a Basic auth header).
 */
import { Transform, type TransformCallback } from 'node:stream';

export const REDACTION_MARK = '[REDACTED]';
/** Base64 fragments shorter than this would match ordinary text; the full encodings are always used. */
const MIN_BASE64_FRAGMENT = 6;

function base64Fragments(bytes: Buffer): string[] {
  const out: string[] = [];
  const n = bytes.length;
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    // Drop the characters that mix in the k filler bytes, and the last, partial one.
    const core = b64.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + n)) / 6));
    if (core.length >= MIN_BASE64_FRAGMENT) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Every byte sequence a secret is redacted as, longest first. */
export function secretVariants(secrets: readonly string[]): Buffer[] {
  const variants = new Map<string, Buffer>();
  const add = (buf: Buffer) => {
    if (buf.length > 0) variants.set(buf.toString('latin1'), buf);
  };
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue;
    const utf8 = Buffer.from(secret, 'utf8');
    add(utf8);
    add(Buffer.from(secret, 'utf16le'));
    add(Buffer.from(encodeURIComponent(secret), 'latin1'));
    add(Buffer.from(encodeURIComponent(secret).replace(/%20/g, '+'), 'latin1'));
    add(Buffer.from(JSON.stringify(secret).slice(1, -1), 'utf8'));
    const b64 = utf8.toString('base64');
    add(Buffer.from(b64, 'latin1'));
    add(Buffer.from(b64.replace(/=+$/, ''), 'latin1'));
    add(Buffer.from(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'latin1'));
    for (const fragment of base64Fragments(utf8)) add(Buffer.from(fragment, 'latin1'));
  }
  return [...variants.values()].sort((a, b) => b.length - a.length);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A compiled set of secrets; build once per bundle, then make one stream per entry. */
export class Redactor {
  readonly maxLength: number;
  private readonly pattern: RegExp | null;

  constructor(secrets: readonly string[]) {
    const variants = secretVariants(secrets);
    this.maxLength = variants[0]?.length ?? 0;
    // Bytes as latin1 characters: one char per byte, so matching is byte-exact for every encoding.
    this.pattern = variants.length
      ? new RegExp(variants.map((v) => escapeRegex(v.toString('latin1'))).join('|'), 'g')
      : null;
  }

  /**
   * Redacts `text` (latin1-as-bytes). With `final` false, matches that could still grow into a
   * longer variant with more input are left for the next call: the unprocessed tail is returned.
   */
  scan(text: string, final: boolean): { out: string; rest: string; count: number } {
    if (!this.pattern) return { out: text, rest: '', count: 0 };
    const limit = final ? text.length : Math.max(0, text.length - (this.maxLength - 1));
    const re = new RegExp(this.pattern.source, 'g');
    let out = '';
    let pos = 0;
    let count = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // A match starting before `limit` has all its bytes here (limit + maxLength - 1 <= length).
      if (m.index >= limit) break;
      out += text.slice(pos, m.index) + REDACTION_MARK;
      pos = m.index + m[0].length;
      count++;
    }
    if (pos < limit) {
      out += text.slice(pos, limit);
      pos = limit;
    }
    return { out, rest: text.slice(pos), count };
  }

  /** Redacts a whole buffer (for the small in-memory entries). */
  redactBuffer(buf: Buffer): { data: Buffer; count: number } {
    const { out, count } = this.scan(buf.toString('latin1'), true);
    return { data: Buffer.from(out, 'latin1'), count };
  }

  redactString(text: string): string {
    return this.redactBuffer(Buffer.from(text, 'utf8')).data.toString('utf8');
  }

  stream(options: { prefix?: string; skipLeadingContinuationBytes?: boolean } = {}): RedactStream {
    return new RedactStream(this, options);
  }
}

/** One entry's pass through the redactor. `count` is the number of redactions once it has ended. */
export class RedactStream extends Transform {
  count = 0;
  bytesOut = 0;
  private carry = '';
  private started = false;

  constructor(
    private readonly redactor: Redactor,
    private readonly options: { prefix?: string; skipLeadingContinuationBytes?: boolean },
  ) {
    super();
  }

  private pushText(text: string): void {
    if (text === '') return;
    const buf = Buffer.from(text, 'latin1');
    this.bytesOut += buf.length;
    this.push(buf);
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!this.started) {
      this.started = true;
      if (this.options.prefix) buf = Buffer.concat([Buffer.from(this.options.prefix, 'utf8'), this.skip(buf)]);
      else buf = this.skip(buf);
    }
    const { out, rest, count } = this.redactor.scan(this.carry + buf.toString('latin1'), false);
    this.count += count;
    this.carry = rest;
    this.pushText(out);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.started && this.options.prefix) this.carry = Buffer.from(this.options.prefix, 'utf8').toString('latin1');
    const { out, count } = this.redactor.scan(this.carry, true);
    this.count += count;
    this.carry = '';
    this.pushText(out);
    done();
  }

  /** A tail read starts mid-file: drop UTF-8 continuation bytes so the entry starts on a character. */
  private skip(buf: Buffer): Buffer {
    if (!this.options.skipLeadingContinuationBytes) return buf;
    let i = 0;
    while (i < buf.length && i < 3 && ((buf[i] ?? 0) & 0xc0) === 0x80) i++;
    return buf.subarray(i);
  }
}
