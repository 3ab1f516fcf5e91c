/**
 * Turning error codes and output text into comparable signatures.
 *
 * Codes are matched before text because codes are never translated: `0x800701bc`, `Wsl/...`,
 * `HCS_E_...` read the same on a French PC, while the sentence around them does not. Everything
 * here is lower-case, so matching is case-insensitive.
 */

const UINT32 = 2 ** 32;

/** A Win32 error written as a bare number (`0x1bc`) is the low word of HRESULT_FROM_WIN32 (`0x800701bc`). */
function hresultFromWin32(value: number): number {
  return (0x80070000 | (value & 0xffff)) >>> 0;
}

function hexKey(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** Installers' negative exit codes arrive as unsigned 32-bit numbers (-5 as 4294967291): fold both to signed. */
export function signedExitCode(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (value >= 0x80000000 && value < UINT32) return value - UINT32;
  return value;
}

function exitKeys(raw: string): string[] {
  const value = raw.toLowerCase().startsWith('0x') ? Number.parseInt(raw, 16) : Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) return [];
  const signed = signedExitCode(value);
  const keys = [`exit:${signed}`];
  // A negative exit code from wsl.exe and friends is an HRESULT (e.g. -2147024452 = 0x800701bc).
  if (signed < 0 && signed >>> 0 >= 0x80000000 && signed !== -1) keys.push(hexKey(signed));
  return keys;
}

function hexKeys(raw: string): string[] {
  const value = Number.parseInt(raw, 16);
  if (!Number.isFinite(value)) return [];
  const keys = [hexKey(value)];
  if (value > 0 && value <= 0xffff) keys.push(hexKey(hresultFromWin32(value)));
  return keys;
}

/** `Wsl/Service/CreateVm/HCS_E_X` → the full path, each prefix path and each segment. */
function wslPathKeys(raw: string): string[] {
  const segments = raw.replace(/\/+$/, '').split('/').filter(Boolean);
  const keys = new Set<string>();
  for (let i = 1; i <= segments.length; i++) keys.add(segments.slice(0, i).join('/').toLowerCase());
  for (const segment of segments.slice(1)) {
    for (const key of codeKeys(segment)) keys.add(key);
  }
  return [...keys];
}

/** Every key a code can be matched by. Accepts `exit:1603`, `0x1bc`, `Wsl/...`, `HCS_E_...`, `1603`. */
export function codeKeys(code: string): string[] {
  const trimmed = code.trim();
  if (trimmed === '') return [];
  const exit = /^exit:\s*(-?\d+|0x[0-9a-f]+)$/i.exec(trimmed);
  if (exit?.[1]) return exitKeys(exit[1]);
  if (/^0x[0-9a-f]{1,8}$/i.test(trimmed)) return hexKeys(trimmed);
  if (/^-?\d+$/.test(trimmed)) return exitKeys(trimmed);
  if (/^wsl\//i.test(trimmed)) return wslPathKeys(trimmed);
  return [trimmed.toLowerCase()];
}

/**
 * The one key a catalog entry's code is stored under. A short Win32 code in the catalog means its
 * HRESULT, so that `0x1bc` in the catalog and `0x800701bc` in the output meet.
 */
export function canonicalCode(code: string): string {
  const trimmed = code.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(trimmed)) {
    const value = Number.parseInt(trimmed, 16);
    return hexKey(value > 0 && value <= 0xffff ? hresultFromWin32(value) : value);
  }
  const keys = codeKeys(trimmed);
  if (/^wsl\//i.test(trimmed)) return trimmed.replace(/\/+$/, '').toLowerCase();
  return keys[0] ?? trimmed.toLowerCase();
}

const TEXT_CODE_PATTERNS: readonly RegExp[] = [
  /\bWsl\/[A-Za-z0-9_/]+/g,
  /\b0x[0-9a-fA-F]{1,8}\b/g,
  /\b[A-Z][A-Z0-9]*_E_[A-Z0-9_]+\b/g,
  /\bERROR_[A-Z0-9_]{3,}\b/g,
];
// "exit code: 1603", "Exit code was '1618'", "exited 1618", "exit status 0xffffffff", "exit code 4294967291".
const TEXT_EXIT_PATTERN =
  /\bexit(?:ed)?(?:\s+with)?(?:\s+(?:code|status))?(?:\s+was)?\s*[:=]?\s*\(?\s*['"]?(-?\d{1,10}|0x[0-9a-fA-F]{1,8})\b/gi;

/** The codes an output mentions, in order of appearance, as match keys. */
export function codesInText(text: string): string[] {
  const found: { at: number; keys: string[] }[] = [];
  const clean = text.replaceAll('\u0000', '');
  for (const pattern of TEXT_CODE_PATTERNS) {
    for (const m of clean.matchAll(pattern)) found.push({ at: m.index ?? 0, keys: codeKeys(m[0]) });
  }
  for (const m of clean.matchAll(TEXT_EXIT_PATTERN)) {
    if (m[1]) found.push({ at: m.index ?? 0, keys: exitKeys(m[1]) });
  }
  found.sort((a, b) => a.at - b.at);
  const keys = new Set<string>();
  for (const f of found) for (const k of f.keys) keys.add(k);
  return [...keys];
}

/**
 * Output text as the patterns see it: NULs from mis-decoded UTF-16 gone, escaped `\r\n` and `\"`
 * from log lines unescaped, every run of whitespace (incl. U+00A0 and CR CR LF) one space.
 */
export function normalizeText(text: string): string {
  return text
    .replaceAll('\u0000', '')
    .replace(/\\r\\n|\\n|\\r/g, ' ')
    .replace(/\\"/g, '"')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}
