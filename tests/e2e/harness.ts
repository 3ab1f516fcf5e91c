/** Shared by the e2e tests: Chromium (or a loud skip), the rehearsal server on a scenario, screenshots. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildDemo } from '../../src/demo/build';
import { type DemoServer, startDemoServer } from '../../src/demo/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

/** Chromium present? If not: fail under CI=true, skip loudly elsewhere. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** SKIPPING e2e tests: ${message} ***\n`);
  return false;
}

let builtUi: string | null = null;
export async function builtWizard(): Promise<string> {
  if (!builtUi) {
    builtUi = mkdtempSync(path.join(os.tmpdir(), 'pupperware-e2e-ui-'));
    await buildDemo(builtUi);
  }
  return builtUi;
}

export async function startRehearsal(scenario: string): Promise<DemoServer> {
  return startDemoServer({ scenario, staticDir: await builtWizard(), appVersion: '0.1.0-e2e' });
}

export async function launchBrowser(): Promise<{ ctx: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'pupperware-e2e-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1000, height: 700 },
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return {
    ctx,
    page,
    async close() {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function shoot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled' });
  return file;
}

/** Every file under `dir`, as text (for "the secret is nowhere on disk"). */
export function allFilesUnder(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const buf = readFileSync(p);
        // Logs may hold UTF-16LE (wsl.exe): check both decodings.
        out.push({ file: p, text: `${buf.toString('utf8')}\n${buf.toString('utf16le')}` });
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
