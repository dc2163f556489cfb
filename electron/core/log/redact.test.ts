import { describe, expect, it } from 'vitest';
import { createRedactor, messageDataLine } from './redact';

describe('redactor', () => {
  it('masks PASS and APOP digests', () => {
    const r = createRedactor();
    expect(r.client('USER alice')).toBe('USER alice');
    expect(r.client('PASS hunter2')).toBe('PASS ****');
    expect(r.client('APOP alice 0123456789abcdef')).toBe('APOP alice ****');
  });

  it('masks an AUTH initial response and every SASL continuation until the final reply', () => {
    const r = createRedactor();
    expect(r.client('AUTH PLAIN AGFsaWNlAGh1bnRlcjI=')).toBe('AUTH PLAIN ****');
    expect(r.client('AUTH LOGIN')).toBe('AUTH LOGIN');
    expect(r.server('+ VXNlcm5hbWU6')).toBe('+ VXNlcm5hbWU6');
    expect(r.client('YWxpY2U=')).toBe('****');
    expect(r.server('334 UGFzc3dvcmQ6')).toBe('334 UGFzc3dvcmQ6');
    expect(r.client('aHVudGVyMg==')).toBe('****');
    expect(r.server('+OK logged in')).toBe('+OK logged in');
    expect(r.client('STAT')).toBe('STAT');
  });

  it('caps long server lines and neutralises control characters', () => {
    const r = createRedactor();
    const out = r.server(`+OK ${'x'.repeat(2000)}\u001b[2J`);
    expect(out.length).toBeLessThan(560);
    expect(out).toContain('(2008 characters)');
    expect(r.server('-ERR \u001b[31mred')).toBe('-ERR \uFFFD[31mred');
  });
});

describe('messageDataLine', () => {
  it('says how much data came, with thousands grouped, and nothing else', () => {
    expect(messageDataLine(12_345)).toBe('[message data: 12,345 bytes]');
    expect(messageDataLine(7)).toBe('[message data: 7 bytes]');
    expect(messageDataLine(1_234_567, 'listing')).toBe('[listing: 1,234,567 bytes]');
  });
});
