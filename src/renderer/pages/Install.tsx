/** Install: step list with live status beside the terminal; a failed step shows its troubleshooting card. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  MessageBar,
  MessageBarBody,
  makeStyles,
  ProgressBar,
} from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { StepId, StepView } from '../../common/contract';
import type { SetupApi } from '../../common/ipc';
import { PageFrame } from '../components/PageFrame';
import { StepList } from '../components/StepList';
import { TerminalView } from '../components/TerminalView';
import { TroubleshootingCard } from '../components/TroubleshootingCard';
import { useWizard } from '../store/context';
import { PasswordPrompt } from './Resumed';

const useStyles = makeStyles({
  split: { display: 'grid', gridTemplateColumns: 'minmax(14rem, 2fr) 3fr', gap: '1rem', flex: 1, minHeight: 0 },
  left: { overflow: 'auto', minHeight: 0 },
  right: { display: 'flex', flexDirection: 'column', gap: '0.75rem', minHeight: 0, minWidth: 0 },
  card: { maxHeight: '55%', overflow: 'auto', flexShrink: 0 },
});

const DONE = new Set(['done', 'skipped', 'pending-reboot']);

export function InstallPage({ api, dark }: { api: SetupApi; dark: boolean }) {
  const s = useStyles();
  const run = useWizard((st) => st.run);
  const busy = useWizard((st) => st.busy);
  const cancelRun = useWizard((st) => st.cancelRun);
  const runFix = useWizard((st) => st.runFix);
  const retry = useWizard((st) => st.retry);
  const resumeRun = useWizard((st) => st.resumeRun);
  const exportDiagnostics = useWizard((st) => st.exportDiagnostics);
  const openLogFolder = useWizard((st) => st.openLogFolder);
  const stepLog = useWizard((st) => st.stepLog);
  const goTo = useWizard((st) => st.goTo);
  const [viewing, setViewing] = useState<{ id: StepId; title: string; text: string } | null>(null);

  const steps = run?.steps ?? [];
  const failedStep = steps.find((st) => st.status === 'failed' || st.status === 'blocked');
  const diagnosis = failedStep?.diagnosis ?? run?.diagnosis ?? null;
  const finished = steps.filter((st) => DONE.has(st.status)).length;
  const phase = run?.phase ?? 'idle';
  const active = phase === 'running' || phase === 'validating';

  const select = useCallback(
    async (step: StepView) => {
      if (viewing?.id === step.id) {
        setViewing(null);
        return;
      }
      const text = await stepLog(step.id);
      setViewing({ id: step.id, title: step.title, text: text ?? 'This step has no log.' });
    },
    [viewing, stepLog],
  );

  const what = failedStep
    ? `${failedStep.title} failed${failedStep.error ? `: ${failedStep.error.message}` : '.'}`
    : run?.message;

  return (
    <PageFrame
      testId="install"
      title={phase === 'failed' ? 'Setup stopped' : phase === 'cancelled' ? 'Setup cancelled' : 'Installing'}
      lead={
        failedStep
          ? `${failedStep.title} did not work. The card beside the steps says what happened and what to do.`
          : phase === 'cancelled'
            ? 'Setup stopped where you cancelled it. Nothing was undone.'
            : 'Setting up this PC. You can keep working; Setup tells you before it restarts anything.'
      }
      footer={
        <>
          {active ? (
            <Dialog>
              <DialogTrigger disableButtonEnhancement>
                <Button>Cancel</Button>
              </DialogTrigger>
              <DialogSurface>
                <DialogBody>
                  <DialogTitle>Cancel setup?</DialogTitle>
                  <DialogContent>
                    The step that is running now stops. Everything finished so far stays as it is, and nothing is
                    undone. Run Setup again later and it continues from where it stopped.
                  </DialogContent>
                  <DialogActions>
                    <DialogTrigger disableButtonEnhancement>
                      <Button>Keep going</Button>
                    </DialogTrigger>
                    <DialogTrigger disableButtonEnhancement>
                      <Button appearance="primary" onClick={() => void cancelRun()}>
                        Cancel setup
                      </Button>
                    </DialogTrigger>
                  </DialogActions>
                </DialogBody>
              </DialogSurface>
            </Dialog>
          ) : null}
          {phase === 'succeeded' ? (
            <Button appearance="primary" onClick={() => goTo('validate')}>
              Next: validation
            </Button>
          ) : null}
        </>
      }
    >
      <ProgressBar
        value={steps.length > 0 ? finished / steps.length : undefined}
        aria-label={`${finished} of ${steps.length} steps finished`}
        thickness="medium"
      />
      <div className={s.split}>
        <div className={s.left}>
          <StepList steps={steps} selected={viewing?.id ?? null} onSelect={(st) => void select(st)} />
        </div>
        <div className={s.right}>
          {run?.needsPassword && !active ? <PasswordPrompt busy={busy} onSubmit={(pw) => void resumeRun(pw)} /> : null}
          {diagnosis && (phase === 'failed' || phase === 'blocked') ? (
            <div className={s.card}>
              <TroubleshootingCard
                diagnosis={diagnosis}
                what={what}
                busy={busy}
                onFix={(id) => void runFix(id)}
                onRetry={() => void retry()}
                onExport={() => void exportDiagnostics()}
              />
            </div>
          ) : phase === 'failed' || phase === 'cancelled' ? (
            <MessageBar intent={phase === 'failed' ? 'error' : 'info'}>
              <MessageBarBody>{what}</MessageBarBody>
            </MessageBar>
          ) : null}
          {phase === 'cancelled' ? (
            <div>
              <Button onClick={() => void retry()}>Start again</Button>
            </div>
          ) : null}
          <TerminalView
            api={api}
            dark={dark}
            viewing={viewing}
            onLive={() => setViewing(null)}
            onOpenLogFolder={() => void openLogFolder()}
          />
        </div>
      </div>
    </PageFrame>
  );
}
