/**
 * Contract fragment: setup (account discovery). Owned by the setup feature; wired into contract.ts.
 * The renderer asks main to find server settings for an email address; main answers a Discovery
 * and, while it works, pushes `discoveryProgress` items so the wizard can show a checklist of
 * what was tried and what answered.
 */
import type { IncomingServer, OutgoingServer } from '../../model/account';
import { call, event } from '../define';
import { v } from '../validate';

/** Where settings came from, in the order discovery trusts them (see electron/core/autoconfig/discover.ts). */
export type DiscoverySource = 'bundled' | 'autoconfig' | 'srv' | 'mx' | 'probe';

export type DiscoveryStatus = 'trying' | 'found' | 'nothing' | 'failed';

/** One line of the checklist, e.g. { source: 'srv', target: '_pop3s._tcp.example.com', status: 'found' }. */
export interface DiscoveryProgress {
  /** Correlates events with the discoverSettings call that caused them (the address asked about). */
  readonly email: string;
  readonly source: DiscoverySource;
  /** What was asked: a URL, a DNS name, host:port. */
  readonly target: string;
  readonly status: DiscoveryStatus;
  /** A sentence for a person: what answered, or why not. */
  readonly detail: string;
}

/**
 * A server setting discovery found but did NOT choose because it is not encrypted. Heron never
 * picks plaintext by itself; the wizard may offer it with a clear warning.
 */
export interface InsecureOption {
  readonly side: 'incoming' | 'outgoing';
  readonly host: string;
  readonly port: number;
  readonly source: DiscoverySource;
}

export interface Discovery {
  readonly email: string;
  /** Null when nothing trustworthy was found: the wizard asks for manual settings. */
  readonly incoming: IncomingServer | null;
  readonly outgoing: OutgoingServer | null;
  readonly incomingSource: DiscoverySource | null;
  readonly outgoingSource: DiscoverySource | null;
  /** The login name to prefill (from the provider's template, else the full address). */
  readonly username: string;
  /** Provider name, when a known provider answered ("Gmail"). */
  readonly provider: string | null;
  /** Things the person must do first ("Enable POP in Gmail's settings…"). */
  readonly hints: readonly string[];
  /** Provider help page for mail-client setup, when known (https only). */
  readonly docsUrl: string | null;
  readonly insecureOptions: readonly InsecureOption[];
  /** The final checklist, the same items the progress events carried. */
  readonly steps: readonly DiscoveryProgress[];
}

export const setupCalls = {
  /** Finds server settings for an address. Ends within 15 seconds even when every server hangs. */
  discoverSettings: call<Discovery>()(v.object({ email: v.string({ min: 1, max: 320 }) })),
} as const;

export const setupEvents = {
  discoveryProgress: event<DiscoveryProgress>(),
} as const;
