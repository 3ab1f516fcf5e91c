/**
 * The troubleshooting catalog: known failures as data (catalog.json), and the function that finds
 * the one matching a failed step or check.
 *
 * A signature is an error code, a pattern in a step's output or error, or a failing check id.
 * Order of precedence: the step's error code, then codes found in the text, then text patterns,
 * then the check id. Within each tier the first entry in catalog order wins, so specific entries
 * come before general ones in catalog.json.
 */
import { z } from 'zod';
import type { Diagnosis } from '../../common/contract';
import rawCatalog from './catalog.json';
import { FIX_IDS, FIXES } from './fixes';
import { canonicalCode, codeKeys, codesInText, normalizeText } from './signatures';

export { FIX_IDS, FIXES, type FixId, isFixId } from './fixes';
export { codeKeys, codesInText, normalizeText, signedExitCode } from './signatures';

const validRegex = (source: string): boolean => {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
};

const CatalogEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and "-"'),
    title: z.string().min(1),
    explanation: z.string().min(1),
    fixSteps: z.array(z.string().min(1)).min(1),
    links: z.array(z.object({ title: z.string().min(1), url: z.url({ protocol: /^https$/ }) }).strict()),
    fixId: z.enum(FIX_IDS).optional(),
    match: z
      .object({
        codes: z
          .array(
            z
              .string()
              .refine(
                (c) => /^(exit:-?\d+|0x[0-9a-f]{1,8}|wsl\/[\w/]+|[a-z0-9]+_[a-z0-9_]+)$/i.test(c),
                'a code is exit:N, 0xHEX, Wsl/... or a SYMBOLIC_NAME',
              ),
          )
          .optional(),
        patterns: z.array(z.string().refine(validRegex, 'not a valid regular expression')).optional(),
        checkIds: z.array(z.string().min(1)).optional(),
        steps: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .refine((m) => (m.codes?.length ?? 0) + (m.patterns?.length ?? 0) + (m.checkIds?.length ?? 0) > 0, {
        message: 'an entry needs at least one code, pattern or check id',
      }),
    source: z.url({ protocol: /^https$/ }),
  })
  .strict();

const CatalogSchema = z
  .object({
    schema: z.literal('pupperware-troubleshooting/1'),
    entries: z.array(z.unknown()).min(1),
  })
  .strict();

export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export interface CompiledEntry extends CatalogEntry {
  codeKeys: ReadonlySet<string>;
  regexes: readonly RegExp[];
}

export interface Catalog {
  entries: readonly CompiledEntry[];
}

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Validates a catalog (parsed JSON). Errors name the entry: `catalog entry #3 (wsl-kernel-update): ...`. */
export function parseCatalog(raw: unknown): Catalog {
  const top = CatalogSchema.safeParse(raw);
  if (!top.success) throw new CatalogError(`troubleshooting catalog: ${z.prettifyError(top.error)}`);
  const seen = new Set<string>();
  const entries = top.data.entries.map((item, index): CompiledEntry => {
    const idHint =
      typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string'
        ? ` (${(item as { id: string }).id})`
        : '';
    const parsed = CatalogEntrySchema.safeParse(item);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
      throw new CatalogError(`troubleshooting catalog entry #${index + 1}${idHint}: ${issues}`);
    }
    const entry = parsed.data;
    if (seen.has(entry.id))
      throw new CatalogError(`troubleshooting catalog entry #${index + 1}${idHint}: duplicate id`);
    seen.add(entry.id);
    return {
      ...entry,
      codeKeys: new Set((entry.match.codes ?? []).map(canonicalCode)),
      regexes: (entry.match.patterns ?? []).map((p) => new RegExp(p, 'i')),
    };
  });
  return { entries };
}

let cached: Catalog | undefined;

/** The shipped catalog, validated once. Throws a CatalogError naming the broken entry. */
export function loadCatalog(): Catalog {
  cached ??= parseCatalog(rawCatalog);
  return cached;
}

export interface DiagnoseInput {
  /** The step result's `error.code` (`0x800701bc`, `exit:1603`, `Wsl/...`, `HCS_E_...`). */
  code?: string;
  /** The step's error message and/or output, or a check's observed output. */
  text?: string;
  /** A failing validation check id. */
  checkId?: string;
  /** The step that failed: entries scoped to other steps are skipped. */
  stepId?: string;
}

export type MatchTier = 'code' | 'text-code' | 'pattern' | 'check';

export interface DiagnoseMatch {
  diagnosis: Diagnosis;
  entryId: string;
  tier: MatchTier;
}

function toDiagnosis(entry: CompiledEntry): Diagnosis {
  const d: Diagnosis = {
    id: entry.id,
    title: entry.title,
    explanation: entry.explanation,
    fixSteps: [...entry.fixSteps],
    links: entry.links.map((l) => ({ ...l })),
  };
  if (entry.fixId) d.fixId = entry.fixId;
  return d;
}

/** Like diagnose(), and says which kind of signature matched. */
export function diagnoseDetailed(input: DiagnoseInput, catalog: Catalog = loadCatalog()): DiagnoseMatch | null {
  const applicable = catalog.entries.filter(
    (e) => !input.stepId || !e.match.steps || e.match.steps.includes(input.stepId),
  );
  const byKeys = (keys: readonly string[]): CompiledEntry | undefined =>
    keys.length === 0 ? undefined : applicable.find((e) => keys.some((k) => e.codeKeys.has(k)));
  const found = (entry: CompiledEntry | undefined, tier: MatchTier): DiagnoseMatch | null =>
    entry ? { diagnosis: toDiagnosis(entry), entryId: entry.id, tier } : null;

  if (input.code) {
    const hit = found(byKeys(codeKeys(input.code)), 'code');
    if (hit) return hit;
  }
  if (input.text) {
    const hit = found(byKeys(codesInText(input.text)), 'text-code');
    if (hit) return hit;
    const text = normalizeText(input.text);
    const byPattern = applicable.find((e) => e.regexes.some((r) => r.test(text)));
    if (byPattern) return found(byPattern, 'pattern');
  }
  if (input.checkId) {
    const checkId = input.checkId;
    const hit = found(
      applicable.find((e) => e.match.checkIds?.includes(checkId)),
      'check',
    );
    if (hit) return hit;
  }
  return null;
}

/** The diagnosis for a failed step or check, or null when nothing in the catalog matches. */
export function diagnose(input: DiagnoseInput): Diagnosis | null {
  return diagnoseDetailed(input)?.diagnosis ?? null;
}

/** The step an automatic fix runs, or undefined for an unknown fix id. */
export function fixStep(fixId: string): (typeof FIXES)[string] | undefined {
  return Object.hasOwn(FIXES, fixId) ? FIXES[fixId] : undefined;
}
