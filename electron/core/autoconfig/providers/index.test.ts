import { describe, expect, it } from 'vitest';
import { allBundledProviders, BUNDLED_PROVIDERS, noPop3Provider, providerForDomain, providerForMx } from './index';

describe('bundled provider database', () => {
  it('parses every bundled file strictly, each with a secure POP3 and SMTP server', () => {
    const providers = allBundledProviders();
    expect(providers).toHaveLength(BUNDLED_PROVIDERS.length);
    expect(providers.length).toBeGreaterThanOrEqual(30);
    for (const p of providers) {
      expect(p.incoming.length, p.id).toBeGreaterThan(0);
      expect(p.outgoing.length, p.id).toBeGreaterThan(0);
      for (const s of [...p.incoming, ...p.outgoing]) expect(s.security, `${p.id} ${s.hostname}`).not.toBe('none');
      for (const s of p.incoming) expect([995]).toContain(s.port);
    }
  });

  it('gives no domain to two providers', () => {
    const seen = new Map<string, string>();
    for (const entry of allBundledProviders()) {
      for (const d of entry.domains) {
        expect(seen.get(d), d).toBeUndefined();
        seen.set(d, entry.id);
      }
    }
  });

  it('finds Gmail by domain, with its hints and exact servers', () => {
    const gmail = providerForDomain('GoogleMail.com');
    expect(gmail?.displayName).toBe('Gmail');
    expect(gmail?.incoming).toEqual([
      { hostname: 'pop.gmail.com', port: 995, security: 'tls', username: '%EMAILADDRESS%', auth: ['user'], oauth: true, oauthOnly: false },
    ]);
    expect(gmail?.outgoing.map((s) => `${s.hostname}:${s.port}:${s.security}`)).toEqual(['smtp.gmail.com:465:tls', 'smtp.gmail.com:587:starttls']);
    expect(gmail?.hints[0]).toMatch(/^Enable POP in Gmail's settings/);
    expect(gmail?.docsUrl).toBe('https://support.google.com/mail/answer/7104828');
  });

  it('maps MX hosts to providers by the longest suffix', () => {
    expect(providerForMx('alt1.aspmx.l.google.com.')?.id).toBe('googlemail.com');
    expect(providerForMx('contoso-com.mail.protection.outlook.com')?.id).toBe('office365.com');
    expect(providerForMx('mx-aol.mail.gm0.yahoodns.net')?.id).toBe('aol.com');
    expect(providerForMx('mta6.am0.yahoodns.net')?.id).toBe('yahoo.com');
    expect(providerForMx('mx01.mailbox.org')?.id).toBe('mailbox.org');
    expect(providerForMx('notmailbox.org')).toBeUndefined();
    expect(providerForMx('mx.example.net')).toBeUndefined();
  });

  it('knows providers that offer no POP3', () => {
    expect(noPop3Provider('icloud.com')?.reason).toBe('iCloud Mail offers only IMAP, not POP3, so Heron cannot fetch it.');
    expect(noPop3Provider('proton.me')?.name).toBe('Proton Mail');
    expect(noPop3Provider('gmail.com')).toBeUndefined();
  });
});
