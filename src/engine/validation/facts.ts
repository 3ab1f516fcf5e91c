/**
 * The `facts` object of the validate step's result (docs/step-contract.md, "validate facts"),
 * read leniently: anything missing or malformed becomes "not collected" instead of an error, so a
 * half-broken machine still gets a full list of checks.
 */
import { z } from 'zod';

export const COMMAND_KEYS = [
  'wslListVerbose',
  'wslStatus',
  'wslVersion',
  'dockerVersionJson',
  'dockerVersion',
  'dockerInfoJson',
  'dockerInfo',
  'dockerCompose',
  'dockerComposeV1',
  'dockerRunUname',
] as const;
export type CommandKey = (typeof COMMAND_KEYS)[number];

export const CommandOutputSchema = z
  .object({
    /** `null` when the command did not run to completion (timeout, not found). */
    exitCode: z.number().nullable().catch(null),
    stdout: z.string().catch(''),
    stderr: z.string().catch(''),
    timedOut: z.boolean().optional().catch(undefined),
  })
  .loose();
export type CommandOutput = z.output<typeof CommandOutputSchema>;

const CommandsSchema = z
  .record(z.string(), z.unknown())
  .catch({})
  .transform((raw) => {
    const out: Partial<Record<CommandKey, CommandOutput>> = {};
    for (const key of COMMAND_KEYS) {
      const value = raw[key];
      if (typeof value !== 'object' || value === null) continue;
      const parsed = CommandOutputSchema.safeParse(value);
      if (parsed.success) out[key] = parsed.data;
    }
    return out;
  });

/** 19045, "19045", "10.0.19045.2546" → 19045. */
const BuildSchema = z
  .union([z.number(), z.string()])
  .nullable()
  .optional()
  .catch(null)
  .transform((v): number | null => {
    if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : null;
    if (typeof v === 'string') {
      const m = /^\s*(?:\d+\.\d+\.)?(\d{4,6})/.exec(v);
      return m?.[1] ? Number(m[1]) : null;
    }
    return null;
  });

/**
 * Group members. PowerShell 5.1's ConvertTo-Json turns a one-element array into a scalar, and
 * `Get-LocalGroupMember` objects carry the account in `Name`: accept all three shapes.
 */
const MembersSchema = z
  .unknown()
  .optional()
  .transform((v): string[] => {
    const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
    return list
      .map((m) =>
        typeof m === 'string'
          ? m
          : typeof m === 'object' && m !== null && typeof (m as { Name?: unknown }).Name === 'string'
            ? (m as { Name: string }).Name
            : '',
      )
      .map((m) => m.trim())
      .filter((m) => m !== '');
  });

export const ValidateFactsSchema = z
  .object({
    commands: CommandsSchema.default({}),
    build: BuildSchema,
    /** Feature name → state (`Enabled`, `EnablePending`, `Disabled`, ...); `null` = not on this edition. */
    features: z.record(z.string(), z.string().nullable().catch(null)).catch({}).default({}),
    dockerUsers: MembersSchema,
    firewallRule: z
      .boolean()
      .nullable()
      .optional()
      .catch(null)
      .transform((v) => v ?? null),
    distroDefaultUser: z
      .string()
      .nullable()
      .optional()
      .catch(null)
      .transform((v) => (v && v.trim() !== '' ? v.trim() : null)),
    /** Optional extras the validate step may add: Docker Desktop's uninstall entry. */
    dockerDesktopInstalled: z
      .boolean()
      .nullable()
      .optional()
      .catch(null)
      .transform((v) => v ?? null),
    dockerDesktopVersion: z
      .string()
      .nullable()
      .optional()
      .catch(null)
      .transform((v) => v ?? null),
  })
  .loose();

/** What the validate step hands over (any shape: it is parsed leniently). */
export type ValidateFacts = z.input<typeof ValidateFactsSchema>;
export type ParsedValidateFacts = z.output<typeof ValidateFactsSchema>;

/** Parses facts, falling back to "nothing collected" for input that is not an object at all. */
export function readValidateFacts(facts: unknown): ParsedValidateFacts {
  const parsed = ValidateFactsSchema.safeParse(facts);
  if (parsed.success) return parsed.data;
  return ValidateFactsSchema.parse({});
}
