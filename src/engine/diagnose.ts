/** Turns a failed or blocked step into a diagnosis a user can act on. */
import type { Diagnosis, StepId } from '../common/contract';
import { stepDefinition } from './catalog';
import type { StepResult } from './step-invoke';
import { diagnose } from './troubleshooting';

export function describeFailure(
  stepId: StepId,
  result: Pick<StepResult, 'error' | 'message'>,
  logTail = '',
): Diagnosis {
  const code = result.error?.code;
  const text = [result.error?.message ?? '', result.message, logTail].join('\n');
  const found = diagnose({ ...(code ? { code } : {}), text, stepId });
  if (found) return found;
  const title = stepDefinition(stepId).title;
  return {
    id: code ?? 'STEP_FAILED',
    title: `${title}: not done`,
    explanation: result.error?.message ?? result.message,
    fixSteps: [
      'Read the step log on the right: the last lines usually say what went wrong.',
      'Fix what it names, then choose Retry (or run the command again).',
      'If it keeps failing, export diagnostics and attach the zip to a support request.',
    ],
    links: [],
  };
}
