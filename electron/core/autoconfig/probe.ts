/**
 * Guessing by connecting: the last resort of discovery. Candidate hosts and ports follow
 * Thunderbird's guesser (pop./pop3./mail./bare domain; 995 implicit TLS before 110 + STLS;
 * smtp./mail./bare; 465 implicit TLS before 587 + STARTTLS, RFC 8314). A server that offers
 * only plaintext is reported as an insecure option and never chosen.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { Pop3AuthMethod, Security, SmtpAuthMethod } from '../../../shared/model/account';

export interface ProbeRequest {
  /** The server's name as the person would enter it; the probe resolves it and checks the certificate against it. */
  readonly host: string;
  readonly port: number;
  /** 'none' only reads the capabilities (no password is ever sent by a probe). */
  readonly security: Security;
  readonly signal: AbortSignal;
}

export interface IncomingCapabilities {
  readonly user: boolean;
  readonly stls: boolean;
  readonly sasl: readonly string[];
}

export interface OutgoingCapabilities {
  readonly starttls: boolean;
  /** AUTH mechanisms from EHLO, upper case. */
  readonly auth: readonly string[];
}

export type ProbeIncoming = (request: ProbeRequest) => Promise<IncomingCapabilities>;
export type ProbeOutgoing = (request: ProbeRequest) => Promise<OutgoingCapabilities>;

export interface Candidate {
  readonly host: string;
  readonly port: number;
  readonly security: Exclude<Security, 'none'>;
}

export function incomingCandidates(domain: string): Candidate[] {
  return [`pop.${domain}`, `pop3.${domain}`, `mail.${domain}`, domain].flatMap((host) => [
    { host, port: 995, security: 'tls' as const },
    { host, port: 110, security: 'starttls' as const },
  ]);
}

export function outgoingCandidates(domain: string): Candidate[] {
  return [`smtp.${domain}`, `mail.${domain}`, domain].flatMap((host) => [
    { host, port: 465, security: 'tls' as const },
    { host, port: 587, security: 'starttls' as const },
  ]);
}

/**
 * Picks a POP3 login method from CAPA (RFC 2449, RFC 5034). Every probe result comes over TLS,
 * so sending the password inside it is fine; SASL PLAIN and USER/PASS are the most widely
 * working, CRAM-MD5 is kept for servers that offer nothing else.
 */
export function chooseIncomingAuth(caps: IncomingCapabilities): Pop3AuthMethod | null {
  const sasl = caps.sasl.map((m) => m.toUpperCase());
  if (sasl.includes('PLAIN')) return 'plain';
  if (caps.user) return 'user';
  if (sasl.includes('LOGIN')) return 'login';
  if (sasl.includes('CRAM-MD5')) return 'cram-md5';
  // No CAPA, or a CAPA listing neither: USER/PASS is the RFC 1939 baseline.
  if (sasl.length === 0) return 'user';
  return null;
}

export function chooseOutgoingAuth(caps: OutgoingCapabilities): SmtpAuthMethod | null {
  const auth = caps.auth.map((m) => m.toUpperCase());
  if (auth.includes('PLAIN')) return 'plain';
  if (auth.includes('LOGIN')) return 'login';
  if (auth.includes('CRAM-MD5')) return 'cram-md5';
  // A submission server with no AUTH either relays for this network or wants XOAUTH2 only; neither is a guess to make.
  return null;
}

export interface ProbeOutcome<C> {
  readonly chosen: (Candidate & { readonly caps: C }) | null;
  /** Servers that answered but offered no encryption (port 110/587 without STLS/STARTTLS). */
  readonly plaintextOnly: ReadonlyArray<{ readonly host: string; readonly port: number }>;
}

export interface ProbeEvents {
  trying(target: string): void;
  result(target: string, status: 'found' | 'nothing' | 'failed', detail: string): void;
}

/**
 * Probes every candidate at once (each under its own deadline) and returns the first one, in
 * candidate order, that set up verified TLS. Later candidates are cancelled as soon as the
 * winner is certain.
 */
export async function runProbes<C extends IncomingCapabilities | OutgoingCapabilities>(
  candidates: readonly Candidate[],
  probe: (request: ProbeRequest) => Promise<C>,
  options: { signal: AbortSignal; probeTimeoutMs: number; events: ProbeEvents },
): Promise<ProbeOutcome<C>> {
  const controllers = candidates.map(() => new AbortController());
  const onAbort = () => controllers.forEach((c) => c.abort(options.signal.reason));
  options.signal.addEventListener('abort', onAbort, { once: true });
  const plaintextOnly: Array<{ host: string; port: number }> = [];
  const attempts = candidates.map(async (candidate, i) => {
    const controller = controllers[i] as AbortController;
    const target = `${candidate.host}:${candidate.port}`;
    options.events.trying(target);
    const timer = setTimeout(
      () => controller.abort(new HeronError('ETIMEDOUT', `${target} did not answer within ${options.probeTimeoutMs / 1000} s.`, { retryable: true })),
      options.probeTimeoutMs,
    );
    try {
      if (candidate.security === 'starttls') {
        // First look without TLS: a server that cannot upgrade is noted, never used.
        const plain = await probe({ host: candidate.host, port: candidate.port, security: 'none', signal: controller.signal });
        const upgradable = 'stls' in plain ? plain.stls : (plain as OutgoingCapabilities).starttls;
        if (!upgradable) {
          plaintextOnly.push({ host: candidate.host, port: candidate.port });
          options.events.result(target, 'nothing', `${target} answered but offers no encryption, so Heron will not use it automatically.`);
          return null;
        }
      }
      const caps = await probe({ host: candidate.host, port: candidate.port, security: candidate.security, signal: controller.signal });
      options.events.result(target, 'found', `${target} answered with ${candidate.security === 'tls' ? 'TLS' : 'STARTTLS'} and a valid certificate.`);
      return caps;
    } catch (error) {
      const aborted = controller.signal.aborted;
      const reason: unknown = aborted ? controller.signal.reason : error;
      const message = reason instanceof Error ? reason.message : String(reason);
      // Cancelled because another source or candidate won, or the person gave up: not a failure of this server.
      const cancelled = aborted && !(reason instanceof HeronError && reason.code !== 'EABORTED');
      options.events.result(target, cancelled ? 'nothing' : 'failed', cancelled ? `${target} was not needed.` : message);
      return null;
    } finally {
      clearTimeout(timer);
    }
  });
  try {
    for (let i = 0; i < attempts.length; i++) {
      const caps = await attempts[i];
      if (caps) {
        controllers.slice(i + 1).forEach((c) => c.abort(new HeronError('EABORTED', 'A better candidate answered.')));
        await Promise.allSettled(attempts);
        return { chosen: { ...(candidates[i] as Candidate), caps }, plaintextOnly };
      }
    }
    return { chosen: null, plaintextOnly };
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}
