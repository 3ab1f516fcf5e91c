import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder's own YAML reader and JSON schema, read offline (its dependencies, not ours).
const require = createRequire(path.resolve('node_modules/app-builder-lib/package.json'));
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (
  opts: object,
) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };

// biome-ignore lint/suspicious/noExplicitAny: a test walks an untyped YAML document
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder 26 scheme.json', () => {
    const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? null, JSON.stringify(validate.errors)).toBeNull();
    expect(ok).toBe(true);
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).toBe(false); // the schema does catch typos
  });

  it('turns off RunAsNode, NODE_OPTIONS and --inspect in release builds', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('installs per machine and runs elevated, without a second UAC prompt after install', () => {
    expect(config.win.requestedExecutionLevel).toBe('requireAdministrator');
    expect(config.nsis.perMachine).toBe(true);
    expect(config.nsis.runAfterFinish).toBe(false);
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('node_modules/node-pty/**');
  });
});
