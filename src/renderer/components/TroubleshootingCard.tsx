/** What happened, the likely cause, what to do; "Fix it" where we can, "Retry", "Export diagnostics". */
import { Button, Card, CardHeader, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { DismissCircleFilled } from '@fluentui/react-icons';
import type { Diagnosis } from '../../common/contract';

const useStyles = makeStyles({
  card: { borderLeft: `0.25rem solid ${tokens.colorPaletteRedBorder2}`, padding: '1rem', gap: '0.5rem' },
  title: { display: 'flex', alignItems: 'center', gap: '0.5rem', fontSize: '1.125rem', fontWeight: 600 },
  icon: { color: tokens.colorPaletteRedForeground1 },
  list: { margin: '0.25rem 0', paddingLeft: '1.5rem' },
  actions: { display: 'flex', gap: '0.5rem', flexWrap: 'wrap', marginTop: '0.5rem' },
});

export interface TroubleshootingCardProps {
  diagnosis: Diagnosis;
  /** What failed, e.g. the step's title and its error text. */
  what?: string;
  busy?: boolean;
  onFix?: (fixId: string) => void;
  onRetry?: () => void;
  onExport?: () => void;
  retryLabel?: string;
}

export function TroubleshootingCard({
  diagnosis,
  what,
  busy,
  onFix,
  onRetry,
  onExport,
  retryLabel = 'Retry',
}: TroubleshootingCardProps) {
  const s = useStyles();
  return (
    <Card
      className={s.card}
      role="region"
      aria-label={`Troubleshooting: ${diagnosis.title}`}
      data-testid="troubleshooting-card"
    >
      <CardHeader
        header={
          <span className={s.title}>
            <DismissCircleFilled className={s.icon} aria-hidden />
            <span>{diagnosis.title}</span>
          </span>
        }
      />
      {what ? (
        <Text>
          <strong>What happened: </strong>
          {what}
        </Text>
      ) : null}
      <Text>
        <strong>Likely cause: </strong>
        {diagnosis.explanation}
      </Text>
      {diagnosis.fixSteps.length > 0 ? (
        <div>
          <Text weight="semibold">What to do</Text>
          <ol className={s.list}>
            {diagnosis.fixSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {diagnosis.links.length > 0 ? (
        <div>
          {diagnosis.links.map((l) => (
            <div key={l.url}>
              <Link href={l.url} target="_blank" rel="noreferrer noopener">
                {l.title}
              </Link>
            </div>
          ))}
        </div>
      ) : null}
      <div className={s.actions}>
        {diagnosis.fixId && onFix ? (
          <Button appearance="primary" disabled={busy} onClick={() => onFix(diagnosis.fixId as string)}>
            Fix it
          </Button>
        ) : null}
        {onRetry ? (
          <Button disabled={busy} onClick={onRetry}>
            {retryLabel}
          </Button>
        ) : null}
        {onExport ? <Button onClick={onExport}>Export diagnostics</Button> : null}
      </div>
    </Card>
  );
}
