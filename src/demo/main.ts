/**
 * `npm run demo [-- --scenario <name|path>] [--port <n>]`: builds the wizard, serves it on 127.0.0.1
 * with a random token, and drives the simulated Windows PC of the scenario (default fresh-win10-2004).
 * Type "r" and Enter to start over on a fresh simulated PC; Ctrl+C to stop.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDemo, repoDir } from './build';
import { startDemoServer } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const scenario = arg('scenario') ?? 'fresh-win10-2004';
  const port = arg('port') ? Number(arg('port')) : 0;
  const { version } = JSON.parse(readFileSync(path.join(repoDir(), 'package.json'), 'utf8')) as { version: string };
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'pupperware-demo-ui-'));
  process.stdout.write('Building the wizard…\n');
  await buildDemo(outDir);
  const server = await startDemoServer({ scenario, staticDir: outDir, appVersion: version, port });
  process.stdout.write(
    `\nPupperware Setup rehearsal: simulated PC "${scenario}" (nothing on this machine is changed).\n` +
      `Open: ${server.url}\n\nType "r" + Enter to start over on a fresh simulated PC, Ctrl+C to stop.\n`,
  );
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    if (line.trim() === 'r') {
      void server.reset().then(() => process.stdout.write('Reset: a fresh simulated PC. The page reloads.\n'));
    }
  });
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
