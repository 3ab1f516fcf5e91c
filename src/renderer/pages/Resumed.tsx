/**
 * Welcome back, after the restart: says the restart was confirmed and where the run continues. The
 * password is never stored, so when a step still needs it (RunState.needsPassword) it is asked again here.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { PageFrame } from '../components/PageFrame';
import { PasswordFields, type PasswordValue, passwordError } from '../components/PasswordFields';
import { useWizard } from '../store/context';

const useStyles = makeStyles({
  prompt: { display: 'flex', flexDirection: 'column', gap: '0.75rem', maxWidth: '30rem' },
});

/** Asks for the Linux password again; keeps it in this component's state only. */
export function PasswordPrompt({ busy, onSubmit }: { busy: boolean; onSubmit(password: string): void }) {
  const s = useStyles();
  const [pw, setPw] = useState<PasswordValue>({ password: '', confirm: '' });
  const [submitted, setSubmitted] = useState(false);
  const errors = passwordError(pw);
  const submit = () => {
    setSubmitted(true);
    if (errors.password || errors.confirm) return;
    const value = pw.password;
    setPw({ password: '', confirm: '' });
    onSubmit(value);
  };
  return (
    <form
      className={s.prompt}
      aria-label="Linux password"
      data-testid="password-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Text>
        Setup does not keep your Linux password anywhere, not even across a restart. Type it again to create your Linux
        user.
      </Text>
      <PasswordFields value={pw} onChange={setPw} showErrors={submitted} />
      <div>
        <Button appearance="primary" type="submit" disabled={busy}>
          Continue
        </Button>
      </div>
    </form>
  );
}

export function ResumedPage() {
  const run = useWizard((st) => st.run);
  const busy = useWizard((st) => st.busy);
  const resumeRun = useWizard((st) => st.resumeRun);
  const acknowledge = useWizard((st) => st.acknowledgeResume);
  const steps = run?.steps ?? [];
  const nextIndex = steps.findIndex((st) => !['done', 'skipped', 'pending-reboot'].includes(st.status));
  const position = nextIndex >= 0 ? `Continuing with step ${nextIndex + 1} of ${steps.length}.` : 'Continuing.';
  const resumed = run?.resumed;
  const confirmed = resumed?.confirmed ?? true;
  const kind = resumed?.kind === 'signout' ? 'Sign-in' : 'Restart';

  return (
    <PageFrame
      testId="resumed"
      title="Welcome back"
      lead={resumed?.message || `${confirmed ? `${kind} confirmed.` : `${kind} not confirmed yet.`} ${position}`}
      footer={
        run?.needsPassword ? undefined : (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => {
              if (run?.phase === 'idle') void resumeRun(null);
              else acknowledge();
            }}
          >
            Continue
          </Button>
        )
      }
    >
      {resumed && !confirmed ? (
        <MessageBar intent={confirmed ? 'success' : 'warning'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{confirmed ? `${kind} confirmed` : 'Windows may not have restarted'}</MessageBarTitle>
            {resumed.message}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {run?.needsPassword ? <PasswordPrompt busy={busy} onSubmit={(pw) => void resumeRun(pw)} /> : null}
    </PageFrame>
  );
}
