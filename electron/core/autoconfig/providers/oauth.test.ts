import { describe, expect, it } from 'vitest';
import { providerForHost } from '../../oauth/types';
import { allBundledProviders } from './index';
import { OAUTH_PROVIDERS } from './oauth';

describe('the providers Heron signs in to', () => {
  it('asks Google and Microsoft for exactly the scopes POP3 and SMTP need, at their own endpoints', () => {
    const byId = Object.fromEntries(OAUTH_PROVIDERS.map((p) => [p.id, p]));
    expect(byId.google).toMatchObject({
      authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenEndpoint: 'https://oauth2.googleapis.com/token',
      scopes: ['https://mail.google.com/'],
      authorizationParams: { access_type: 'offline', prompt: 'consent' },
    });
    expect(byId.microsoft).toMatchObject({
      authorizationEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
      tokenEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
      scopes: ['https://outlook.office.com/POP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
      defaultTenant: 'common',
    });
    for (const p of OAUTH_PROVIDERS) expect(new URL(p.registerUrl).protocol, p.id).toBe('https:');
  });

  it('every bundled server that lists OAuth2 belongs to a provider Heron can sign in to, and Gmail’s and Microsoft’s do', () => {
    const signIn = allBundledProviders().flatMap((p) => [...p.incoming, ...p.outgoing].filter((s) => s.oauth).map((s) => s.hostname));
    expect(signIn.length).toBeGreaterThan(0);
    for (const host of signIn) expect(providerForHost(OAUTH_PROVIDERS, host)?.id, host).toBeDefined();
    expect(['pop.gmail.com', 'smtp.gmail.com'].map((h) => providerForHost(OAUTH_PROVIDERS, h)?.id)).toEqual(['google', 'google']);
    expect(['outlook.office365.com', 'smtp-mail.outlook.com', 'smtp.office365.com'].map((h) => providerForHost(OAUTH_PROVIDERS, h)?.id)).toEqual(['microsoft', 'microsoft', 'microsoft']);
  });
});
