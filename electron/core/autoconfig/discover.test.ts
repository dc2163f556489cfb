import https from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { discover, type DiscoverDeps } from './discover';
import { createResolver } from './dns';
import { fetchHttpsText } from './https-fetch';
import type { IncomingCapabilities, OutgoingCapabilities, ProbeRequest } from './probe';
import { startDnsServer, type TestDnsServer } from './testing/dns-server';
import { makeTestPki, type TestPki } from './testing/test-ca';

const ACME = `<clientConfig version="1.1"><emailProvider id="acme.test"><domain>acme.test</domain><displayName>Acme Mail</displayName>
<incomingServer type="pop3"><hostname>pop.acme.test</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.acme.test</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
<enable><instruction>Switch on POP in Acme's settings.</instruction></enable></emailProvider></clientConfig>`;
const WEB_HOSTS = new Set(['autoconfig.acme.test', 'autoconfig.bad.test', 'autoconfig.hang.test']);

let pki: TestPki;
let web: https.Server;
let webPort: number;
let dns: TestDnsServer;

const lookup: LookupFunction = (host, options, callback) => {
  if (!WEB_HOSTS.has(host)) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    (callback as (e: Error) => void)(error);
  } else if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: object[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

type Behaviour = IncomingCapabilities | OutgoingCapabilities | 'hang';
function fakeProbe<C>(table: Record<string, Behaviour>) {
  return async ({ host, port, security, signal }: ProbeRequest): Promise<C> => {
    const b = table[`${host}:${port}:${security}`];
    if (b === undefined) throw new HeronError('ECONNECTION', `${host}:${port} refused the connection.`);
    if (b === 'hang') return new Promise<C>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    return b as C;
  };
}

function deps(probes: Record<string, Behaviour> = {}, timeouts: DiscoverDeps['timeouts'] = { totalMs: 4000, httpMs: 1500, probeMs: 800 }): DiscoverDeps & { resolvers: number } {
  const d = {
    resolvers: 0,
    createResolver: () => {
      d.resolvers += 1;
      return createResolver({ servers: [dns.address], timeoutMs: 1000 });
    },
    fetchText: (url: string, { signal, timeoutMs }: { signal: AbortSignal; timeoutMs: number }) =>
      fetchHttpsText(url, { signal, timeoutMs, maxBytes: 16 * 1024, ca: [pki.ca], lookup, defaultPort: webPort }),
    probeIncoming: fakeProbe<IncomingCapabilities>(probes),
    probeOutgoing: fakeProbe<OutgoingCapabilities>(probes),
    timeouts,
  };
  return d;
}

beforeAll(async () => {
  pki = makeTestPki([...WEB_HOSTS]);
  web = https.createServer({ cert: pki.cert, key: pki.key }, (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    if (host === 'autoconfig.acme.test') res.end(ACME);
    else if (host === 'autoconfig.bad.test') res.end('<clientConfig><emailProvider id="bad.test"><incomingServer type="pop3">');
    else if (host === 'autoconfig.hang.test') res.write('<clientConfig>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;
  dns = await startDnsServer(
    {
      '_pop3s._tcp.acme.test': [{ type: 'SRV', priority: 0, weight: 1, port: 995, target: 'srv-pop.acme.test' }],
      '_pop3s._tcp.bad.test': [
        { type: 'SRV', priority: 10, weight: 1, port: 995, target: 'backup.bad.test' },
        { type: 'SRV', priority: 0, weight: 5, port: 995, target: 'pop.bad.test' },
      ],
      '_submission._tcp.bad.test': [{ type: 'SRV', priority: 0, weight: 0, port: 587, target: 'smtp.bad.test' }],
      '_pop3s._tcp.hosted.test': [{ type: 'SRV', priority: 0, weight: 0, port: 0, target: '.' }],
      'hosted.test': [{ type: 'MX', priority: 5, exchange: 'alt1.aspmx.l.google.com' }, { type: 'MX', priority: 1, exchange: 'aspmx.l.google.com' }],
    },
    { hang: ['_pop3s._tcp.hang.test', '_pop3._tcp.hang.test', '_submissions._tcp.hang.test', '_submission._tcp.hang.test', 'hang.test'] },
  );
});
afterAll(async () => {
  web.closeAllConnections();
  web.close();
  await dns.close();
});

describe('discover', () => {
  it('answers from the bundled database without touching the network', async () => {
    const d = deps();
    const progress: string[] = [];
    const result = await discover('Someone@GMAIL.com', d, { onProgress: (p) => progress.push(`${p.source} ${p.status}`) });
    expect(d.resolvers).toBe(0);
    expect(progress).toEqual(['bundled found']);
    expect(result).toMatchObject({
      incoming: { protocol: 'pop3', host: 'pop.gmail.com', port: 995, security: 'tls', username: 'Someone@gmail.com', auth: 'user' },
      outgoing: { protocol: 'smtp', host: 'smtp.gmail.com', port: 465, security: 'tls', auth: 'plain' },
      incomingSource: 'bundled', outgoingSource: 'bundled', provider: 'Gmail', insecureOptions: [],
    });
    expect(result.hints[0]).toMatch(/^Enable POP in Gmail's settings/);
  });

  it('a provider that lists OAuth2 is signed in to in the browser when Heron has a registration; without one, the password login is kept and the person is told', async () => {
    const gmailHosts = (ready: 'ready' | 'unregistered') => async () => new Map([['pop.gmail.com', ready], ['smtp.gmail.com', ready]] as const);
    const signIn = await discover('someone@gmail.com', { ...deps(), signInHosts: gmailHosts('ready') });
    expect(signIn).toMatchObject({
      incoming: { host: 'pop.gmail.com', port: 995, security: 'tls', username: 'someone@gmail.com', auth: 'xoauth2' },
      outgoing: { host: 'smtp.gmail.com', port: 465, security: 'tls', auth: 'xoauth2' },
    });
    const password = await discover('someone@gmail.com', { ...deps(), signInHosts: gmailHosts('unregistered') });
    expect(password).toMatchObject({ incoming: { auth: 'user' }, outgoing: { auth: 'plain' } });
    expect(password.hints).toContain('Gmail also offers signing in with your browser instead of a password; Heron needs an app registration for that (Settings → Sign-in with Google and Microsoft).');
  });

  it('says plainly when a provider offers no POP3', async () => {
    const result = await discover('me@icloud.com', deps());
    expect(result).toMatchObject({ incoming: null, outgoing: null, provider: 'iCloud Mail', hints: ['iCloud Mail offers only IMAP, not POP3, so Heron cannot fetch it.'] });
  });

  it("prefers the provider's autoconfig to SRV even though both answer", async () => {
    const result = await discover('ann@acme.test', deps());
    expect(result).toMatchObject({
      incoming: { host: 'pop.acme.test', port: 995, security: 'tls', username: 'ann' },
      outgoing: { host: 'smtp.acme.test', port: 465, security: 'tls', username: 'ann@acme.test' },
      incomingSource: 'autoconfig', provider: 'Acme Mail', hints: ["Switch on POP in Acme's settings."], username: 'ann',
    });
    expect(result.steps.find((s) => s.target === '_pop3s._tcp.acme.test')?.status).toMatch(/found|nothing/);
  });

  it('reports a malformed autoconfig file and falls back to SRV in priority order', async () => {
    const result = await discover('bob@bad.test', deps());
    const bad = result.steps.find((s) => s.target.startsWith('https://autoconfig.bad.test/'));
    expect(bad).toMatchObject({ source: 'autoconfig', status: 'failed' });
    expect(bad?.detail).toBe('The settings file from autoconfig.bad.test is not valid XML: Element <incomingServer> is never closed (line 1, column 72).');
    expect(result).toMatchObject({
      incoming: { host: 'pop.bad.test', port: 995, security: 'tls', username: 'bob@bad.test' },
      outgoing: { host: 'smtp.bad.test', port: 587, security: 'starttls' },
      incomingSource: 'srv', outgoingSource: 'srv',
    });
  });

  it('maps an MX at Google to Gmail settings (SRV "." says POP3 is not offered there)', async () => {
    const result = await discover('carol@hosted.test', deps());
    expect(result.steps.find((s) => s.target === '_pop3s._tcp.hosted.test')).toMatchObject({ status: 'nothing', detail: '_pop3s._tcp.hosted.test says this service is not offered.' });
    expect(result).toMatchObject({ incoming: { host: 'pop.gmail.com', username: 'carol@hosted.test' }, incomingSource: 'mx', provider: 'Gmail' });
  });

  it('probes in order, skips hung and refused servers, and picks verified TLS/STARTTLS', async () => {
    const result = await discover('dan@probe.test', deps({
      'pop.probe.test:995:tls': 'hang',
      'pop3.probe.test:995:tls': { user: true, stls: false, sasl: ['PLAIN'] },
      'mail.probe.test:995:tls': { user: true, stls: false, sasl: [] },
      'smtp.probe.test:465:tls': 'hang',
      'smtp.probe.test:587:none': { starttls: true, auth: [] },
      'smtp.probe.test:587:starttls': { starttls: false, auth: ['LOGIN', 'PLAIN'] },
    }));
    expect(result).toMatchObject({
      incoming: { host: 'pop3.probe.test', port: 995, security: 'tls', auth: 'plain', username: 'dan@probe.test' },
      outgoing: { host: 'smtp.probe.test', port: 587, security: 'starttls', auth: 'plain' },
      incomingSource: 'probe', outgoingSource: 'probe',
    });
    expect(result.steps.find((s) => s.target === 'pop.probe.test:995')).toMatchObject({ status: 'failed', detail: 'pop.probe.test:995 did not answer within 0.8 s.' });
    expect(result.steps.find((s) => s.target === 'pop.probe.test:110')).toMatchObject({ status: 'failed', detail: 'pop.probe.test:110 refused the connection.' });
  });

  it('never chooses a server that offers only plaintext', async () => {
    const result = await discover('eve@plain.test', deps({
      'pop.plain.test:110:none': { user: true, stls: false, sasl: [] },
      'smtp.plain.test:587:none': { starttls: false, auth: ['PLAIN'] },
    }));
    expect(result).toMatchObject({ incoming: null, outgoing: null, incomingSource: null });
    expect(result.insecureOptions).toEqual([
      { side: 'incoming', host: 'pop.plain.test', port: 110, source: 'probe' },
      { side: 'outgoing', host: 'smtp.plain.test', port: 587, source: 'probe' },
    ]);
    expect(result.steps.find((s) => s.target === 'pop.plain.test:110')?.detail).toBe(
      'pop.plain.test:110 answered but offers no encryption, so Heron will not use it automatically.',
    );
  });

  it('ends within its budget when HTTPS, DNS and every probe hang', async () => {
    const hangAll = Object.fromEntries(
      ['pop', 'pop3', 'mail', 'smtp', ''].flatMap((p) => [465, 587, 995, 110].flatMap((port) =>
        (['tls', 'starttls', 'none'] as const).map((sec) => [`${p ? `${p}.` : ''}hang.test:${port}:${sec}`, 'hang' as const]))),
    );
    const started = Date.now();
    const result = await discover('fay@hang.test', deps(hangAll, { totalMs: 1500, httpMs: 5000, probeMs: 5000 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(2500);
    expect(result).toMatchObject({ incoming: null, outgoing: null });
  });

  it('ends in under 15 s with the real default budget when everything hangs', async () => {
    const hangAll = Object.fromEntries(
      ['pop', 'pop3', 'mail', 'smtp', ''].flatMap((p) => [465, 587, 995, 110].flatMap((port) =>
        (['tls', 'starttls', 'none'] as const).map((sec) => [`${p ? `${p}.` : ''}hang.test:${port}:${sec}`, 'hang' as const]))),
    );
    const started = Date.now();
    const result = await discover('gus@hang.test', deps(hangAll, {}));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.incoming).toBeNull();
  }, 20_000);

  it('refuses a bad address with a clear message and stops when cancelled', async () => {
    await expect(discover('not an address', deps())).rejects.toMatchObject({ code: 'EINVALID', message: 'The email address "not an address" contains a space.' });
    const controller = new AbortController();
    const pending = discover('hal@hang.test', deps({}, { totalMs: 10_000, httpMs: 10_000, probeMs: 10_000 }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'EABORTED' });
  });
});
