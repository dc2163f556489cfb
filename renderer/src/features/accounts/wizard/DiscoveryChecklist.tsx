import type { DiscoveryProgress, DiscoverySource } from '../../../../../shared/ipc/calls/setup';

export const SOURCE_WORDS: Readonly<Record<DiscoverySource, string>> = {
  bundled: 'Heron’s list of providers',
  autoconfig: 'your provider’s settings file',
  srv: 'the domain’s DNS service records',
  mx: 'the domain’s mail servers (MX)',
  probe: 'trying common server names',
};

const STATUS_WORDS = { trying: 'Checking', found: 'Found', nothing: 'Nothing', failed: 'Failed' } as const;

/** What discovery tried and what answered, as it happens. */
export function DiscoveryChecklist({ items }: { readonly items: readonly DiscoveryProgress[] }) {
  if (items.length === 0) return <p className="muted">Starting…</p>;
  return (
    <ul className="discovery-checklist" data-testid="discovery-checklist">
      {items.map((item) => (
        <li key={`${item.source} ${item.target}`} className={`discovery-${item.status}`}>
          <span className="discovery-status">{STATUS_WORDS[item.status]}</span>{' '}
          <span className="discovery-source">{SOURCE_WORDS[item.source]}</span>: <span className="discovery-target">{item.target}</span>
          {item.detail ? <span className="discovery-detail"> — {item.detail}</span> : null}
        </li>
      ))}
    </ul>
  );
}
