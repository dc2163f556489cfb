import { describe, expect, it } from 'vitest';
import { mailtoFromArgv } from './launch-args';
import { MailtoInbox, MAX_PENDING_MAILTO } from './mailto-inbox';

describe('mailtoFromArgv', () => {
  it('takes mailto links and ignores everything else a command line can carry', () => {
    const argv = ['/opt/Heron Mail/heron-mail', '--no-sandbox', '--inspect=9229', '/home/a/evil.eml', 'https://example.com/', 'MAILTO:bob@example.com?subject=Hello%20Bob', 'javascript:alert(1)', 'mailto:a b@example.com'];
    expect(mailtoFromArgv(argv)).toEqual(['mailto:bob@example.com?subject=Hello%20Bob']);
  });
  it('refuses oversized links and caps how many it takes', () => {
    expect(mailtoFromArgv([`mailto:a@example.com?body=${'x'.repeat(9000)}`])).toEqual([]);
    expect(mailtoFromArgv(Array.from({ length: 20 }, (_, i) => `mailto:u${i}@example.com`))).toHaveLength(8);
  });
});

describe('MailtoInbox', () => {
  it('queues vetted links once each, notifies, and hands them out once', () => {
    const notes: number[] = [];
    const inbox = new MailtoInbox((n) => notes.push(n));
    expect(inbox.push('mailto:a@example.com')).toBe(true);
    expect(inbox.push('mailto:a@example.com')).toBe(false);
    expect(inbox.push('https://example.com')).toBe(false);
    expect(inbox.push('mailto:b@example.com')).toBe(true);
    expect(notes).toEqual([1, 2]);
    expect(inbox.take()).toEqual(['mailto:a@example.com', 'mailto:b@example.com']);
    expect(inbox.take()).toEqual([]);
  });
  it('stays bounded, keeping the newest links', () => {
    const inbox = new MailtoInbox(() => undefined);
    for (let i = 0; i < MAX_PENDING_MAILTO + 5; i += 1) inbox.push(`mailto:u${i}@example.com`);
    const taken = inbox.take();
    expect(taken).toHaveLength(MAX_PENDING_MAILTO);
    expect(taken[0]).toBe('mailto:u5@example.com');
  });
});
