/** Done: what was done, time taken, restarts, next steps, export diagnostics, close. */
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { PageFrame } from '../components/PageFrame';
import { formatDuration } from '../format';
import { useWizard } from '../store/context';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.25rem 1rem', margin: 0 },
  dt: { fontWeight: 600 },
  dd: { margin: 0 },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    background: tokens.colorNeutralBackground3,
    padding: '0 0.25rem',
    borderRadius: tokens.borderRadiusSmall,
  },
  list: { margin: 0, paddingLeft: '1.5rem', display: 'flex', flexDirection: 'column', gap: '0.25rem' },
  h2: { margin: 0, fontSize: '1.125rem', fontWeight: 600 },
});

/** Steps that only look: never "already in place". */
const CHECK_ONLY = new Set(['preflight', 'pending-restart', 'validate']);

export function DonePage() {
  const s = useStyles();
  const run = useWizard((st) => st.run);
  const env = useWizard((st) => st.env);
  const diagnosticsPath = useWizard((st) => st.diagnosticsPath);
  const exportDiagnostics = useWizard((st) => st.exportDiagnostics);
  const steps = run?.steps ?? [];
  const changed = steps.filter((st) => st.changed);
  const already = steps.filter((st) => !st.changed && st.status === 'done' && !CHECK_ONLY.has(st.id));
  const took =
    run?.startedAt && run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '—';
  const distro = run?.options?.distro ?? 'Ubuntu';

  return (
    <PageFrame
      testId="done"
      title="This PC is ready for Linux containers"
      lead={
        env?.simulated
          ? `Rehearsal finished on the simulated PC "${env.scenario}". Nothing on this PC was changed.`
          : 'WSL 2, Ubuntu and Docker Desktop are set up and Linux containers run.'
      }
      footer={
        <>
          <Button onClick={() => void exportDiagnostics()}>Export diagnostics</Button>
          <Button appearance="primary" onClick={() => window.close()}>
            Close
          </Button>
        </>
      }
    >
      <dl className={s.facts} aria-label="Summary">
        <dt className={s.dt}>Changed</dt>
        <dd className={s.dd}>
          {changed.length > 0 ? changed.map((st) => st.title).join(', ') : 'Nothing: this PC was already set up.'}
        </dd>
        <dt className={s.dt}>Already in place</dt>
        <dd className={s.dd}>{already.length > 0 ? already.map((st) => st.title).join(', ') : '—'}</dd>
        <dt className={s.dt}>Time taken</dt>
        <dd className={s.dd} data-testid="time-taken">
          {took}
        </dd>
        <dt className={s.dt}>Restarts</dt>
        <dd className={s.dd}>{run?.reboots ?? 0}</dd>
      </dl>
      <h2 className={s.h2}>Next steps</h2>
      <ul className={s.list}>
        <li>
          Open a terminal in Linux: <span className={s.code}>wsl -d {distro}</span>
        </li>
        <li>
          Start Pupperware from its folder: <span className={s.code}>docker compose up -d</span>
        </li>
        <li>
          Check that it answers: <span className={s.code}>docker compose ps</span>
        </li>
      </ul>
      {diagnosticsPath ? <Text data-testid="diagnostics-path">Diagnostics bundle: {diagnosticsPath}</Text> : null}
      <Text size={200}>The resume task is removed. The journal and logs stay in the log folder for the record.</Text>
    </PageFrame>
  );
}
