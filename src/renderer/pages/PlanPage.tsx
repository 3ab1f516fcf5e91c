/** Plan: what will change (with time), what is already done, what is skipped and why. */
import { Button, MessageBar, MessageBarBody, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, ClockRegular, SubtractCircleRegular } from '@fluentui/react-icons';
import { type ReactElement, useEffect } from 'react';
import type { PlanDecision, PlanStep } from '../../common/contract';
import { PageFrame } from '../components/PageFrame';
import { TroubleshootingCard } from '../components/TroubleshootingCard';
import { estimateText } from '../format';
import { passwordHolder } from '../secret';
import { useWizard } from '../store/context';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: '0.25rem' },
  h2: {
    margin: '0 0 0.25rem',
    fontSize: '1.125rem',
    fontWeight: 600,
    display: 'flex',
    alignItems: 'center',
    gap: '0.5rem',
  },
  list: { margin: 0, paddingLeft: '1.75rem', display: 'flex', flexDirection: 'column', gap: '0.25rem' },
  reason: { color: tokens.colorNeutralForeground2 },
});

const GROUPS: { title: string; decisions: PlanDecision[]; icon: ReactElement; testId: string }[] = [
  {
    title: 'Will do',
    decisions: ['will-run', 'after-restart'],
    icon: <ClockRegular aria-hidden />,
    testId: 'plan-will-do',
  },
  {
    title: 'Already done on this PC',
    decisions: ['satisfied'],
    icon: <CheckmarkCircleRegular aria-hidden />,
    testId: 'plan-done',
  },
  {
    title: 'Skipped',
    decisions: ['not-applicable', 'blocked'],
    icon: <SubtractCircleRegular aria-hidden />,
    testId: 'plan-skipped',
  },
];

function line(step: PlanStep): string {
  if (step.decision === 'will-run') return `${step.title} (${estimateText(step.estimateSeconds)})`;
  if (step.decision === 'after-restart')
    return `${step.title}, after the restart (${estimateText(step.estimateSeconds)})`;
  return step.title;
}

export function PlanPage() {
  const s = useStyles();
  const plan = useWizard((st) => st.plan);
  const loading = useWizard((st) => st.planLoading);
  const busy = useWizard((st) => st.busy);
  const makePlan = useWizard((st) => st.makePlan);
  const goTo = useWizard((st) => st.goTo);
  const startRun = useWizard((st) => st.startRun);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the plan is made once, on arrival
  useEffect(() => {
    if (!plan && !loading) void makePlan();
  }, []);

  const willRun = plan?.steps.filter((st) => st.decision === 'will-run' || st.decision === 'after-restart') ?? [];
  const total = willRun.reduce((sum, st) => sum + st.estimateSeconds, 0);

  return (
    <PageFrame
      testId="plan"
      title="Plan"
      lead={
        plan
          ? `${willRun.length} ${willRun.length === 1 ? 'change' : 'changes'}, ${estimateText(total)} in all.`
          : 'Working out what this PC needs. Nothing changes yet.'
      }
      footer={
        <>
          <Button onClick={() => goTo('check')}>Back</Button>
          <Button
            appearance="primary"
            disabled={!plan || loading || busy || Boolean(plan.blocked)}
            onClick={() => void startRun(passwordHolder.take())}
          >
            Install
          </Button>
        </>
      }
    >
      {loading ? <Spinner size="small" label="Testing each step…" labelPosition="after" /> : null}
      {plan?.blocked ? <TroubleshootingCard diagnosis={plan.blocked} /> : null}
      {plan?.restartExpected ? (
        <MessageBar intent="info" data-testid="restart-note">
          <MessageBarBody>
            Windows will need to restart once. Setup opens again by itself after you sign in and continues.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {plan
        ? GROUPS.map((g) => {
            const steps = plan.steps.filter((st) => g.decisions.includes(st.decision));
            if (steps.length === 0) return null;
            return (
              <section key={g.title} className={s.group} data-testid={g.testId} aria-label={g.title}>
                <h2 className={s.h2}>
                  {g.icon}
                  {g.title}
                </h2>
                <ul className={s.list}>
                  {steps.map((st) => (
                    <li key={st.id} data-plan-step={st.id} data-decision={st.decision}>
                      <Text weight="semibold">{line(st)}</Text>
                      {st.reason ? <Text className={s.reason}> · {st.reason}</Text> : null}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })
        : null}
    </PageFrame>
  );
}
