import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunOptionsSchema } from '../../src/common/contract';
import { CATALOG } from '../../src/engine/catalog';
import { JOURNAL_FILE, type Journal, JournalLockedError, JournalStore } from '../../src/engine/journal';

function sampleJournal(appVersion = '1.0.0'): Journal {
  return {
    schema: 'pupperware-journal/1',
    appVersion,
    runId: 'r1',
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    writes: 0,
    phase: 'running',
    options: RunOptionsSchema.parse({ distroUser: 'dev' }),
    interactiveUser: 'PC\\dev',
    simulation: null,
    reboots: 0,
    signOuts: 0,
    restart: null,
    resumeTask: null,
    signInNeeded: false,
    steps: Object.fromEntries(
      CATALOG.map((d) => [
        d.id,
        { status: 'waiting', changed: false, attempts: 0, durationMs: 0, summary: '', error: null },
      ]),
    ) as Journal['steps'],
    outcomeMessage: '',
  };
}

function store(appVersion = '1.0.0') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  return { dir, store: new JournalStore(dir, appVersion) };
}

describe('journal', () => {
  it('round-trips and counts its writes', () => {
    const { store: s } = store();
    const j = sampleJournal();
    s.save(j);
    s.save(j);
    const loaded = s.load();
    expect(loaded.kind).toBe('ok');
    if (loaded.kind === 'ok') expect(loaded.journal.writes).toBe(2);
  });

  it('is absent before the first run', () => {
    expect(store().store.load().kind).toBe('none');
  });

  const damaged: [string, (j: Journal) => string, RegExp][] = [
    ['truncated', (j) => JSON.stringify(j).slice(0, 80), /not valid JSON/],
    ['not JSON', () => 'PK\u0003\u0004 binary junk', /not valid JSON/],
    ['empty', () => '', /empty/],
    ['an unknown version', (j) => JSON.stringify({ ...j, schema: 'pupperware-journal/9' }), /unknown format/],
    [
      'from another app version',
      (j) => JSON.stringify({ ...j, appVersion: '0.0.1' }),
      /written by Pupperware Setup 0\.0\.1/,
    ],
    ['missing fields', (j) => JSON.stringify({ ...j, steps: undefined }), /incomplete/],
  ];
  for (const [kind, make, reason] of damaged) {
    it(`that is ${kind} is reported, kept aside, and not used`, () => {
      const { dir, store: s } = store();
      const content = make(sampleJournal());
      writeFileSync(path.join(dir, JOURNAL_FILE), content);
      const loaded = s.load();
      expect(loaded.kind).toBe('damaged');
      if (loaded.kind !== 'damaged') return;
      expect(loaded.reason).toMatch(reason);
      expect(existsSync(path.join(dir, JOURNAL_FILE))).toBe(false);
      expect(readFileSync(loaded.keptAt, 'utf8')).toBe(content);
      expect(readdirSync(dir).some((f) => f.startsWith('journal.damaged-'))).toBe(true);
      expect(s.load().kind).toBe('none');
    });
  }
});

describe('journal lock', () => {
  it('refuses a second run while the first one holds it', () => {
    const { dir } = store();
    const a = new JournalStore(dir, '1.0.0');
    a.lock();
    // A lock held by another live process (our parent stands in for it).
    writeFileSync(path.join(dir, 'journal.lock'), JSON.stringify({ pid: process.ppid }));
    const b = new JournalStore(dir, '1.0.0');
    expect(() => b.lock()).toThrow(JournalLockedError);
    expect(() => b.lock()).toThrow(/Another Pupperware Setup run is in progress/);
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const { dir } = store();
    writeFileSync(path.join(dir, 'journal.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const s = new JournalStore(dir, '1.0.0');
    expect(() => s.lock()).not.toThrow();
    s.unlock();
    expect(existsSync(path.join(dir, 'journal.lock'))).toBe(false);
  });
});
