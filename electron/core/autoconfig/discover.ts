/**
 * Account discovery: from an email address to server settings, with a checklist of what was
 * tried. All network sources run at once; the answer is taken by trust, not by speed:
 *
 *   1. bundled database — reviewed by Heron's developers, cannot be altered by anyone on the network;
 *   2. the provider's own autoconfig — authoritative for its domain and fetched over verified HTTPS;
 *   3. DNS SRV — published by the domain owner, but plain DNS is unauthenticated (no DNSSEC check here);
 *   4. MX → a known provider — an inference: the domain's mail is hosted there, so its mailboxes likely are;
 *   5. probing — a guess at host names, only as good as the certificate that answers.
 *
 * A lower source is used only when every higher one has finished without an answer for that side
 * (incoming and outgoing are decided separately). Everything is bounded: each step has its own
 * deadline and the whole discovery ends within `totalMs` (default 14 s) even if every server hangs.
 */
import type { Discovery, DiscoveryProgress, DiscoverySource } from '../../../shared/ipc/calls/setup';
import { HeronError } from '../../../shared/ipc/result';
import type { DnsResolver } from './dns';
import { parseEmailAddress } from './hosts';
import type { ProbeIncoming, ProbeOutgoing } from './probe';
import { noPop3Provider, providerForDomain } from './providers/index';
import { answerFromConfig, fromMx, fromProbing, fromProviderAutoconfig, fromSrv, type Report, type SignInCheck, type SourceAnswer, type SourceContext } from './sources';

export interface DiscoverTimeouts {
  /** The whole discovery. */
  readonly totalMs: number;
  /** Each HTTPS autoconfig request (the fetcher enforces it; discovery passes it on). */
  readonly httpMs: number;
  /** Each probe connection, including its TLS handshake and CAPA/EHLO. */
  readonly probeMs: number;
}

export const DEFAULT_DISCOVER_TIMEOUTS: DiscoverTimeouts = { totalMs: 14_000, httpMs: 5_000, probeMs: 6_000 };

export interface DiscoverDeps {
  /** A fresh resolver for this discovery (cancelled when it ends). */
  readonly createResolver: () => DnsResolver;
  /** HTTPS GET of a settings file, verified, size-capped, deadline `timeoutMs`. */
  readonly fetchText: (url: string, options: { signal: AbortSignal; timeoutMs: number }) => Promise<string>;
  readonly probeIncoming: ProbeIncoming;
  readonly probeOutgoing: ProbeOutgoing;
  readonly timeouts?: Partial<DiscoverTimeouts>;
  /** The mail servers Heron can sign in to with OAuth2, and whether it has a registration for each (none: no sign-in). */
  readonly signInHosts?: () => Promise<ReadonlyMap<string, 'ready' | 'unregistered'>>;
}

export interface DiscoverOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (item: DiscoveryProgress) => void;
}

const ORDER: readonly DiscoverySource[] = ['bundled', 'autoconfig', 'srv', 'mx', 'probe'];

export async function discover(rawEmail: string, deps: DiscoverDeps, options: DiscoverOptions = {}): Promise<Discovery> {
  const email = parseEmailAddress(rawEmail);
  const timeouts = { ...DEFAULT_DISCOVER_TIMEOUTS, ...deps.timeouts };
  const steps = new Map<string, DiscoveryProgress>();
  const report: Report = (source, target, status, detail) => {
    const item: DiscoveryProgress = { email: email.address, source, target, status, detail };
    steps.delete(`${source} ${target}`); // keep the checklist in the order things settled
    steps.set(`${source} ${target}`, item);
    options.onProgress?.(item);
  };
  const finish = (answers: ReadonlyArray<SourceAnswer | null | undefined>): Discovery => assemble(email.address, answers, [...steps.values()]);

  if (options.signal?.aborted) throw new HeronError('EABORTED', 'Discovery was cancelled.');
  const hosts = (await deps.signInHosts?.()) ?? new Map<string, 'ready' | 'unregistered'>();
  const signIn: SignInCheck = (host) => hosts.get(host.toLowerCase()) ?? null;

  // 1. The bundled database is local and instant; when it knows the domain nothing else is asked
  // (and the domain is not revealed to DNS or web servers for nothing).
  const known = providerForDomain(email.domain);
  const noPop3 = noPop3Provider(email.domain);
  if (noPop3) {
    report('bundled', email.domain, 'nothing', noPop3.reason);
    return { ...finish([]), provider: noPop3.name, hints: [noPop3.reason] };
  }
  if (known) {
    report('bundled', email.domain, 'found', `${email.domain} is ${known.displayName}, from Heron's list of providers.`);
    const answer = answerFromConfig(known, email, 'bundled', signIn);
    if (answer.incoming && answer.outgoing) return finish([answer]);
  } else {
    report('bundled', email.domain, 'nothing', `${email.domain} is not in Heron's list of providers.`);
  }
  const bundled = known ? answerFromConfig(known, email, 'bundled', signIn) : null;

  const overall = new AbortController();
  const onOuterAbort = () => overall.abort(new HeronError('EABORTED', 'Discovery was cancelled.'));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const budget = setTimeout(() => overall.abort(new HeronError('ETIMEDOUT', 'Discovery ran out of time.')), timeouts.totalMs);
  const resolver = deps.createResolver();
  overall.signal.addEventListener('abort', () => resolver.cancel(), { once: true });

  const ctx: SourceContext = { email, signal: overall.signal, report, signIn };
  const runs: Array<() => Promise<SourceAnswer | null>> = [
    () => fromProviderAutoconfig(ctx, (url, signal) => deps.fetchText(url, { signal, timeoutMs: timeouts.httpMs })),
    () => fromSrv(ctx, resolver),
    () => fromMx(ctx, resolver),
    () => fromProbing(ctx, { incoming: deps.probeIncoming, outgoing: deps.probeOutgoing, timeoutMs: timeouts.probeMs }),
  ];
  // answers[i]: undefined while source i runs, null when it found nothing.
  const answers: Array<SourceAnswer | null | undefined> = [bundled, ...runs.map(() => undefined)];
  try {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (overall.signal.aborted || (decided(answers, 'incoming') && decided(answers, 'outgoing'))) resolve();
      };
      overall.signal.addEventListener('abort', () => resolve(), { once: true });
      runs.forEach((run, i) => {
        run()
          .catch(() => null) // sources report their own failures; a bug in one must not sink the rest
          .then((answer) => {
            answers[i + 1] = answer;
            check();
          });
      });
    });
  } finally {
    clearTimeout(budget);
    options.signal?.removeEventListener('abort', onOuterAbort);
    if (!overall.signal.aborted) overall.abort(new HeronError('EABORTED', 'A more trusted source answered.'));
  }
  if (options.signal?.aborted) throw new HeronError('EABORTED', 'Discovery was cancelled.');
  // Whatever is still pending when time runs out counts as no answer.
  return finish(answers.map((a) => a ?? null));
}

/** True when the answer for this side is certain: a source has it and every more trusted source is done. */
function decided(answers: ReadonlyArray<SourceAnswer | null | undefined>, side: 'incoming' | 'outgoing'): boolean {
  for (const answer of answers) {
    if (answer === undefined) return false;
    if (answer?.[side]) return true;
  }
  return true;
}

function assemble(email: string, answers: ReadonlyArray<SourceAnswer | null | undefined>, steps: DiscoveryProgress[]): Discovery {
  const pick = (side: 'incoming' | 'outgoing') => {
    const i = answers.findIndex((a) => a?.[side]);
    return i === -1 ? null : { answer: answers[i] as SourceAnswer, source: ORDER[i] as DiscoverySource };
  };
  const inc = pick('incoming');
  const out = pick('outgoing');
  const used = [inc?.answer, out?.answer].filter((a): a is SourceAnswer => a !== undefined);
  const hints = [...new Set(used.flatMap((a) => a.hints))];
  // With nothing usable, say what each source did find (plaintext servers, OAuth-only notes).
  if (used.length === 0) hints.push(...new Set(answers.flatMap((a) => a?.hints ?? [])));
  return {
    email,
    incoming: inc?.answer.incoming ?? null,
    outgoing: out?.answer.outgoing ?? null,
    incomingSource: inc?.source ?? null,
    outgoingSource: out?.source ?? null,
    username: inc?.answer.incoming?.username ?? email,
    provider: inc?.answer.provider ?? out?.answer.provider ?? null,
    hints,
    docsUrl: inc?.answer.docsUrl ?? null,
    insecureOptions: answers.flatMap((a) => a?.insecure ?? []),
    steps,
  };
}
