/** The System check page's lines, from the preflight step's facts. */
import type { SystemCheck } from '../common/contract';
import type { StepResult } from './step-invoke';
import { diagnose } from './troubleshooting';

interface PreflightCheckFact {
  id: string;
  title: string;
  status: 'pass' | 'warn' | 'fail';
  observed: string;
  why: string;
  code?: string;
}

function isCheck(value: unknown): value is PreflightCheckFact {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.title === 'string' && ['pass', 'warn', 'fail'].includes(String(v.status));
}

export function systemChecksFromPreflight(result: StepResult): SystemCheck[] {
  const raw = result.facts?.checks;
  const list = Array.isArray(raw) ? raw.filter(isCheck) : [];
  return list.map((c) => {
    const diagnosis = c.status === 'fail' && c.code ? diagnose({ code: c.code, stepId: 'preflight' }) : null;
    return {
      id: c.id,
      title: c.title,
      status: c.status,
      observed: String(c.observed ?? ''),
      why: String(c.why ?? ''),
      ...(diagnosis ? { diagnosis } : {}),
    };
  });
}
