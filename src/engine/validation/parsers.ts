/**
 * Pure parsers for the raw outputs the validate step collects (see docs/step-contract.md,
 * "validate facts"). Every parser takes text as the tool printed it and is lenient: an output it
 * does not understand gives `null` (or an empty list), never an exception.
 */

/**
 * Text as a parser wants it: BOM and NULs (UTF-16LE read as 8-bit) removed, CR CR LF / CRLF / CR as
 * LF, U+00A0 (French puts it before ':') as a plain space.
 */
export function cleanOutput(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .replace(/^\ufeff/, '')
    .replaceAll('\u0000', '')
    .replace(/\r+\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(/[\u00a0\u202f]/g, ' ');
}

function lines(text: string | null | undefined): string[] {
  return cleanOutput(text).split('\n');
}

// ---------------------------------------------------------------------------------------------
// wsl.exe

export interface WslDistro {
  name: string;
  state: string;
  version: number;
  isDefault: boolean;
}

/**
 * `wsl -l -v`. Header and states are English on every locale; column widths are not predictable
 * and the `*` default marker can be missing, so rows are split on whitespace (distro names have none).
 */
export function parseWslListVerbose(text: string | null | undefined): WslDistro[] {
  const distros: WslDistro[] = [];
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^(\*\s*)?(\S+)\s+([A-Za-z]+)\s+(\d)$/.exec(line);
    if (!m?.[2] || !m[3] || !m[4]) continue;
    if (m[2].toUpperCase() === 'NAME' && m[3].toUpperCase() === 'STATE') continue;
    distros.push({ name: m[2], state: m[3], version: Number(m[4]), isDefault: Boolean(m[1]) });
  }
  return distros;
}

/**
 * "Default Version" as wsl.exe prints it in each of its languages (microsoft/WSL
 * localization/strings/<lang>/Resources.resw, MessageStatusDefaultVersion), lower-cased, without ':'.
 */
const DEFAULT_VERSION_LABELS = new Set(
  [
    'Výchozí verze',
    'Standardversion',
    'Default Version',
    'Versión predeterminada',
    'Oletusversio',
    'Version par défaut',
    'Alapértelmezett verzió',
    'Versione predefinita',
    '既定のバージョン',
    '기본 버전',
    'Standardversjon',
    'Standaardversie',
    'Wersja domyślna',
    'Versão Padrão',
    'Versão predefinida',
    'Версия по умолчанию',
    'Varsayılan Sürüm',
    '默认版本',
    '預設版本',
    // Not wsl.exe itself: a PowerShell wrapper's `Key : Value` rendering (microsoft/WSL#9633).
    'DefaultVersion',
  ].map((l) => l.toLowerCase()),
);
const VERSION_WORDS = /version|versión|versio|verze|verzió|versie|wersja|versão|версия|sürüm|バージョン|버전|版本/i;

/** The default WSL version from `wsl --status` (any language), or null when it is not there. */
export function parseWslStatusDefaultVersion(text: string | null | undefined): 1 | 2 | null {
  const candidates: { label: string; value: 1 | 2 }[] = [];
  for (const raw of lines(text)) {
    const m = /^\s*(.+?)\s*[:：]\s*([12])\s*$/.exec(raw);
    if (!m?.[1] || !m[2]) continue;
    const label = m[1].replace(/\s+/g, ' ').trim();
    const value = Number(m[2]) as 1 | 2;
    if (DEFAULT_VERSION_LABELS.has(label.toLowerCase())) return value;
    candidates.push({ label, value });
  }
  const versionish = candidates.filter((c) => VERSION_WORDS.test(c.label));
  if (versionish.length === 1 && versionish[0]) return versionish[0].value;
  if (candidates.length === 1 && candidates[0]) return candidates[0].value;
  return null;
}

export type WslVersionInfo =
  | { kind: 'store'; wslVersion: string; kernelVersion: string | null; windowsVersion: string | null }
  | { kind: 'inbox' };

const VERSION_VALUE = /[:：]\s*(\d+\.\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)/g;

/**
 * `wsl --version`. The Store/MSI WSL prints seven `Label: value` lines (labels translated, or
 * flattened onto one line by some captures); the inbox wsl.exe rejects the option and prints usage.
 */
export function parseWslVersion(text: string | null | undefined): WslVersionInfo | null {
  const clean = cleanOutput(text);
  if (clean.trim() === '') return null;
  const wsl = /WSL version:\s*(\d+\.\d+\.\d+(?:\.\d+)?)/i.exec(clean)?.[1];
  if (wsl) {
    return {
      kind: 'store',
      wslVersion: wsl,
      kernelVersion: /Kernel version:\s*(\d[\w.+-]*)/i.exec(clean)?.[1] ?? null,
      windowsVersion: /Windows version:\s*(\d+(?:\.\d+)+)/i.exec(clean)?.[1] ?? null,
    };
  }
  // Translated labels: the values keep their order (WSL, kernel, WSLg, MSRDC, Direct3D, DXCore, Windows).
  const values = [...clean.matchAll(VERSION_VALUE)].map((m) => m[1]).filter((v): v is string => Boolean(v));
  if (values.length >= 2 && values[0]) {
    return {
      kind: 'store',
      wslVersion: values[0],
      kernelVersion: values[1] ?? null,
      windowsVersion: values.length >= 7 ? (values[values.length - 1] ?? null) : null,
    };
  }
  // The option name is never translated, even when the sentence around it is.
  if (/--version\b/.test(clean) || /Usage: wsl(\.exe)?\b/i.test(clean)) return { kind: 'inbox' };
  return null;
}

/** Compares dotted versions numerically ("2.10.0" > "2.9.1"); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// docker info / docker version

export interface DockerInfo {
  source: 'json' | 'text';
  serverVersion: string | null;
  osType: string | null;
  kernelVersion: string | null;
  operatingSystem: string | null;
  name: string | null;
  /** What the CLI reported instead of server facts (engine not reachable). */
  serverErrors: string[];
}

function firstJsonObject(text: string): unknown {
  const clean = cleanOutput(text);
  const start = clean.indexOf('{');
  const end = clean.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(clean.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function parseDockerInfoJson(text: string | null | undefined): DockerInfo | null {
  if (!text) return null;
  const obj = firstJsonObject(text);
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
  const o = obj as Record<string, unknown>;
  const errors = Array.isArray(o.ServerErrors) ? o.ServerErrors.filter((e): e is string => typeof e === 'string') : [];
  const info: DockerInfo = {
    source: 'json',
    serverVersion: str(o.ServerVersion),
    osType: str(o.OSType),
    kernelVersion: str(o.KernelVersion),
    operatingSystem: str(o.OperatingSystem),
    name: str(o.Name),
    serverErrors: errors,
  };
  if (!info.serverVersion && !info.osType && errors.length === 0 && !('ClientInfo' in o)) return null;
  return info;
}

const INFO_TEXT_KEYS: Record<
  string,
  keyof Pick<DockerInfo, 'serverVersion' | 'osType' | 'kernelVersion' | 'operatingSystem' | 'name'>
> = {
  'server version': 'serverVersion',
  ostype: 'osType',
  'kernel version': 'kernelVersion',
  'operating system': 'operatingSystem',
  name: 'name',
};

function parseDockerInfoText(text: string | null | undefined): DockerInfo | null {
  const all = lines(text);
  const serverAt = all.findIndex((l) => /^Server:\s*$/.test(l.trim()) || /^Server:/.test(l));
  // Very old CLIs and some pastes have no "Server:" header; fall back to the whole output.
  const body = serverAt >= 0 ? all.slice(serverAt + 1) : all;
  const info: DockerInfo = {
    source: 'text',
    serverVersion: null,
    osType: null,
    kernelVersion: null,
    operatingSystem: null,
    name: null,
    serverErrors: [],
  };
  for (const line of body) {
    const error = /^\s*ERROR:\s*(.+)$/.exec(line);
    if (error?.[1]) {
      info.serverErrors.push(error[1].trim());
      continue;
    }
    const kv = /^ {1,2}([A-Za-z][A-Za-z ]*?):\s+(\S.*)$/.exec(line);
    if (!kv?.[1] || !kv[2]) continue;
    const key = INFO_TEXT_KEYS[kv[1].toLowerCase()];
    if (key && info[key] === null) info[key] = kv[2].trim();
  }
  if (serverAt < 0 && !info.serverVersion && !info.osType) return null;
  if (!info.serverVersion && !info.osType && info.serverErrors.length === 0 && serverAt < 0) return null;
  return info;
}

/**
 * `docker info --format '{{json .}}'` first, then the text output of `docker info` as a fallback.
 * Returns whichever says more about the server, or null when neither is docker info output.
 */
export function parseDockerInfo(jsonOutput: string | null | undefined, textOutput?: string | null): DockerInfo | null {
  const fromJson = parseDockerInfoJson(jsonOutput);
  if (fromJson?.serverVersion || fromJson?.osType) return fromJson;
  const fromText = parseDockerInfoText(textOutput);
  if (fromText?.serverVersion || fromText?.osType) return fromText;
  return fromJson ?? fromText;
}

export interface DockerVersion {
  source: 'json' | 'text';
  client: { version: string | null; apiVersion: string | null; osArch: string | null; context: string | null } | null;
  server: {
    /** "Docker Desktop 4.89.0 (238018)" or "Docker Engine - Community". */
    platform: string | null;
    version: string | null;
    apiVersion: string | null;
    osArch: string | null;
    kernelVersion: string | null;
  } | null;
  /** The CLI's error when the engine did not answer (e.g. "error during connect: ..."). */
  error: string | null;
}

const ENGINE_ERROR =
  /^(error during connect|Cannot connect to the Docker daemon|Error response from daemon|.*\bpipe\/docker)/i;

function parseDockerVersionJson(text: string): DockerVersion | null {
  const obj = firstJsonObject(text);
  if (typeof obj !== 'object' || obj === null) return null;
  const o = obj as Record<string, unknown>;
  if (!('Client' in o) && !('Server' in o)) return null;
  const c = (typeof o.Client === 'object' && o.Client !== null ? o.Client : null) as Record<string, unknown> | null;
  const s = (typeof o.Server === 'object' && o.Server !== null ? o.Server : null) as Record<string, unknown> | null;
  const osArch = (x: Record<string, unknown>) => (str(x.Os) && str(x.Arch) ? `${str(x.Os)}/${str(x.Arch)}` : null);
  const platform = (x: Record<string, unknown>) =>
    typeof x.Platform === 'object' && x.Platform !== null ? str((x.Platform as Record<string, unknown>).Name) : null;
  const errorLine = lines(text).find((l) => ENGINE_ERROR.test(l.trim()));
  return {
    source: 'json',
    client: c
      ? { version: str(c.Version), apiVersion: str(c.ApiVersion), osArch: osArch(c), context: str(c.Context) }
      : null,
    server: s
      ? {
          platform: platform(s),
          version: str(s.Version),
          apiVersion: str(s.ApiVersion),
          osArch: osArch(s),
          kernelVersion: str(s.KernelVersion),
        }
      : null,
    error: errorLine?.trim() ?? null,
  };
}

function parseDockerVersionText(text: string): DockerVersion | null {
  type Section = 'client' | 'server';
  let section: Section = 'client';
  let sub = '';
  let sawAny = false;
  const client = {
    version: null as string | null,
    apiVersion: null as string | null,
    osArch: null as string | null,
    context: null as string | null,
  };
  let server: NonNullable<DockerVersion['server']> | null = null;
  let error: string | null = null;
  for (const line of lines(text)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (ENGINE_ERROR.test(trimmed)) {
      error ??= trimmed;
      continue;
    }
    const header = /^(Client|Server)\s*:\s*(.*)$/.exec(line);
    if (header) {
      section = header[1] === 'Server' ? 'server' : 'client';
      sub = '';
      if (section === 'server') {
        server = { platform: str(header[2]), version: null, apiVersion: null, osArch: null, kernelVersion: null };
      }
      sawAny = true;
      continue;
    }
    const subHeader = /^ ([A-Za-z][\w -]*):\s*$/.exec(line);
    if (subHeader?.[1]) {
      sub = subHeader[1].toLowerCase();
      continue;
    }
    const kv = /^\s+([A-Za-z/][A-Za-z/ ]*?):\s+(\S.*)$/.exec(line);
    if (!kv?.[1] || !kv[2]) continue;
    const key = kv[1].toLowerCase();
    const value = kv[2].trim();
    if (section === 'client') {
      if (key === 'version') client.version ??= value;
      else if (key === 'api version') client.apiVersion ??= value;
      else if (key === 'os/arch') client.osArch ??= value;
      else if (key === 'context') client.context ??= value;
      else continue;
      sawAny = true;
    } else if (server && (sub === 'engine' || sub === '')) {
      if (key === 'version') server.version ??= value;
      else if (key === 'api version') server.apiVersion ??= value.replace(/\s*\(.*\)\s*$/, '');
      else if (key === 'os/arch') server.osArch ??= value;
      else if (key === 'kernel version') server.kernelVersion ??= value;
    }
  }
  if (!sawAny && !error) return null;
  const hasClient = client.version || client.apiVersion || client.osArch;
  return { source: 'text', client: hasClient ? client : null, server, error };
}

/** `docker version --format '{{json .}}'` or the text of `docker version`. */
export function parseDockerVersion(output: string | null | undefined): DockerVersion | null {
  if (!output || cleanOutput(output).trim() === '') return null;
  return parseDockerVersionJson(output) ?? parseDockerVersionText(output);
}

// ---------------------------------------------------------------------------------------------
// compose

export interface ComposeVersion {
  version: string;
  major: number;
  /** `v2`: "Docker Compose version v2.x"; `v1`: "docker-compose version 1.x, build ..."; `short`: `--short`. */
  format: 'v2' | 'v1' | 'short';
}

/** `docker compose version` (v2 plugin) or `docker-compose version` (v1, or the v2 shim). */
export function parseComposeVersion(output: string | null | undefined): ComposeVersion | null {
  const clean = cleanOutput(output);
  const v2 = /Docker Compose version v?(\d+\.\d+\.\d+[\w.+-]*)/i.exec(clean)?.[1];
  const v1 = v2 ? undefined : /docker-compose version (\d+\.\d+\.\d+[\w.+-]*?),?(?:\s|$)/i.exec(clean)?.[1];
  const short = v2 || v1 ? undefined : /^\s*v?(\d+\.\d+\.\d+[\w.+-]*)\s*$/m.exec(clean)?.[1];
  const version = v2 ?? v1 ?? short;
  if (!version) return null;
  return {
    version: version.replace(/,$/, ''),
    major: Number.parseInt(version, 10),
    format: v2 ? 'v2' : v1 ? 'v1' : 'short',
  };
}
