/** A polite live region that announces step changes to screen readers. */
import { useEffect, useRef, useState } from 'react';
import type { RunState } from '../../common/contract';
import { STEP_LABEL } from './StatusIcon';

export function stepAnnouncement(prev: RunState | null, next: RunState | null): string | null {
  if (!next) return null;
  for (const step of next.steps) {
    const before = prev?.steps.find((s) => s.id === step.id);
    if (!before || before.status !== step.status) {
      if (step.status === 'waiting') continue;
      return `${step.title}: ${STEP_LABEL[step.status]}${step.summary && step.status !== 'running' ? `. ${step.summary}` : ''}`;
    }
  }
  return null;
}

export function LiveAnnouncer({ run }: { run: RunState | null }) {
  const prev = useRef<RunState | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const message = stepAnnouncement(prev.current, run);
    prev.current = run;
    if (message) setText(message);
  }, [run]);
  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-region">
      {text}
    </div>
  );
}
