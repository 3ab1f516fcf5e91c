/** Says when Setup is not elevated (and offers a relaunch), or runs as someone other than the console user. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ElevationInfo } from '../../common/ipc';

export function ElevationNotice({ elevation, onRelaunch }: { elevation: ElevationInfo | null; onRelaunch(): void }) {
  if (!elevation) return null;
  return (
    <>
      {!elevation.elevated ? (
        <MessageBar intent="warning" layout="multiline" data-testid="not-elevated">
          <MessageBarBody>
            <MessageBarTitle>Setup is not running as administrator</MessageBarTitle>
            Turning on Windows features and installing Docker Desktop need administrator rights. Setup can start itself
            again as administrator; Windows will ask you to confirm.
          </MessageBarBody>
          {elevation.canRelaunchElevated ? (
            <MessageBarActions>
              <Button onClick={onRelaunch}>Relaunch as administrator</Button>
            </MessageBarActions>
          ) : null}
        </MessageBar>
      ) : null}
      {elevation.identityMismatch ? (
        <MessageBar intent="warning" layout="multiline" data-testid="identity-mismatch">
          <MessageBarBody>
            <MessageBarTitle>Setup runs as a different user</MessageBarTitle>
            You are signed in as {elevation.consoleUser}, but Setup runs as {elevation.processUser} (an administrator
            typed their password). Ubuntu and Docker access are set up for {elevation.consoleUser}, the person at this
            PC.
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
