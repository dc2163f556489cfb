import { describe, expect, it } from 'vitest';
import { addressError, asciiDomain, nameHidesAddress, parseRecipients, suggestBcc } from './addresses';

describe('address validation', () => {
  it.each([
    'alice@example.com',
    'a.b+tag@sub.example.co.uk',
    '"john doe"@example.com',
    "o'brien@example.ie",
    'user@bücher.example',
    'x@xn--bcher-kva.example',
  ])('%s is valid', (a) => {
    expect(addressError(a)).toBeNull();
  });

  it.each([
    ['', 'The address is empty.'],
    ['alice', '“alice” is not an email address: it needs a name, “@” and a domain, like alice@example.com.'],
    ['alice@', '“alice@” is not an email address: it needs a name, “@” and a domain, like alice@example.com.'],
    ['@example.com', '“@example.com” is not an email address: it needs a name, “@” and a domain, like alice@example.com.'],
    ['a..b@example.com', 'The part before “@” in “a..b@example.com” has characters an address cannot have.'],
    ['a b@example.com', 'The part before “@” in “a b@example.com” has characters an address cannot have.'],
    ['alice@localhost', 'The domain in “alice@localhost” is not a valid domain name.'],
    ['alice@-bad.example', 'The domain in “alice@-bad.example” is not a valid domain name.'],
    ['alice@exa mple.com', 'The domain in “alice@exa mple.com” is not a valid domain name.'],
    ['alice@1.2.3.4', 'The domain in “alice@1.2.3.4” is not a valid domain name.'],
    ['a\r\nRCPT TO:<x@y.z>@example.com', '“a\r\nRCPT TO:<x@y.z>@example.com” contains a line break or a control character.'],
    ['jürgen@example.de', '“jürgen@example.de” has non-ASCII characters before “@”; the outgoing server does not say it accepts such addresses (SMTPUTF8).'],
  ])('%j → %s', (a, error) => {
    expect(addressError(a)).toBe(error);
  });

  it('a non-ASCII local part is fine where the server offers SMTPUTF8', () => {
    expect(addressError('jürgen@example.de', { smtpUtf8: true })).toBeNull();
  });
  it('IDN domains become punycode', () => {
    expect(asciiDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(asciiDomain('EXAMPLE.com')).toBe('example.com');
  });
});

describe('parseRecipients', () => {
  it('splits on commas and semicolons outside quotes and brackets', () => {
    const chips = parseRecipients('a@x.org, "Doe, Jane" <jane@y.org>; Bob <bob@z.org>\nmailto:c@w.org, ');
    expect(chips).toEqual([
      { name: '', address: 'a@x.org', error: null },
      { name: 'Doe, Jane', address: 'jane@y.org', error: null },
      { name: 'Bob', address: 'bob@z.org', error: null },
      { name: '', address: 'c@w.org', error: null },
    ]);
  });
  it('keeps an invalid piece as a chip with its error', () => {
    const [chip] = parseRecipients('bob at example');
    expect(chip?.error).toMatch(/is not an email address/);
  });
  it('a quoted backslash-escaped quote stays inside the name', () => {
    expect(parseRecipients('"A \\"B\\", C" <a@b.cd>')).toEqual([{ name: 'A "B", C', address: 'a@b.cd', error: null }]);
  });
});

describe('deceptive names and many recipients', () => {
  it('a name holding another address hides the real one', () => {
    expect(nameHidesAddress({ name: 'support@bank.example', address: 'thief@evil.example' })).toBe(true);
    expect(nameHidesAddress({ name: 'Bank <support@bank.example>', address: 'support@bank.example' })).toBe(false);
    expect(nameHidesAddress({ name: 'Bob', address: 'bob@x.org' })).toBe(false);
  });
  it('more than 15 visible recipients suggests Bcc', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => ({ name: '', address: `p${i}@x.org` }));
    expect(suggestBcc(list(10), list(5))).toBe(false);
    expect(suggestBcc(list(10), list(6))).toBe(true);
  });
});
