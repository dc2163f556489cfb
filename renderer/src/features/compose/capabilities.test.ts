import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../../shared/ipc/result';
import type { SmtpCapabilitiesDto } from '../../../../shared/ipc/calls/send';
import type { Bridge } from '../../bridge/bridge';
import type { AccountRow } from '../../data/rows';
import type { Settings } from '../../data/settings-repo';
import { sizeLimit, type SizeLimitMemory } from './capabilities';

const caps = (size: number | null): SmtpCapabilitiesDto => ({ size, eightBitMime: true, smtpUtf8: false, pipelining: true, authMethods: ['PLAIN'], certificate: null });

/** A bridge whose smtpCapabilities answers what `answer` says, counting the calls. */
function bridge(answer: () => SmtpCapabilitiesDto | null) {
  const calls: string[] = [];
  const b = {
    call: async (name: string) => {
      calls.push(name);
      const value = answer();
      return value ? ok(value) : fail('ECONNECTION', 'The server cannot be reached.', { retryable: true });
    },
  } as unknown as Bridge;
  return { bridge: b, calls };
}

function memory(initial: Settings['smtpSizeLimits'] = {}): SizeLimitMemory & { limits: Settings['smtpSizeLimits'] } {
  const m = {
    limits: initial,
    read: async () => m.limits,
    write: async (limits: Settings['smtpSizeLimits']) => {
      m.limits = limits;
    },
  };
  return m;
}

let n = 0;
/** A fresh account (and so a fresh server key) per test: the per-session cache is module-wide. */
function account(port = 587): AccountRow {
  n += 1;
  return { id: `acct-${n}`, outgoing: { protocol: 'smtp', host: 'smtp.example.com', port, security: 'starttls', username: 'a', auth: 'plain' } } as unknown as AccountRow;
}

describe('the outgoing server\'s size limit, remembered across sessions', () => {
  it('reached: the limit as the server says it now, remembered with the time', async () => {
    const a = account();
    const mem = memory();
    const { bridge: b } = bridge(() => caps(10_485_760));
    expect(await sizeLimit(b, a, mem, () => 1_000)).toEqual({ size: 10_485_760, learnedAt: null });
    expect(mem.limits).toEqual({ [`${a.id}:smtp.example.com:587:starttls`]: { size: 10_485_760, learnedAt: 1_000 } });
  });

  it('out of reach: the last limit it announced, and when; never reached: nothing', async () => {
    const a = account();
    const key = `${a.id}:smtp.example.com:587:starttls`;
    const { bridge: offline, calls } = bridge(() => null);
    expect(await sizeLimit(offline, a, memory({ [key]: { size: 5_000_000, learnedAt: 42 } }))).toEqual({ size: 5_000_000, learnedAt: 42 });
    // A failed answer is not cached: the next compose asks again.
    expect(await sizeLimit(offline, a, memory())).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('a server that announces no limit is remembered as having none; another port is another server', async () => {
    const a = account();
    const mem = memory();
    expect(await sizeLimit(bridge(() => caps(null)).bridge, a, mem, () => 7)).toEqual({ size: null, learnedAt: null });
    const moved = { ...a, outgoing: { ...a.outgoing, port: 465, security: 'tls' } } as AccountRow;
    expect(await sizeLimit(bridge(() => null).bridge, moved, mem)).toBeNull();
    expect(Object.values(mem.limits)).toEqual([{ size: null, learnedAt: 7 }]);
  });
});
