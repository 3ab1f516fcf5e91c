import { describe, expect, it } from 'vitest';
import { IPC_CHANNEL_NAMES, IPC_CHANNELS, type IpcResult } from '../../src/common/ipc';
import { createIpcHandlers, type HostActions } from '../../src/main/ipc/handlers';
import { createFakeService } from '../helpers/fake-service';

function setup() {
  const service = createFakeService();
  const acks: number[] = [];
  const host: HostActions = {
    environment: () => ({
      host: 'rehearsal',
      simulated: true,
      scenario: 'x',
      resumed: false,
      appVersion: '0',
      suggestedUser: 'dev',
      suggestedOptions: {},
      elevation: null,
    }),
    exportDiagnostics: async () => ({ path: '/tmp/d.zip' }),
    openLogFolder: async () => ({ path: '/tmp', opened: false }),
    relaunchElevated: async () => {},
    ackLog: (seq) => acks.push(seq),
  };
  return { service, acks, dispatcher: createIpcHandlers(service, host) };
}

const VALID_OPTIONS = { distroUser: 'dev', dockerSource: 'winget' as const };
const CANARY = 'Canary-Secret-4711';

describe('IPC handler table', () => {
  it('implements exactly the channels of the contract', () => {
    expect(IPC_CHANNEL_NAMES.sort()).toEqual(Object.keys(IPC_CHANNELS).sort());
  });

  it('dispatches a valid request to the engine and wraps the value', async () => {
    const { dispatcher, service } = setup();
    const r = await dispatcher.handle('start', { options: VALID_OPTIONS, password: 'pw' });
    expect(r.ok).toBe(true);
    expect(service.calls.at(-1)?.method).toBe('start');
    // Defaults filled in by the schema, password passed as data.
    expect(service.calls.at(-1)?.args[0]).toMatchObject({ distro: 'Ubuntu', distroUser: 'dev', firewallRule: false });
    expect(service.calls.at(-1)?.args[1]).toBe('pw');
  });

  it('routes acknowledgements to the host (the log pipe)', async () => {
    const { dispatcher, acks } = setup();
    expect(await dispatcher.handle('ackLog', { seq: 7 })).toEqual({ ok: true, value: null });
    expect(acks).toEqual([7]);
  });

  it('turns an engine error into { ok: false } instead of throwing', async () => {
    const { dispatcher, service } = setup();
    service.cancel = async () => {
      throw new Error('boom');
    };
    expect(await dispatcher.handle('cancel', undefined)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'boom' },
    });
  });

  it('never echoes a rejected password in the error', async () => {
    const { dispatcher } = setup();
    const r = await dispatcher.handle('start', { options: VALID_OPTIONS, password: `${CANARY}\n` });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(CANARY);
  });

  it('rejects 1,000+ malformed or unknown payloads, each with an error, without crashing', async () => {
    const { dispatcher, service } = setup();
    const weird: unknown[] = [
      undefined,
      null,
      0,
      -1,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '',
      'x'.repeat(100_000),
      true,
      [],
      [1, 2, 3],
      {},
      { __proto__: { polluted: true } },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { constructor: { prototype: { polluted: true } } },
      { options: null },
      { options: { distroUser: 'root' }, password: 'x' },
      { options: { distroUser: 'dev; rm -rf /' }, password: 'x' },
      { options: { ...VALID_OPTIONS, dockerSource: 'curl | sh' }, password: 'x' },
      { options: { ...VALID_OPTIONS, extra: 1 }, password: 'x' },
      { options: VALID_OPTIONS, password: 'a:b' },
      { options: VALID_OPTIONS, password: 'x'.repeat(300) },
      { options: VALID_OPTIONS, password: 42 },
      { options: VALID_OPTIONS },
      { options: VALID_OPTIONS, password: 'x', command: 'powershell -c evil' },
      { stepId: '../../etc/passwd' },
      { stepId: 'features', path: 'C:\\Windows' },
      { fixId: 'Invoke-Expression' },
      { fixId: '' },
      { fixId: 'a'.repeat(65) },
      { seq: -1 },
      { seq: 1.5 },
      { seq: '1' },
      { seq: Number.MAX_SAFE_INTEGER + 2 },
      { password: 'a\0b' },
      { password: CANARY, extra: true },
      new Date(),
      Symbol.for('x'),
      () => 1,
      new Map([[1, 2]]),
      new Uint8Array(10),
    ];
    const channels: unknown[] = [
      ...IPC_CHANNEL_NAMES,
      'exec',
      'shell',
      'openExternal',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
      42,
      null,
      undefined,
      {},
      'START',
      'start ',
      'pupperware-setup:start',
    ];
    let count = 0;
    const rng = mulberry32(4711);
    const results: IpcResult<unknown>[] = [];
    for (const channel of channels) {
      for (const payload of weird) {
        results.push(await dispatcher.handle(channel, payload));
        count++;
      }
    }
    // Random structured garbage on top, to go well past 1,000.
    for (let i = 0; i < 600; i++) {
      const channel = channels[Math.floor(rng() * channels.length)];
      results.push(await dispatcher.handle(channel, randomValue(rng, 0)));
      count++;
    }
    expect(count).toBeGreaterThanOrEqual(1000);
    for (const r of results) {
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) {
        expect(['invalid-argument', 'unknown-channel']).toContain(r.error.code);
        expect(r.error.message.length).toBeGreaterThan(0);
        expect(r.error.message).not.toContain(CANARY);
      }
    }
    // No-argument channels accept only `undefined`, so of the fixed list exactly those calls got through.
    const accepted = results.filter((r) => r.ok).length;
    const noArgChannels = IPC_CHANNEL_NAMES.filter((c) => IPC_CHANNELS[c].safeParse(undefined).success).length;
    expect(accepted).toBeLessThan(count / 10);
    expect(results.slice(0, channels.length * weird.length).filter((r) => r.ok).length).toBe(noArgChannels);
    // Nothing that was rejected reached the engine with a command or a path.
    for (const c of service.calls) expect(JSON.stringify(c.args ?? [])).not.toMatch(/rm -rf|powershell|etc\/passwd/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(rng: () => number, depth: number): unknown {
  const k = Math.floor(rng() * (depth > 2 ? 6 : 9));
  switch (k) {
    case 0:
      return null;
    case 1:
      return rng() * 1e6 - 5e5;
    case 2:
      return String.fromCharCode(...Array.from({ length: Math.floor(rng() * 40) }, () => Math.floor(rng() * 0xffff)));
    case 3:
      return rng() > 0.5;
    case 4:
      return undefined;
    case 5:
      return ['winget', 'root', 'features', '../x', '', '\u0000'][Math.floor(rng() * 6)];
    case 6:
      return Array.from({ length: Math.floor(rng() * 5) }, () => randomValue(rng, depth + 1));
    default: {
      const keys = [
        'options',
        'password',
        'seq',
        'stepId',
        'fixId',
        'distroUser',
        'dockerSource',
        'command',
        'path',
        '__proto__',
      ];
      const o: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(rng() * 4) + 1; i++)
        o[keys[Math.floor(rng() * keys.length)] as string] = randomValue(rng, depth + 1);
      return o;
    }
  }
}
