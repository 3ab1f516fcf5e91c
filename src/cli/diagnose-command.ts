/** pupperware-setup diagnose: writes the diagnostics bundle for a (simulated) PC. */
import path from 'node:path';
import { RunOptionsSchema } from '../common/contract';
import { createDiagnosticsBundle } from '../engine/diagnostics/bundle';
import { OptionsError } from '../engine/setup';
import type { Args } from './main';
import { setupFrom } from './setup-from';

export async function diagnoseCommand(args: Args): Promise<number> {
  if (!args.out) throw new OptionsError('diagnose needs --out <file.zip>.');
  const setup = setupFrom(args);
  const { engine } = setup;
  const options = engine.pendingRun()?.options;
  const runOptions = options ?? RunOptionsSchema.parse({ distroUser: 'pupperware' });
  const { result } = await engine.preflight(runOptions);
  const validation = await engine.revalidate(runOptions);
  const secret = process.env.PUPPERWARE_SETUP_PASSWORD;
  delete process.env.PUPPERWARE_SETUP_PASSWORD;
  const bundle = await createDiagnosticsBundle({
    dataDir: setup.dataDir,
    destination: path.resolve(args.out),
    appVersion: engine.config.appVersion,
    systemFacts: result.facts ?? {},
    validation,
    secrets: secret ? [secret] : [],
  });
  process.stdout.write(`Diagnostics bundle: ${bundle.path} (${bundle.bytes} bytes, ${bundle.entries.length} files)\n`);
  return 0;
}
