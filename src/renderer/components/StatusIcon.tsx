/** Status as an icon plus words: never colour alone. */
import { makeStyles, Spinner, tokens } from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  CheckmarkCircleFilled,
  CircleRegular,
  DismissCircleFilled,
  LockClosedRegular,
  PauseCircleRegular,
  SubtractCircleRegular,
  WarningFilled,
} from '@fluentui/react-icons';
import type { CheckStatus, StepStatus } from '../../common/contract';

const useStyles = makeStyles({
  wrap: { display: 'inline-flex', alignItems: 'center', gap: '0.375rem', fontSize: '1rem' },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  label: { fontSize: '0.875rem' },
});

export const CHECK_LABEL: Record<CheckStatus, string> = { pass: 'Passed', warn: 'Warning', fail: 'Failed' };

export function CheckStatusIcon({ status, showLabel = true }: { status: CheckStatus; showLabel?: boolean }) {
  const s = useStyles();
  const icon =
    status === 'pass' ? (
      <CheckmarkCircleFilled className={s.pass} aria-hidden />
    ) : status === 'warn' ? (
      <WarningFilled className={s.warn} aria-hidden />
    ) : (
      <DismissCircleFilled className={s.fail} aria-hidden />
    );
  return (
    <span className={s.wrap} data-status={status}>
      {icon}
      {showLabel ? (
        <span className={s.label}>{CHECK_LABEL[status]}</span>
      ) : (
        <span className="sr-only">{CHECK_LABEL[status]}</span>
      )}
    </span>
  );
}

export const STEP_LABEL: Record<StepStatus, string> = {
  waiting: 'Waiting',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  'pending-reboot': 'Done, active after restart',
  deferred: 'After the restart',
  failed: 'Failed',
  blocked: 'Blocked',
  cancelled: 'Cancelled',
};

export function StepStatusIcon({ status }: { status: StepStatus }) {
  const s = useStyles();
  switch (status) {
    case 'running':
      return <Spinner size="extra-tiny" aria-label={STEP_LABEL.running} />;
    case 'done':
      return <CheckmarkCircleFilled className={s.pass} aria-label={STEP_LABEL.done} />;
    case 'pending-reboot':
      return <ArrowClockwiseRegular className={s.pass} aria-label={STEP_LABEL['pending-reboot']} />;
    case 'skipped':
      return <SubtractCircleRegular className={s.muted} aria-label={STEP_LABEL.skipped} />;
    case 'deferred':
      return <PauseCircleRegular className={s.muted} aria-label={STEP_LABEL.deferred} />;
    case 'failed':
      return <DismissCircleFilled className={s.fail} aria-label={STEP_LABEL.failed} />;
    case 'blocked':
      return <LockClosedRegular className={s.fail} aria-label={STEP_LABEL.blocked} />;
    case 'cancelled':
      return <DismissCircleFilled className={s.muted} aria-label={STEP_LABEL.cancelled} />;
    default:
      return <CircleRegular className={s.muted} aria-label={STEP_LABEL.waiting} />;
  }
}
