/** System check: each check fills in with pass/warn/fail, a one-line result, and why it matters. */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  makeStyles,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect } from 'react';
import { ElevationNotice } from '../components/ElevationNotice';
import { PageFrame } from '../components/PageFrame';
import { CheckStatusIcon } from '../components/StatusIcon';
import { TroubleshootingCard } from '../components/TroubleshootingCard';
import { useWizard } from '../store/context';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '0.25rem' },
  row: { display: 'grid', gridTemplateColumns: '7rem 1fr', gap: '0.75rem', alignItems: 'start' },
  title: { fontWeight: 600 },
  observed: { color: tokens.colorNeutralForeground2 },
  why: { color: tokens.colorNeutralForeground2, paddingLeft: '7.75rem' },
});

export function SystemCheckPage() {
  const s = useStyles();
  const checks = useWizard((st) => st.checks);
  const loading = useWizard((st) => st.checksLoading);
  const env = useWizard((st) => st.env);
  const runPreflight = useWizard((st) => st.runPreflight);
  const goTo = useWizard((st) => st.goTo);
  const relaunch = useWizard((st) => st.relaunchElevated);
  const exportDiagnostics = useWizard((st) => st.exportDiagnostics);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the checks run once, on arrival
  useEffect(() => {
    if (!checks && !loading) void runPreflight();
  }, []);

  const failed = checks?.filter((c) => c.status === 'fail') ?? [];
  const warned = checks?.filter((c) => c.status === 'warn') ?? [];
  const lead = !checks
    ? 'Looking at this PC. This takes a few seconds and changes nothing.'
    : failed.length > 0
      ? `${failed.length} ${failed.length === 1 ? 'check stops' : 'checks stop'} the setup. Each one says what to do.`
      : warned.length > 0
        ? 'This PC can be set up. Read the warnings below.'
        : 'This PC is ready to be set up.';

  return (
    <PageFrame
      testId="check"
      title="System check"
      lead={lead}
      footer={
        <>
          <Button onClick={() => goTo('welcome')}>Back</Button>
          <Button onClick={() => void runPreflight()} disabled={loading}>
            Check again
          </Button>
          <Button appearance="primary" disabled={!checks || loading || failed.length > 0} onClick={() => goTo('plan')}>
            Next: see the plan
          </Button>
        </>
      }
    >
      <ElevationNotice elevation={env?.elevation ?? null} onRelaunch={() => void relaunch()} />
      {loading ? <Spinner size="small" label="Checking this PC…" labelPosition="after" /> : null}
      {checks ? (
        <Accordion multiple collapsible>
          <ul className={s.list} aria-label="Checks">
            {checks.map((c) => (
              <li key={c.id} data-check={c.id} data-status={c.status}>
                <AccordionItem value={c.id}>
                  <AccordionHeader expandIconPosition="end">
                    <span className={s.row}>
                      <CheckStatusIcon status={c.status} />
                      <span>
                        <span className={s.title}>{c.title}</span>
                        <Text className={s.observed}> · {c.observed}</Text>
                      </span>
                    </span>
                  </AccordionHeader>
                  <AccordionPanel>
                    <Text className={s.why} block>
                      <strong>Why this matters: </strong>
                      {c.why}
                    </Text>
                  </AccordionPanel>
                </AccordionItem>
                {c.diagnosis && c.status !== 'pass' ? (
                  <TroubleshootingCard
                    diagnosis={c.diagnosis}
                    onRetry={() => void runPreflight()}
                    retryLabel="Check again"
                    onExport={() => void exportDiagnostics()}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </Accordion>
      ) : null}
    </PageFrame>
  );
}
