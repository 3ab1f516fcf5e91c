/** The Install page's step list: status, live elapsed time, one-line summary; finished steps open their log. */
import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { StepId, StepView } from '../../common/contract';
import { formatDuration } from '../format';
import { STEP_LABEL, StepStatusIcon } from './StatusIcon';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '0.125rem' },
  item: {
    display: 'grid',
    gridTemplateColumns: '1.25rem 1fr auto',
    alignItems: 'start',
    gap: '0.5rem',
    padding: '0.375rem 0.5rem',
    borderRadius: tokens.borderRadiusMedium,
    border: 'none',
    background: 'transparent',
    textAlign: 'left',
    width: '100%',
    font: 'inherit',
    color: 'inherit',
  },
  clickable: { cursor: 'pointer', ':hover': { background: tokens.colorSubtleBackgroundHover } },
  selected: { background: tokens.colorSubtleBackgroundSelected },
  running: { background: tokens.colorBrandBackground2 },
  title: { fontWeight: 600 },
  summary: {
    color: tokens.colorNeutralForeground2,
    fontSize: '0.8125rem',
    display: '-webkit-box',
    WebkitLineClamp: '2',
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  time: {
    color: tokens.colorNeutralForeground3,
    fontSize: '0.8125rem',
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  icon: { paddingTop: '0.125rem', fontSize: '1.125rem' },
});

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function elapsedMs(step: StepView, now: number): number | null {
  if (step.status === 'waiting' || step.status === 'deferred') return null;
  if (step.status === 'skipped' && !step.durationMs) return null;
  if (step.status === 'running' && step.startedAt) return now - Date.parse(step.startedAt);
  if (step.durationMs !== undefined) return step.durationMs;
  if (step.status === 'running' && step.startedAt) return now - Date.parse(step.startedAt);
  return null;
}

const FINISHED = new Set(['done', 'failed', 'pending-reboot', 'cancelled', 'blocked']);

export function StepList({
  steps,
  selected,
  onSelect,
}: {
  steps: StepView[];
  selected: StepId | null;
  onSelect(step: StepView): void;
}) {
  const s = useStyles();
  const now = useNow(steps.some((st) => st.status === 'running'));
  return (
    <ol className={s.list} aria-label="Steps">
      {steps.map((step) => {
        const ms = elapsedMs(step, now);
        const finished = FINISHED.has(step.status);
        const content = (
          <>
            <span className={s.icon}>
              <StepStatusIcon status={step.status} />
            </span>
            <span>
              <span className={s.title}>{step.title}</span>
              <br />
              <Text className={s.summary} title={step.summary || undefined}>
                {STEP_LABEL[step.status]}
                {step.summary && step.status !== 'running' ? ` · ${step.summary}` : ''}
              </Text>
            </span>
            <span className={s.time}>{ms !== null ? formatDuration(ms) : ''}</span>
          </>
        );
        const cls = mergeClasses(s.item, step.status === 'running' && s.running, selected === step.id && s.selected);
        return (
          <li key={step.id} data-step={step.id} data-status={step.status}>
            {finished ? (
              <button
                type="button"
                className={mergeClasses(cls, s.clickable)}
                onClick={() => onSelect(step)}
                aria-pressed={selected === step.id}
                aria-label={`${step.title}: ${STEP_LABEL[step.status]}. Show its log`}
              >
                {content}
              </button>
            ) : (
              <div className={cls} aria-current={step.status === 'running' ? 'step' : undefined}>
                {content}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
