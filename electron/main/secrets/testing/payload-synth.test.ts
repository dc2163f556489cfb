import { describe, expect, it } from 'vitest';
import { v } from '../../../../shared/ipc/validate';
import { mapStrings, parsePath, synthesizePayload } from './payload-synth';

const options = { accountId: 'acct_1', scratchDir: '/tmp/x' };

describe('synthesizePayload', () => {
  it('fills nested objects, literals, bounded numbers, patterns and optional fields from errors alone', () => {
    const schema = v.object({
      accountId: v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ }),
      server: v.object({
        host: v.string({ min: 1, pattern: /^[A-Za-z0-9.:[\]_-]+$/ }),
        port: v.number({ integer: true, min: 1, max: 65535 }),
        security: v.literal('tls', 'starttls'),
        pinned: v.optional(v.string()),
      }),
      count: v.literal(3, 4),
      flag: v.boolean(),
      body: v.bytes(),
      tags: v.array(v.string()),
      note: v.nullable(v.string({ min: 5 })),
    });
    const out = synthesizePayload(schema, options);
    expect(out.valid).toBe(true);
    expect(out.value).toEqual({
      accountId: 'acct_1',
      server: { host: '127.0.0.1', port: 1, security: 'tls' },
      count: 3,
      flag: false,
      body: Uint8Array.of(0x68, 0x69),
      tags: [],
      note: 'acct_1',
    });
  });

  it('answers undefined for an empty payload and says so when it cannot satisfy a schema', () => {
    expect(synthesizePayload(v.none(), options)).toEqual({ value: undefined, valid: true });
    expect(synthesizePayload(v.string({ pattern: /^never$/ }), options).valid).toBe(false);
  });

  it('parses paths and maps string leaves', () => {
    expect(parsePath('a.b[2].c')).toEqual(['a', 'b', 2, 'c']);
    expect(parsePath('[0]')).toEqual([0]);
    expect(mapStrings({ a: 'x', b: [1, 'y'], c: Uint8Array.of(1) }, (s) => `${s}!`)).toEqual({ a: 'x!', b: [1, 'y!'], c: Uint8Array.of(1) });
  });
});
