/**
 * Removes secrets from a stream of text, even when a secret is split across two chunks:
 * the last (longest secret length - 1) characters are held back until the next chunk or the end.
 */
export const REDACTED = '[redacted]';

export class StreamRedactor {
  private carry = '';
  private readonly hold: number;

  constructor(private readonly secrets: string[]) {
    this.hold = Math.max(0, ...secrets.map((s) => s.length - 1));
  }

  push(chunk: string): string {
    const text = redactText(this.carry + chunk, this.secrets);
    if (this.hold === 0) {
      this.carry = '';
      return text;
    }
    const cut = Math.max(0, text.length - this.hold);
    this.carry = text.slice(cut);
    return text.slice(0, cut);
  }

  flush(): string {
    const rest = redactText(this.carry, this.secrets);
    this.carry = '';
    return rest;
  }
}

export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    out = out.split(secret).join(REDACTED);
  }
  return out;
}
