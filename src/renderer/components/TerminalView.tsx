/**
 * The read-only terminal: live step output, written straight into xterm.js (never into React state),
 * acknowledged batch by batch so main can apply flow control. Or, when a finished step is picked,
 * that step's full log from disk. Search, copy and "open log folder" in its toolbar.
 */
import { Button, makeStyles, SearchBox, Text, Toolbar, Tooltip, tokens } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUpRegular, CopyRegular, FolderOpenRegular, LiveRegular } from '@fluentui/react-icons';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { type ITheme, Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { SetupApi } from '../../common/ipc';

const SCROLLBACK_LINES = 20_000;

const LIGHT: ITheme = {
  background: '#ffffff',
  foreground: '#242424',
  selectionBackground: '#b3d7ff',
  cursor: '#ffffff00',
};
const DARK: ITheme = {
  background: '#1f1f1f',
  foreground: '#e6e6e6',
  selectionBackground: '#264f78',
  cursor: '#00000000',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1, gap: '0.25rem' },
  bar: { display: 'flex', alignItems: 'center', gap: '0.25rem', flexWrap: 'wrap' },
  caption: { marginLeft: 'auto', color: tokens.colorNeutralForeground3 },
  host: {
    flex: 1,
    minHeight: '12rem',
    padding: '0.5rem',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    overflow: 'hidden',
    ':focus-within': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
});

export interface TerminalViewProps {
  api: Pick<SetupApi, 'onLog' | 'ackLog'>;
  dark: boolean;
  /** When set, shows this finished step's log instead of the live output. */
  viewing: { title: string; text: string } | null;
  onLive(): void;
  onOpenLogFolder(): void;
}

/** Copies text even where the async clipboard API is denied (the app denies every permission). */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

function rootFontPx(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export function TerminalView({ api, dark, viewing, onLive, onOpenLogFolder }: TerminalViewProps) {
  const s = useStyles();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const viewingRef = useRef(viewing);
  const darkRef = useRef(dark);
  darkRef.current = dark;
  const [query, setQuery] = useState('');
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
      disableStdin: true, // no input channel into an elevated process
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      scrollback: SCROLLBACK_LINES,
      fontFamily: "'Cascadia Mono', Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: Math.round(rootFontPx() * 0.8125), // follows the text size setting
      theme: darkRef.current ? DARK : LIGHT,
      screenReaderMode: false,
      allowProposedApi: true,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.open(host);
    term.textarea?.setAttribute('aria-label', 'Setup output (read-only)');
    termRef.current = term;
    searchRef.current = search;
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet (hidden, zero size)
      }
    };
    refit();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(refit) : null;
    ro?.observe(host);
    const off = api.onLog((batch) => {
      if (viewingRef.current) {
        // Showing a finished step: the live output is on disk; let the pty go on.
        void api.ackLog({ seq: batch.seq });
        return;
      }
      term.write(batch.data, () => void api.ackLog({ seq: batch.seq }));
    });
    return () => {
      off();
      ro?.disconnect();
      term.dispose();
      termRef.current = null;
    };
    // The terminal lives as long as the page; theme changes are applied by the next effect.
  }, [api]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = dark ? DARK : LIGHT;
  }, [dark]);

  useEffect(() => {
    const changed = viewingRef.current !== viewing;
    viewingRef.current = viewing;
    const term = termRef.current;
    if (!term || !changed) return;
    term.reset();
    if (viewing) term.write(viewing.text.replace(/\r?\n/g, '\r\n'));
  }, [viewing]);

  const find = (forward: boolean) => {
    if (!query) return;
    if (forward) searchRef.current?.findNext(query);
    else searchRef.current?.findPrevious(query);
  };

  const copy = async () => {
    const term = termRef.current;
    if (!term) return;
    let text = term.getSelection();
    if (!text) {
      term.selectAll();
      text = term.getSelection();
      term.clearSelection();
    }
    await copyText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <section className={s.root} aria-label="Output">
      <Toolbar className={s.bar} aria-label="Output tools">
        <SearchBox
          size="small"
          placeholder="Search output"
          aria-label="Search output"
          value={query}
          onChange={(_e, d) => setQuery(d.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find(!e.shiftKey);
          }}
        />
        <Tooltip content="Previous match" relationship="label">
          <Button size="small" icon={<ArrowUpRegular />} onClick={() => find(false)} />
        </Tooltip>
        <Tooltip content="Next match" relationship="label">
          <Button size="small" icon={<ArrowDownRegular />} onClick={() => find(true)} />
        </Tooltip>
        <Button size="small" icon={<CopyRegular />} onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button size="small" icon={<FolderOpenRegular />} onClick={onOpenLogFolder}>
          Open log folder
        </Button>
        {viewing ? (
          <Button size="small" icon={<LiveRegular />} onClick={onLive}>
            Back to live output
          </Button>
        ) : null}
        <Text size={200} className={s.caption}>
          {viewing ? `Log of ${viewing.title}` : 'Live output'}
        </Text>
      </Toolbar>
      <div ref={hostRef} className={s.host} data-testid="terminal" />
    </section>
  );
}
