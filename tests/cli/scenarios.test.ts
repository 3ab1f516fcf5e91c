/** Every shipped scenario ends the way its file says it should. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, type Scenario } from '../../src/engine/sim/scenario';
import { cli, readReport, readState, tempDir } from './helpers';

const EXIT: Record<string, number> = { succeeded: 0, failed: 1, blocked: 3, 'reboot-required': 4 };
// Covered with more assertions elsewhere (run.test.ts, resume.test.ts).
const ELSEWHERE = new Set(['fresh-win10-2004', 'feature-never-activates', 'not-in-docker-users']);

// Machines that do not ship, described from docs/scenarios.md alone, passed by path as a user would.
const USER_DIR = path.resolve(__dirname, '..', 'fixtures', 'user-scenarios');
const userScenarios = readdirSync(USER_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ scenario: loadScenario(path.join(USER_DIR, f)), ref: path.join(USER_DIR, f) }));

const all: { scenario: Scenario; ref: string }[] = [
  ...listScenarios()
    .filter((s) => !ELSEWHERE.has(s.name))
    .map((scenario) => ({ scenario, ref: scenario.name })),
  ...userScenarios,
];

describe('scenarios end as their description implies', () => {
  for (const { scenario, ref } of all) {
    it(`${scenario.name}: ${scenario.expected?.outcome}`, async () => {
      const dir = tempDir(`scn-${scenario.name}-`);
      const report = path.join(dir, 'r.json');
      const state = path.join(dir, 'pc.json');
      const r = await cli(
        [
          'run',
          '--simulate',
          ref,
          '--sim-state',
          state,
          '--data-dir',
          path.join(dir, 'd'),
          '--auto-reboot',
          '--report',
          report,
        ],
        { PUPPERWARE_SETUP_PASSWORD: 'Scenario-Canary-1' },
      );
      const expected = scenario.expected;
      expect(expected).toBeDefined();
      if (!expected) return;
      if (!existsSync(report)) throw new Error(`no report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
      const rep = readReport(report);
      expect(rep.outcome, r.stdout.slice(-3000)).toBe(expected.outcome);
      expect(r.code).toBe(EXIT[expected.outcome]);
      if (expected.reboots !== undefined) expect(rep.reboots).toBe(expected.reboots);
      if (expected.diagnosis) expect(rep.diagnosis?.id).toBe(expected.diagnosis);
      if (expected.outcome === 'blocked') expect(readState(state).changes).toEqual([]);
      expect(readState(state).scheduledTasks).toEqual([]);
    });
  }
});
