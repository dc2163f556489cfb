/**
 * The real POP3 probe: Heron's own engine (so probing sees exactly what fetching will see — the
 * same TLS policy, STLS handling and CAPA parsing), connect + CAPA, then QUIT. No credential is sent.
 */
import { Pop3Client } from '../pop3/index';
import type { IncomingCapabilities, ProbeIncoming } from './probe';

export interface ProbeNetOptions {
  /** Host name → address to connect to; the certificate is still checked against the host name. */
  readonly resolveHost?: (host: string, signal: AbortSignal) => Promise<string>;
  /** Extra trusted CAs (tests). */
  readonly ca?: ReadonlyArray<string | Buffer>;
  /** Per-step deadlines inside one probe (the probe as a whole is bounded by its signal). */
  readonly stepMs?: number;
}

export function createPop3Probe(options: ProbeNetOptions = {}): ProbeIncoming {
  return async ({ host, port, security, signal }): Promise<IncomingCapabilities> => {
    const address = options.resolveHost ? await options.resolveHost(host, signal) : host;
    const stepMs = options.stepMs ?? 5_000;
    const client = await Pop3Client.connect({
      host: address,
      port,
      security,
      servername: host,
      ...(options.ca ? { ca: [...options.ca] } : {}),
      timeouts: { connectMs: stepMs, greetingMs: stepMs, commandMs: stepMs, idleMs: stepMs },
      signal,
    });
    const caps = client.capabilities;
    try {
      await client.quit(signal);
    } catch {
      client.destroy(); // the capabilities are what we came for
    }
    return { user: caps.user, stls: caps.stls, sasl: [...caps.sasl] };
  };
}
