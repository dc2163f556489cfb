/**
 * Setup handlers: account discovery. Every network dependency is injectable (resolver, HTTPS
 * fetch, probes, timeouts) so tests and the e2e stand-in run on loopback; without overrides the
 * production wiring is used.
 */
import type { MainEmit } from '../../../shared/ipc/contract';
import type { HandlersOf } from '../../../shared/ipc/define';
import type { setupCalls } from '../../../shared/ipc/calls/setup';
import { discover, DEFAULT_DISCOVER_TIMEOUTS, type DiscoverDeps } from '../../core/autoconfig/discover';
import { createResolver } from '../../core/autoconfig/dns';
import { fetchHttpsText } from '../../core/autoconfig/https-fetch';
import { createPop3Probe } from '../../core/autoconfig/probe-pop3';
import { createSmtpProbe } from '../../core/autoconfig/probe-smtp';

/** A settings file is a few KiB; anything past this is not one. */
export const MAX_AUTOCONFIG_BYTES = 128 * 1024;

export interface SetupDeps {
  /** Overrides for discovery's dependencies (tests: loopback DNS, a test CA, fake or real probes on loopback). */
  readonly discover?: Partial<DiscoverDeps>;
}

export function defaultDiscoverDeps(): DiscoverDeps {
  return {
    createResolver: () => createResolver({ timeoutMs: 3_000 }),
    fetchText: (url, { signal, timeoutMs }) => fetchHttpsText(url, { signal, timeoutMs, maxBytes: MAX_AUTOCONFIG_BYTES }),
    probeIncoming: createPop3Probe(),
    probeOutgoing: createSmtpProbe(),
    timeouts: DEFAULT_DISCOVER_TIMEOUTS,
  };
}

export function createSetupHandlers(deps: SetupDeps, emit?: MainEmit): HandlersOf<typeof setupCalls> {
  const discoverDeps: DiscoverDeps = { ...defaultDiscoverDeps(), ...deps.discover };
  return {
    discoverSettings: ({ email }) =>
      discover(email, discoverDeps, { onProgress: (item) => emit?.('discoveryProgress', item) }),
  };
}
