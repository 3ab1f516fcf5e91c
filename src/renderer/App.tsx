/** The wizard's frame: title bar, left rail of the six stops, the current page, notices, live region. */
import {
  Badge,
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkRegular, DismissRegular } from '@fluentui/react-icons';
import type { SetupApi } from '../common/ipc';
import { LiveAnnouncer } from './components/LiveAnnouncer';
import { DonePage } from './pages/Done';
import { InstallPage } from './pages/Install';
import { PlanPage } from './pages/PlanPage';
import { RestartPage } from './pages/Restart';
import { ResumedPage } from './pages/Resumed';
import { SystemCheckPage } from './pages/SystemCheck';
import { ValidatePage } from './pages/Validate';
import { WelcomePage } from './pages/Welcome';
import { useWizard } from './store/context';
import { RAIL, railOf } from './store/routing';
import { useOsTheme } from './theme';

const useStyles = makeStyles({
  provider: { height: '100%' },
  shell: {
    display: 'flex',
    flexDirection: 'column',
    height: '100%',
    background: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  titlebar: {
    display: 'flex',
    alignItems: 'center',
    gap: '0.75rem',
    padding: '0.5rem 1rem',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    fontWeight: 600,
    fontSize: '0.875rem',
  },
  body: { display: 'flex', flex: 1, minHeight: 0 },
  rail: {
    width: '12rem',
    flexShrink: 0,
    padding: '1rem 0.5rem',
    background: tokens.colorNeutralBackground2,
    overflow: 'auto',
  },
  railList: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '0.125rem' },
  railItem: {
    display: 'flex',
    alignItems: 'center',
    gap: '0.5rem',
    padding: '0.5rem 0.75rem',
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
  railCurrent: {
    background: tokens.colorNeutralBackground1Selected,
    color: tokens.colorNeutralForeground1,
    fontWeight: 600,
    boxShadow: `inset 0.1875rem 0 0 ${tokens.colorBrandForeground1}`,
  },
  railNum: { width: '1.25rem', textAlign: 'center', fontVariantNumeric: 'tabular-nums' },
  main: { flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' },
  notice: { margin: '0.75rem 1.5rem 0' },
});

function Page({ api, dark }: { api: SetupApi; dark: boolean }) {
  const page = useWizard((st) => st.page);
  switch (page) {
    case 'welcome':
      return <WelcomePage />;
    case 'check':
      return <SystemCheckPage />;
    case 'plan':
      return <PlanPage />;
    case 'install':
      return <InstallPage api={api} dark={dark} />;
    case 'restart':
      return <RestartPage />;
    case 'resumed':
      return <ResumedPage />;
    case 'validate':
      return <ValidatePage />;
    case 'done':
      return <DonePage />;
  }
}

export function App({ api }: { api: SetupApi }) {
  const s = useStyles();
  const { theme, dark } = useOsTheme();
  const page = useWizard((st) => st.page);
  const run = useWizard((st) => st.run);
  const env = useWizard((st) => st.env);
  const notice = useWizard((st) => st.notice);
  const dismissNotice = useWizard((st) => st.dismissNotice);
  const current = railOf(page);
  const currentIndex = RAIL.findIndex((r) => r.id === current);

  return (
    <FluentProvider theme={theme} className={s.provider}>
      <div className={s.shell}>
        <div className={s.titlebar}>
          <span>Pupperware Setup</span>
          {env?.simulated ? (
            <Badge appearance="tint" color="informative" data-testid="rehearsal-badge">
              Rehearsal · simulated PC: {env.scenario}
            </Badge>
          ) : null}
        </div>
        <div className={s.body}>
          <nav className={s.rail} aria-label="Wizard steps">
            <ol className={s.railList}>
              {RAIL.map((r, i) => (
                <li
                  key={r.id}
                  className={mergeClasses(s.railItem, r.id === current && s.railCurrent)}
                  aria-current={r.id === current ? 'step' : undefined}
                >
                  <span className={s.railNum} aria-hidden>
                    {i < currentIndex ? <CheckmarkRegular /> : i + 1}
                  </span>
                  <span>
                    {r.label}
                    {i < currentIndex ? <span className="sr-only"> (completed)</span> : null}
                  </span>
                </li>
              ))}
            </ol>
          </nav>
          <main className={s.main}>
            {notice ? (
              <MessageBar className={s.notice} intent={notice.intent} data-testid="notice">
                <MessageBarBody>{notice.text}</MessageBarBody>
                <MessageBarActions
                  containerAction={
                    <Button
                      aria-label="Dismiss"
                      appearance="transparent"
                      icon={<DismissRegular />}
                      onClick={dismissNotice}
                    />
                  }
                />
              </MessageBar>
            ) : null}
            <Page api={api} dark={dark} />
          </main>
        </div>
        <LiveAnnouncer run={run} />
      </div>
    </FluentProvider>
  );
}
