#!/usr/bin/env node
// Runs the TypeScript command line from a checkout (tsx compiles it on the fly).
require('tsx/cjs');
const { main } = require('../src/cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`pupperware-setup: unexpected error: ${err?.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
