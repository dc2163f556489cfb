import { describe, expect, it } from 'vitest';
import { checkSender, idnForms, punycodeDecode } from './address-check';

describe('sender checks', () => {
  it('flags a display name that carries another address', () => {
    expect(checkSender({ name: 'PayPal <service@paypal.com>', address: 'x@evil.example' }).claimed).toEqual(['service@paypal.com']);
    expect(checkSender({ name: '"service@paypal.com"', address: 'x@evil.example' }).claimed).toEqual(['service@paypal.com']);
    // Its own address in the name is fine, whatever the case.
    expect(checkSender({ name: 'Bob@Example.com', address: 'bob@example.com' }).claimed).toEqual([]);
    expect(checkSender({ name: 'Bob Smith', address: 'bob@example.com' })).toEqual({ claimed: [], idn: null });
  });

  it('shows internationalized domains in both forms', () => {
    expect(punycodeDecode('bcher-kva')).toBe('bücher');
    expect(punycodeDecode('80ak6aa92e')).toBe('аррӏе');
    expect(punycodeDecode('!!')).toBeNull();
    expect(idnForms('xn--bcher-kva.example')).toEqual({ ascii: 'xn--bcher-kva.example', unicode: 'bücher.example' });
    expect(idnForms('bücher.example')).toEqual({ ascii: 'xn--bcher-kva.example', unicode: 'bücher.example' });
    expect(checkSender({ name: 'Apple', address: 'id@xn--80ak6aa92e.com' }).idn).toEqual({ ascii: 'xn--80ak6aa92e.com', unicode: 'аррӏе.com' });
  });
});
