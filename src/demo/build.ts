/**
 * Builds the renderer for the browser rehearsal with Vite's JS API: the same src/renderer as the
 * Electron app, plus the small bootstrap that installs `window.setup` over the WebSocket.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type InlineConfig } from 'vite';

export const DEMO_BOOTSTRAP_FILE = 'demo-bootstrap.js';

export function repoDir(): string {
  return path.resolve(__dirname, '..', '..');
}

export function rendererViteConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    root: path.join(repoDir(), 'src', 'renderer'),
    base: './',
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      chunkSizeWarningLimit: 4096,
      modulePreload: { polyfill: false },
      rollupOptions: {
        // Fluent UI marks its modules 'use client' (a React Server Components hint that means nothing here).
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  };
}

export async function buildDemo(outDir: string): Promise<void> {
  await build(rendererViteConfig(outDir));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoDir(),
    build: {
      outDir,
      emptyOutDir: false,
      sourcemap: false,
      lib: {
        entry: path.join(repoDir(), 'src', 'demo', 'bootstrap.ts'),
        formats: ['es'],
        fileName: () => DEMO_BOOTSTRAP_FILE,
      },
    },
  });
  // The bootstrap must run before the wizard's module script.
  const indexPath = path.join(outDir, 'index.html');
  const html = readFileSync(indexPath, 'utf8');
  const tag = `<script type="module" src="./${DEMO_BOOTSTRAP_FILE}"></script>`;
  if (!html.includes(tag))
    writeFileSync(indexPath, html.replace('<script type="module"', `${tag}\n    <script type="module"`));
}
