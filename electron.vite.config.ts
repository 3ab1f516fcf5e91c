/**
 * electron-vite: main (Node, CommonJS), preload (sandboxed, CommonJS, bundled with only `electron`
 * external), renderer (src/renderer, served from app://setup/ by main). `npm run build` → out/.
 */
import path from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: path.resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() node_modules: bundle everything but electron.
      externalizeDeps: false,
      rollupOptions: { input: { index: path.resolve(__dirname, 'src/preload/index.ts') }, external: ['electron'] },
    },
  },
  renderer: {
    root: path.resolve(__dirname, 'src/renderer'),
    base: './',
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir: path.resolve(__dirname, 'out/renderer'),
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: { index: path.resolve(__dirname, 'src/renderer/index.html') },
        onwarn(warning, warn) {
          // Fluent UI marks its modules 'use client' (a React Server Components hint that means nothing here).
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  },
});
