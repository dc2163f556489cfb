/**
 * DNS sources: SRV records (RFC 6186, with RFC 8314's preference for implicit TLS) and MX
 * records mapped to a known provider. Each discovery gets its own Resolver, so cancelling it
 * (on abort or when a better source has answered) cannot disturb anything else.
 */
import { Resolver } from 'node:dns/promises';
import type { Security } from '../../../shared/model/account';

export interface SrvRecordLike {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

export interface DnsResolver {
  resolveSrv(name: string): Promise<SrvRecordLike[]>;
  resolveMx(name: string): Promise<Array<{ exchange: string; priority: number }>>;
  cancel(): void;
}

export interface ResolverOptions {
  /** "ip" or "ip:port"; tests point this at a loopback DNS responder. Default: the system's. */
  readonly servers?: readonly string[];
  /** Per-query timeout; one try, because the whole discovery has a budget. */
  readonly timeoutMs?: number;
}

export function createResolver(options: ResolverOptions = {}): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: 1 });
  if (options.servers) resolver.setServers([...options.servers]);
  return resolver;
}

export interface SrvServer {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  /** The SRV name that answered, for the checklist. */
  readonly via: string;
}

/** The SRV names tried, in order of preference: implicit TLS first (RFC 8314 §5.1). */
export function srvNames(domain: string): { incoming: Array<[string, Security]>; outgoing: Array<[string, Security]> } {
  return {
    incoming: [
      [`_pop3s._tcp.${domain}`, 'tls'],
      [`_pop3._tcp.${domain}`, 'starttls'],
    ],
    outgoing: [
      [`_submissions._tcp.${domain}`, 'tls'],
      [`_submission._tcp.${domain}`, 'starttls'],
    ],
  };
}

/**
 * Orders records by priority, then by weight, heaviest first. RFC 2782 asks for a weighted random
 * pick among equal priorities; discovery needs one stable suggestion, so the heaviest stands in.
 * A lone record whose target is "." means the service is decidedly not offered (RFC 2782).
 */
export function orderSrv(records: readonly SrvRecordLike[]): SrvRecordLike[] | 'not-offered' {
  if (records.length === 1 && (records[0]?.name === '' || records[0]?.name === '.')) return 'not-offered';
  return records
    .filter((r) => r.name !== '' && r.name !== '.' && r.port > 0)
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

/** MX hosts, most preferred first. */
export function orderMx(records: ReadonlyArray<{ exchange: string; priority: number }>): string[] {
  return [...records]
    .sort((a, b) => a.priority - b.priority)
    .map((r) => r.exchange.toLowerCase().replace(/\.$/, ''))
    .filter((h) => h !== '');
}
