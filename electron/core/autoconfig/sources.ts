/**
 * The five discovery sources. Each answers a SourceAnswer (or null for nothing) and reports what
 * it tried through `report`; none throws for an ordinary "no answer" — discovery moves on.
 */
import type { DiscoverySource, DiscoveryStatus, InsecureOption } from '../../../shared/ipc/calls/setup';
import { HeronError } from '../../../shared/ipc/result';
import type { IncomingServer, OutgoingServer, Pop3AuthMethod, SmtpAuthMethod } from '../../../shared/model/account';
import { parseClientConfig, type ConfigServer, type ProviderConfig } from './client-config';
import { orderMx, orderSrv, srvNames, type DnsResolver } from './dns';
import { expandUsername, normalizeHost, type EmailAddress } from './hosts';
import {
  chooseIncomingAuth, chooseOutgoingAuth, incomingCandidates, outgoingCandidates, runProbes, type ProbeIncoming, type ProbeOutgoing,
} from './probe';
import { providerForMx } from './providers/index';

export interface SourceAnswer {
  readonly incoming: IncomingServer | null;
  readonly outgoing: OutgoingServer | null;
  readonly provider: string | null;
  readonly hints: readonly string[];
  readonly docsUrl: string | null;
  readonly insecure: readonly InsecureOption[];
}

export type Report = (source: DiscoverySource, target: string, status: DiscoveryStatus, detail: string) => void;

/** Whether Heron can sign in (OAuth2) for a mail server: 'ready' with a client registration, 'unregistered' without. */
export type SignInCheck = (host: string) => 'ready' | 'unregistered' | null;

export interface SourceContext {
  readonly email: EmailAddress;
  readonly signal: AbortSignal;
  readonly report: Report;
  readonly signIn: SignInCheck;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns a provider's config into settings, skipping plaintext servers (never chosen silently). A
 * server that lists OAuth2 is signed in to in the browser when Heron has a registration for its
 * provider; otherwise its password login is used, and the person is told sign-in exists.
 */
export function answerFromConfig(config: ProviderConfig, email: EmailAddress, source: DiscoverySource, signIn: SignInCheck): SourceAnswer {
  const hints = [...config.hints];
  const insecure: InsecureOption[] = [];
  const pick = <A extends string>(servers: readonly ConfigServer<A>[], side: 'incoming' | 'outgoing'): { server: ConfigServer<A>; auth: A } | undefined => {
    for (const s of servers) {
      if (s.security === 'none') insecure.push({ side, host: s.hostname, port: s.port, source });
    }
    const secure = servers.filter((s) => s.security !== 'none');
    const signsIn = secure.find((s) => s.oauth && signIn(s.hostname) === 'ready');
    if (signsIn) return { server: signsIn, auth: 'xoauth2' as A };
    const password = secure.find((s) => s.auth.length > 0);
    const unregistered = secure.find((s) => s.oauth && signIn(s.hostname) === 'unregistered');
    if (unregistered) {
      const what = `${config.displayName} also offers signing in with your browser instead of a password; Heron needs an app registration for that (Settings → Sign-in with Google and Microsoft).`;
      if (!hints.includes(what)) hints.push(what);
    }
    if (!password && secure.some((s) => s.oauthOnly)) {
      hints.push(`${config.displayName} accepts only OAuth2 sign-in for ${side === 'incoming' ? 'POP3' : 'SMTP'}, which Heron cannot do for this server.`);
    }
    return password ? { server: password, auth: password.auth[0] as A } : undefined;
  };
  const inc = pick(config.incoming, 'incoming');
  const out = pick(config.outgoing, 'outgoing');
  return {
    incoming: inc
      ? { protocol: 'pop3', host: inc.server.hostname, port: inc.server.port, security: inc.server.security, username: expandUsername(inc.server.username, email), auth: inc.auth as Pop3AuthMethod }
      : null,
    outgoing: out
      ? { protocol: 'smtp', host: out.server.hostname, port: out.server.port, security: out.server.security, username: expandUsername(out.server.username, email), auth: out.auth as SmtpAuthMethod }
      : null,
    provider: config.displayName,
    hints,
    docsUrl: config.docsUrl,
    insecure,
  };
}

/** The provider's own autoconfig: both well-known URLs at once, the autoconfig.<domain> one preferred. */
export async function fromProviderAutoconfig(
  ctx: SourceContext,
  fetchText: (url: string, signal: AbortSignal) => Promise<string>,
): Promise<SourceAnswer | null> {
  const { domain, address } = ctx.email;
  const urls = [
    `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(address)}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
  ];
  const attempts = urls.map(async (url) => {
    ctx.report('autoconfig', url, 'trying', `Asking ${new URL(url).host} for its settings file.`);
    try {
      const config = parseClientConfig(await fetchText(url, ctx.signal), new URL(url).host);
      if (config.incoming.length === 0) {
        ctx.report('autoconfig', url, 'nothing', `The settings file from ${new URL(url).host} lists no POP3 server.`);
        return null;
      }
      ctx.report('autoconfig', url, 'found', `${new URL(url).host} published settings for ${config.displayName}.`);
      return answerFromConfig(config, ctx.email, 'autoconfig', ctx.signIn);
    } catch (error) {
      const notFound = error instanceof HeronError && (error.code === 'ENOTFOUND' || error.code === 'EABORTED');
      ctx.report('autoconfig', url, notFound ? 'nothing' : 'failed', message(error));
      return null;
    }
  });
  for (const attempt of attempts) {
    const answer = await attempt;
    if (answer) return answer;
  }
  return null;
}

/** DNS SRV (RFC 6186): implicit-TLS names first; a "." target means the service is not offered. */
export async function fromSrv(ctx: SourceContext, resolver: DnsResolver): Promise<SourceAnswer | null> {
  const names = srvNames(ctx.email.domain);
  const lookup = async (name: string): Promise<{ host: string; port: number } | null> => {
    ctx.report('srv', name, 'trying', `Looking up ${name}.`);
    try {
      const ordered = orderSrv(await resolver.resolveSrv(name));
      if (ordered === 'not-offered') {
        ctx.report('srv', name, 'nothing', `${name} says this service is not offered.`);
        return null;
      }
      const first = ordered[0];
      if (!first) {
        ctx.report('srv', name, 'nothing', `${name} has no usable record.`);
        return null;
      }
      const host = normalizeHost(first.name);
      ctx.report('srv', name, 'found', `${name} points to ${host}:${first.port}.`);
      return { host, port: first.port };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const nothing = ['ENOTFOUND', 'ENODATA', 'ECANCELLED', 'NOTFOUND', 'NODATA', 'CANCELLED'].includes(code) || ctx.signal.aborted;
      ctx.report('srv', name, nothing ? 'nothing' : 'failed', nothing ? `${name} has no record.` : `Looking up ${name} failed: ${message(error)}`);
      return null;
    }
  };
  const all = [...names.incoming, ...names.outgoing].map(([name, security]) => ({ security, result: lookup(name) }));
  const first = async (items: typeof all) => {
    for (const item of items) {
      const r = await item.result;
      if (r) return { ...r, security: item.security };
    }
    return null;
  };
  const [inc, out] = await Promise.all([first(all.slice(0, 2)), first(all.slice(2))]);
  if (!inc && !out) return null;
  const username = ctx.email.address;
  return {
    incoming: inc ? { protocol: 'pop3', host: inc.host, port: inc.port, security: inc.security, username, auth: 'user' } : null,
    outgoing: out ? { protocol: 'smtp', host: out.host, port: out.port, security: out.security, username, auth: 'plain' } : null,
    provider: null,
    hints: [],
    docsUrl: null,
    insecure: [],
  };
}

/** MX → a provider from the bundled database (custom domains hosted at Google, Microsoft…). */
export async function fromMx(ctx: SourceContext, resolver: DnsResolver): Promise<SourceAnswer | null> {
  const target = `MX ${ctx.email.domain}`;
  ctx.report('mx', target, 'trying', `Looking up the mail exchangers of ${ctx.email.domain}.`);
  let hosts: string[];
  try {
    hosts = orderMx(await resolver.resolveMx(ctx.email.domain));
  } catch (error) {
    ctx.report('mx', target, ctx.signal.aborted ? 'nothing' : 'failed', `Looking up the MX of ${ctx.email.domain} failed: ${message(error)}`);
    return null;
  }
  for (const host of hosts) {
    const provider = providerForMx(host);
    if (provider) {
      ctx.report('mx', target, 'found', `Mail for ${ctx.email.domain} goes to ${host}, which belongs to ${provider.displayName}.`);
      return answerFromConfig(provider, ctx.email, 'mx', ctx.signIn);
    }
  }
  ctx.report('mx', target, 'nothing', hosts.length === 0 ? `${ctx.email.domain} has no MX record.` : `The mail exchangers (${hosts.slice(0, 3).join(', ')}) belong to no known provider.`);
  return null;
}

/** Connecting to likely host names; only verified TLS or STARTTLS is ever chosen. */
export async function fromProbing(
  ctx: SourceContext,
  probes: { incoming: ProbeIncoming; outgoing: ProbeOutgoing; timeoutMs: number },
): Promise<SourceAnswer | null> {
  const events = (side: string) => ({
    trying: (target: string) => ctx.report('probe', target, 'trying', `Connecting to ${target} (${side}).`),
    result: (target: string, status: 'found' | 'nothing' | 'failed', detail: string) => ctx.report('probe', target, status, detail),
  });
  const [inc, out] = await Promise.all([
    runProbes(incomingCandidates(ctx.email.domain), probes.incoming, { signal: ctx.signal, probeTimeoutMs: probes.timeoutMs, events: events('POP3') }),
    runProbes(outgoingCandidates(ctx.email.domain), probes.outgoing, { signal: ctx.signal, probeTimeoutMs: probes.timeoutMs, events: events('SMTP') }),
  ]);
  const insecure: InsecureOption[] = [
    ...inc.plaintextOnly.map((s) => ({ side: 'incoming' as const, ...s, source: 'probe' as const })),
    ...out.plaintextOnly.map((s) => ({ side: 'outgoing' as const, ...s, source: 'probe' as const })),
  ];
  const hints: string[] = [];
  const incAuth = inc.chosen ? chooseIncomingAuth(inc.chosen.caps) : null;
  const outAuth = out.chosen ? chooseOutgoingAuth(out.chosen.caps) : null;
  if (inc.chosen && !incAuth) hints.push(`${inc.chosen.host} offers no password login Heron supports (it lists ${inc.chosen.caps.sasl.join(', ')}).`);
  if (out.chosen && !outAuth) hints.push(`${out.chosen.host} announced no password login (AUTH); check the outgoing server's settings with your provider.`);
  if (!inc.chosen && !out.chosen && insecure.length === 0) return null;
  const username = ctx.email.address;
  return {
    incoming: inc.chosen && incAuth ? { protocol: 'pop3', host: inc.chosen.host, port: inc.chosen.port, security: inc.chosen.security, username, auth: incAuth } : null,
    outgoing: out.chosen ? { protocol: 'smtp', host: out.chosen.host, port: out.chosen.port, security: out.chosen.security, username, auth: outAuth ?? 'plain' } : null,
    provider: null,
    hints,
    docsUrl: null,
    insecure,
  };
}
