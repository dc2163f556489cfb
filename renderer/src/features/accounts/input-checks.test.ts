import { describe, expect, it } from 'vitest';
import {
  checkDays,
  checkEmail,
  checkHost,
  checkInterval,
  checkName,
  checkOptionalEmail,
  checkPassword,
  checkPort,
  checkSizeLimitKb,
  checkUsername,
} from './input-checks';

const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }) => (r.ok ? r.value : `ERROR: ${r.error}`);

describe('checkHost', () => {
  it('trims, lower-cases, drops a trailing dot and converts IDN to punycode', () => {
    expect(value(checkHost('  Mail.Example.COM  '))).toBe('mail.example.com');
    expect(value(checkHost('pop.example.com.'))).toBe('pop.example.com');
    expect(value(checkHost('pop.bücher.example'))).toBe('pop.xn--bcher-kva.example');
    expect(value(checkHost('mail.例え.jp'))).toBe('mail.xn--r8jz45g.jp');
    expect(value(checkHost('127.0.0.1'))).toBe('127.0.0.1');
    expect(value(checkHost('[::1]'))).toBe('[::1]');
    expect(value(checkHost('localhost'))).toBe('localhost');
  });

  it.each([
    ['', 'Enter the server name, for example pop.example.com.'],
    ['mail example.com', 'The server name “mail example.com” contains a space.'],
    ['mail.example.com\r\nQUIT', 'The server name must be on one line.'],
    ['mail\u0000.example.com', 'The server name “mail\uFFFD.example.com” contains a control character.'],
    ['https://mail.example.com', 'Enter just the server name, without “https://”.'],
    ['pop3://mail.example.com:995/', 'Enter just the server name, without “pop3://”.'],
    ['mail.example.com/inbox', 'Enter just the server name, without a path (“mail.example.com/inbox”).'],
    ['alice@example.com', 'A server name has no “@”; “alice@example.com” looks like an email address.'],
    ['mail.example.com:995', 'Enter the port in the Port field, not after the server name.'],
    ['2001:db8::1', 'Write an IPv6 address in square brackets, for example [2001:db8::1].'],
    ['-bad-.example.com', '“-bad-.example.com” is not a valid server name.'],
    ['a..b', '“a..b” is not a valid server name.'],
    [`${'a'.repeat(64)}.example.com`, `“${'a'.repeat(60)}…” is not a valid server name.`],
  ])('refuses %j with words', (input, error) => {
    expect(checkHost(input)).toEqual({ ok: false, error });
  });

  it('refuses a name longer than 253 characters', () => {
    const long = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
    expect(checkHost(long)).toEqual({ ok: false, error: 'The server name is too long (at most 253 characters).' });
  });
});

describe('checkPort', () => {
  it('accepts 1–65535, trimmed', () => {
    expect(value(checkPort(' 995 '))).toBe(995);
    expect(value(checkPort('1'))).toBe(1);
    expect(value(checkPort('65535'))).toBe(65535);
  });
  it.each([
    ['', 'Enter the port number.'],
    ['0', 'The port must be from 1 to 65535 (got 0).'],
    ['65536', 'The port must be from 1 to 65535 (got 65536).'],
    ['99.5', 'The port must be a whole number (got “99.5”).'],
    ['-1', 'The port must be a whole number (got “-1”).'],
    ['pop', 'The port must be a whole number (got “pop”).'],
  ])('refuses %j', (input, error) => expect(checkPort(input)).toEqual({ ok: false, error }));
});

describe('checkEmail', () => {
  it('accepts an address and gives the punycode domain', () => {
    expect(checkEmail(' alice@example.com ')).toEqual({ ok: true, value: { address: 'alice@example.com', domain: 'example.com' } });
    expect(checkEmail('jörg@bücher.example')).toEqual({ ok: true, value: { address: 'jörg@bücher.example', domain: 'xn--bcher-kva.example' } });
    expect(checkEmail('alice+tag@mail.test.domain')).toMatchObject({ ok: true });
  });
  it.each([
    ['', 'Enter your email address.'],
    ['alice', '“alice” is missing the “@” and the domain, as in alice@example.com.'],
    ['@example.com', 'The part before “@” is empty.'],
    ['alice@', 'The part after “@” is empty; it should be your provider’s domain, as in example.com.'],
    ['alice@example', 'The domain “example” is incomplete; it usually looks like example.com.'],
    ['alice smith@example.com', 'The email address “alice smith@example.com” contains a space.'],
    ['Alice <alice@example.com>', 'The email address “Alice <alice@example.com>” contains a space.'],
    ['<alice@example.com>', 'Enter just the address, for example alice@example.com, without a name or “<>”.'],
    ['alice@example.com\r\nBcc: x@y.z', 'The email address must be on one line, without control characters.'],
    ['a@b@example.com', 'An email address has only one “@”.'],
    ['alice@exa mple.com', 'The email address “alice@exa mple.com” contains a space.'],
    ['alice@-x.com', 'The domain “-x.com” is not valid.'],
    [`${'a'.repeat(65)}@example.com`, 'The part before “@” is too long (at most 64 characters).'],
  ])('refuses %j', (input, error) => expect(checkEmail(input)).toEqual({ ok: false, error }));
});

describe('the other fields', () => {
  it('name', () => {
    expect(value(checkName('  Alice Liddell '))).toBe('Alice Liddell');
    expect(checkName(' ')).toEqual({ ok: false, error: 'Enter your name as recipients should see it.' });
    expect(checkName('Alice\r\nBcc: x')).toEqual({ ok: false, error: 'Your name must be on one line.' });
  });
  it('user name', () => {
    expect(value(checkUsername(' alice@example.com '))).toBe('alice@example.com');
    expect(checkUsername('')).toEqual({ ok: false, error: 'Enter the user name for this server (often your full email address).' });
    expect(checkUsername('alice\nPASS x')).toEqual({ ok: false, error: 'The user name must be on one line, without control characters.' });
  });
  it('password keeps spaces, refuses line breaks', () => {
    expect(value(checkPassword(' pass word '))).toBe(' pass word ');
    expect(checkPassword('')).toEqual({ ok: false, error: 'Enter the password.' });
    expect(checkPassword('a\r\nQUIT')).toEqual({ ok: false, error: 'The password cannot contain a line break.' });
    expect(checkPassword('x'.repeat(1025))).toEqual({ ok: false, error: 'The password is too long (at most 1,024 characters).' });
  });
  it('days, interval, size limit, reply-to', () => {
    expect(value(checkDays('14'))).toBe(14);
    expect(checkDays('0')).toEqual({ ok: false, error: 'Enter a number of days from 1 to 36,500.' });
    expect(checkDays('two')).toEqual({ ok: false, error: 'Enter a number of days, for example 14.' });
    expect(value(checkInterval('0'))).toBe(0);
    expect(value(checkInterval('10'))).toBe(10);
    expect(checkInterval('1441')).toEqual({ ok: false, error: 'Check at least once a day (at most 1,440 minutes).' });
    expect(value(checkSizeLimitKb(''))).toBeNull();
    expect(value(checkSizeLimitKb('500'))).toBe(512_000);
    expect(checkSizeLimitKb('0')).toEqual({ ok: false, error: 'Enter a size in KB (1 or more), or leave it empty for no limit.' });
    expect(value(checkOptionalEmail(''))).toBeNull();
    expect(value(checkOptionalEmail('team@example.com'))).toBe('team@example.com');
    expect(checkOptionalEmail('team')).toMatchObject({ ok: false });
  });
});
