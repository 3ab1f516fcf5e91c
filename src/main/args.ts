/**
 * Command-line arguments the app understands. Anything else (Chromium switches, Electron's own) is ignored.
 *   --resume                 started by the resume task after a restart or sign-out
 *   --simulate <scenario>    rehearsal: drive the simulated Windows host, never this PC
 */
export interface AppArgs {
  resume: boolean;
  simulate: string | null;
}

/** A shipped scenario name, or a path to a scenario JSON file. */
const SCENARIO_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function parseAppArgs(argv: readonly string[]): AppArgs {
  const args: AppArgs = { resume: false, simulate: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--resume') args.resume = true;
    else if (a === '--simulate' || a.startsWith('--simulate=')) {
      const value = a === '--simulate' ? argv[++i] : a.slice('--simulate='.length);
      if (!value || !(SCENARIO_NAME.test(value) || /\.json$/i.test(value))) {
        throw new Error(
          '--simulate needs a scenario name (see `pupperware-setup scenarios`) or a path to a .json file.',
        );
      }
      args.simulate = value;
    }
  }
  return args;
}
