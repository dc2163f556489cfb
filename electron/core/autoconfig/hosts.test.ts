import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { checkPort, expandUsername, normalizeHost, parseEmailAddress } from './hosts';

function refusal(fn: () => unknown): { message: string; field: unknown } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HeronError);
    expect((error as HeronError).code).toBe('EINVALID');
    return { message: (error as HeronError).message, field: (error as HeronError).detail?.field };
  }
  throw new Error('expected a refusal');
}

describe('normalizeHost', () => {
  it('trims, lower-cases, drops a trailing dot and converts IDN to punycode', () => {
    expect(normalizeHost('  Mail.Example.COM. ')).toBe('mail.example.com');
    expect(normalizeHost('pop.bücher.de')).toBe('pop.xn--bcher-kva.de');
    expect(normalizeHost('127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeHost('[::1]')).toBe('::1');
  });

  it('refuses schemes, ports, paths, spaces and line breaks with a message per case', () => {
    expect(refusal(() => normalizeHost('https://mail.example.com'))).toEqual({
      message: 'The server name "https://mail.example.com" should be just the name, without "https://".',
      field: 'host',
    });
    expect(refusal(() => normalizeHost('mail.example.com:995', 'incoming.host'))).toEqual({
      message: 'The server name "mail.example.com:995" should not include a port; enter the port in its own field.',
      field: 'incoming.host',
    });
    expect(refusal(() => normalizeHost('mail example.com')).message).toBe('The server name "mail example.com" contains a space.');
    expect(refusal(() => normalizeHost('mail.example.com\r\nQUIT')).message).toBe(
      'The server name "mail.example.com\uFFFD\uFFFDQUIT" contains a line break or control character.',
    );
    expect(refusal(() => normalizeHost('mail.example.com/x')).message).toMatch(/without a path/);
    expect(refusal(() => normalizeHost('')).message).toBe('The server name is empty.');
    expect(refusal(() => normalizeHost('-bad.example.com')).message).toMatch(/the part "-bad" is not allowed/);
  });
});

describe('checkPort', () => {
  it('accepts 1–65535 only', () => {
    expect(checkPort(995)).toBe(995);
    expect(checkPort('587')).toBe(587);
    expect(refusal(() => checkPort(0)).message).toBe('The port must be a whole number from 1 to 65535 (got "0").');
    expect(refusal(() => checkPort(65536)).field).toBe('port');
    expect(refusal(() => checkPort(99.5)).message).toMatch(/whole number/);
    expect(refusal(() => checkPort('99a')).message).toMatch(/got "99a"/);
  });
});

describe('parseEmailAddress', () => {
  it('splits and normalizes the domain, keeping the local part', () => {
    expect(parseEmailAddress(' Alice.Smith@Example.COM ')).toEqual({
      address: 'Alice.Smith@example.com',
      localPart: 'Alice.Smith',
      domain: 'example.com',
    });
    expect(parseEmailAddress('jürgen@bücher.de').domain).toBe('xn--bcher-kva.de');
  });

  it('explains what is wrong with a bad address', () => {
    expect(refusal(() => parseEmailAddress('alice')).message).toBe('The email address "alice" has no "@"; it should look like name@example.com.');
    expect(refusal(() => parseEmailAddress('@example.com')).message).toBe('The email address "@example.com" has nothing before the "@".');
    expect(refusal(() => parseEmailAddress('alice@')).message).toBe('The email address "alice@" has nothing after the "@".');
    expect(refusal(() => parseEmailAddress('al ice@example.com')).message).toMatch(/contains a space/);
    expect(refusal(() => parseEmailAddress('alice@localhost')).message).toMatch(/should be a domain such as example.com/);
    expect(refusal(() => parseEmailAddress('alice@[127.0.0.1]')).message).toMatch(/is not a valid domain|should be a domain/);
    expect(refusal(() => parseEmailAddress(`${'a'.repeat(65)}@example.com`)).message).toMatch(/longer than 64/);
    expect(refusal(() => parseEmailAddress('a..b@example.com')).message).toMatch(/misplaced dot/);
    expect(refusal(() => parseEmailAddress('')).message).toBe('Enter your email address.');
  });
});

describe('expandUsername', () => {
  it('fills the ISPDB placeholders', () => {
    const email = parseEmailAddress('bob@example.org');
    expect(expandUsername('%EMAILADDRESS%', email)).toBe('bob@example.org');
    expect(expandUsername('%EMAILLOCALPART%', email)).toBe('bob');
    expect(expandUsername('%EMAILLOCALPART%+x@%EMAILDOMAIN%', email)).toBe('bob+x@example.org');
  });
});
