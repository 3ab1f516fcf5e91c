/** The validation panel: each check with observed and expected values; failures get their card. */
import {
  Button,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { PageFrame } from '../components/PageFrame';
import { CheckStatusIcon } from '../components/StatusIcon';
import { TroubleshootingCard } from '../components/TroubleshootingCard';
import { useWizard } from '../store/context';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: '0.8125rem', wordBreak: 'break-word' },
  remediation: { color: tokens.colorNeutralForeground2, display: 'block', marginTop: '0.25rem' },
});

export function ValidatePage() {
  const s = useStyles();
  const run = useWizard((st) => st.run);
  const loading = useWizard((st) => st.validationLoading);
  const busy = useWizard((st) => st.busy);
  const revalidate = useWizard((st) => st.revalidate);
  const runFix = useWizard((st) => st.runFix);
  const goTo = useWizard((st) => st.goTo);
  const exportDiagnostics = useWizard((st) => st.exportDiagnostics);
  const checks = run?.validation ?? [];
  const failed = checks.filter((c) => c.status === 'fail');
  const lead =
    checks.length === 0
      ? 'No checks have run yet.'
      : failed.length === 0
        ? 'Linux containers run on this PC.'
        : `${failed.length} ${failed.length === 1 ? 'check failed' : 'checks failed'}. Each one says what to do.`;

  return (
    <PageFrame
      testId="validate"
      title="Validate"
      lead={lead}
      footer={
        <>
          <Button disabled={loading || busy} onClick={() => void revalidate()}>
            Re-run all checks
          </Button>
          <Button appearance="primary" disabled={run?.phase !== 'succeeded'} onClick={() => goTo('done')}>
            Next: finish
          </Button>
        </>
      }
    >
      {loading ? <Spinner size="small" label="Running the checks…" labelPosition="after" /> : null}
      <Table aria-label="Validation checks" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '7rem' }}>Result</TableHeaderCell>
            <TableHeaderCell>Check</TableHeaderCell>
            <TableHeaderCell>Observed</TableHeaderCell>
            <TableHeaderCell>Expected</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {checks.map((c) => (
            <TableRow key={c.id} data-validation={c.id} data-status={c.status}>
              <TableCell>
                <CheckStatusIcon status={c.status} />
              </TableCell>
              <TableCell>
                <Text weight="semibold">{c.title}</Text>
                {c.remediation && c.status !== 'pass' ? <Text className={s.remediation}>{c.remediation}</Text> : null}
              </TableCell>
              <TableCell className={s.mono}>{c.observed}</TableCell>
              <TableCell className={s.mono}>{c.expected}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {checks
        .filter((c) => c.status === 'fail' && c.diagnosis)
        .map((c) =>
          c.diagnosis ? (
            <TroubleshootingCard
              key={c.id}
              diagnosis={c.diagnosis}
              what={`${c.title}: observed ${c.observed}, expected ${c.expected}.`}
              busy={busy || loading}
              onFix={(id) => void runFix(id)}
              onRetry={() => void revalidate()}
              retryLabel="Re-check"
              onExport={() => void exportDiagnostics()}
            />
          ) : null,
        )}
    </PageFrame>
  );
}
