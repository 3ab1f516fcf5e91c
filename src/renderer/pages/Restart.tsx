/** Restart needed: why, what happens next, a 60-second countdown that can be stopped, Restart now / Later. */
import { Button, MessageBar, MessageBarBody, makeStyles, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { PageFrame } from '../components/PageFrame';
import { useWizard } from '../store/context';

export const RESTART_COUNTDOWN_SECONDS = 60;

const useStyles = makeStyles({
  count: { fontSize: '2rem', fontWeight: 600, fontVariantNumeric: 'tabular-nums' },
  list: { margin: 0, paddingLeft: '1.5rem' },
});

export function RestartPage() {
  const s = useStyles();
  const run = useWizard((st) => st.run);
  const busy = useWizard((st) => st.busy);
  const env = useWizard((st) => st.env);
  const restartNow = useWizard((st) => st.restartNow);
  const restartLater = useWizard((st) => st.restartLater);
  const signout = run?.restart?.kind === 'signout' || run?.phase === 'signout-required';
  const [remaining, setRemaining] = useState<number | null>(null);
  const fired = useRef(false);

  useEffect(() => {
    if (remaining === null) return;
    if (remaining <= 0) {
      if (!fired.current) {
        fired.current = true;
        void restartNow();
      }
      return;
    }
    const t = setTimeout(() => setRemaining(remaining - 1), 1000);
    return () => clearTimeout(t);
  }, [remaining, restartNow]);

  const verb = signout ? 'sign out' : 'restart';
  const reason =
    run?.restart?.reason ??
    (signout
      ? 'Windows applies your new docker-users membership when you sign in again.'
      : 'Windows needs to restart to turn on the features WSL 2 uses.');

  return (
    <PageFrame
      testId="restart"
      title={signout ? 'Sign out needed' : 'Restart needed'}
      lead={reason}
      footer={
        <>
          <Button disabled={busy} onClick={() => void restartLater()}>
            Later
          </Button>
          {remaining === null ? (
            <Button disabled={busy} onClick={() => setRemaining(RESTART_COUNTDOWN_SECONDS)}>
              {signout ? 'Sign out in 60 seconds' : 'Restart in 60 seconds'}
            </Button>
          ) : (
            <Button onClick={() => setRemaining(null)}>Stop the countdown</Button>
          )}
          <Button appearance="primary" disabled={busy} onClick={() => void restartNow()}>
            {signout ? 'Sign out now' : 'Restart now'}
          </Button>
        </>
      }
    >
      <Text block>What happens next:</Text>
      <ul className={s.list}>
        <li>Save your work and close other apps first.</li>
        <li>Pupperware Setup opens again by itself after you sign in, and continues where it stopped.</li>
        <li>You will type your Linux password once more: Setup never stores it.</li>
      </ul>
      {env?.simulated ? (
        <MessageBar intent="info">
          <MessageBarBody>This is a rehearsal: the {verb} happens on the simulated PC, not on this one.</MessageBarBody>
        </MessageBar>
      ) : null}
      {remaining !== null ? (
        <div role="timer" aria-live="polite" aria-atomic="true">
          <Text className={s.count}>{remaining}</Text>{' '}
          <Text>seconds until Windows {signout ? 'signs you out' : 'restarts'}</Text>
        </div>
      ) : null}
    </PageFrame>
  );
}
