/** A page: heading (focused on arrival, so keyboard and screen-reader users land on it), body, button row. */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { type ReactNode, useEffect, useRef } from 'react';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, minWidth: 0 },
  head: { padding: '1.25rem 1.5rem 0.5rem' },
  // Focused on arrival so screen readers start here; it is not a control, so it draws no focus ring.
  h1: {
    margin: 0,
    fontSize: '1.5rem',
    lineHeight: '2rem',
    fontWeight: 600,
    ':focus': { outline: 'none' },
    ':focus-visible': { outline: 'none' },
  },
  lead: { marginTop: '0.25rem', color: tokens.colorNeutralForeground2, display: 'block' },
  body: {
    flex: 1,
    minHeight: 0,
    overflow: 'auto',
    padding: '0.5rem 1.5rem 1rem',
    display: 'flex',
    flexDirection: 'column',
    gap: '1rem',
  },
  footer: {
    display: 'flex',
    justifyContent: 'flex-end',
    gap: '0.5rem',
    flexWrap: 'wrap',
    padding: '0.75rem 1.5rem',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

export function PageFrame({
  title,
  lead,
  children,
  footer,
  testId,
}: {
  title: string;
  lead?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  testId: string;
}) {
  const s = useStyles();
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    h1.current?.focus();
  }, []);
  return (
    <section className={s.page} data-page={testId} aria-labelledby={`${testId}-title`}>
      <header className={s.head}>
        <h1 id={`${testId}-title`} ref={h1} tabIndex={-1} className={s.h1}>
          {title}
        </h1>
        {lead ? <Text className={s.lead}>{lead}</Text> : null}
      </header>
      <div className={s.body}>{children}</div>
      {footer ? <footer className={s.footer}>{footer}</footer> : null}
    </section>
  );
}
