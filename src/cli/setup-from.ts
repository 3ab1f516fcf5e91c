/** The engine for what the command-line flags name: the simulated PC (--simulate, --sim-state) or this one. */
import { createSetup, type Setup, type SetupConfig } from '../engine/setup';
import type { Args } from './main';

export function setupFrom(args: Args, extra: Partial<SetupConfig> = {}): Setup {
  return createSetup({
    ...(args.simulate ? { simulate: args.simulate } : {}),
    ...(args['sim-state'] ? { simState: args['sim-state'] } : {}),
    ...(args['data-dir'] ? { dataDir: args['data-dir'] } : {}),
    ...extra,
  });
}
