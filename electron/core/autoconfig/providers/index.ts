/**
 * The bundled provider database: lookups by email domain and by MX host. Parsed once, on first
 * use, with the same strict parser that reads configs from the network — a broken bundled file
 * is a bug that the tests catch, not something to work around at run time.
 */
import { parseClientConfig, type ProviderConfig } from '../client-config';
import { ASIA_PROVIDERS } from './asia';
import { EUROPE_PROVIDERS } from './europe';
import { GLOBAL_PROVIDERS } from './global';
import type { BundledProvider } from './types';

export type { BundledProvider } from './types';

export const BUNDLED_PROVIDERS: readonly BundledProvider[] = [...GLOBAL_PROVIDERS, ...EUROPE_PROVIDERS, ...ASIA_PROVIDERS];

/**
 * Well-known providers that do not offer POP3 at all, so discovery can say so instead of
 * probing in vain. iCloud Mail is IMAP-only; Proton Mail's Bridge exposes IMAP and SMTP only;
 * Tuta (Tutanota) offers no IMAP/POP3 access; HEY has no POP3/IMAP.
 */
export const NO_POP3: ReadonlyArray<{ readonly name: string; readonly domains: readonly string[]; readonly reason: string }> = [
  { name: 'iCloud Mail', domains: ['icloud.com', 'me.com', 'mac.com'], reason: 'iCloud Mail offers only IMAP, not POP3, so Heron cannot fetch it.' },
  {
    name: 'Proton Mail',
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    reason: 'Proton Mail offers no POP3 (its Bridge speaks only IMAP and SMTP), so Heron cannot fetch it.',
  },
  {
    name: 'Tuta',
    domains: ['tuta.com', 'tuta.io', 'tutanota.com', 'tutanota.de', 'tutamail.com', 'keemail.me'],
    reason: 'Tuta (Tutanota) offers no POP3 or IMAP access, so Heron cannot fetch it.',
  },
  { name: 'HEY', domains: ['hey.com'], reason: 'HEY offers no POP3 or IMAP access, so Heron cannot fetch it.' },
];

interface Index {
  readonly byDomain: ReadonlyMap<string, ProviderConfig>;
  readonly byMx: ReadonlyArray<{ readonly suffix: string; readonly provider: ProviderConfig }>;
}

let index: Index | null = null;

function build(): Index {
  const byDomain = new Map<string, ProviderConfig>();
  const byMx: Array<{ suffix: string; provider: ProviderConfig }> = [];
  for (const entry of BUNDLED_PROVIDERS) {
    const provider = parseClientConfig(entry.xml, 'the bundled provider list');
    for (const domain of provider.domains) byDomain.set(domain, provider);
    for (const suffix of entry.mx) byMx.push({ suffix: suffix.toLowerCase(), provider });
  }
  byMx.sort((a, b) => b.suffix.length - a.suffix.length);
  return { byDomain, byMx };
}

function getIndex(): Index {
  index ??= build();
  return index;
}

export function providerForDomain(domain: string): ProviderConfig | undefined {
  return getIndex().byDomain.get(domain.toLowerCase());
}

export function providerForMx(mxHost: string): ProviderConfig | undefined {
  const host = mxHost.toLowerCase().replace(/\.$/, '');
  return getIndex().byMx.find(({ suffix }) => host === suffix || host.endsWith(`.${suffix}`))?.provider;
}

export function noPop3Provider(domain: string): (typeof NO_POP3)[number] | undefined {
  const d = domain.toLowerCase();
  return NO_POP3.find((p) => p.domains.includes(d));
}

export function allBundledProviders(): ProviderConfig[] {
  return [...new Set(getIndex().byDomain.values()), ...getIndex().byMx.map((m) => m.provider)].filter(
    (p, i, all) => all.indexOf(p) === i,
  );
}
