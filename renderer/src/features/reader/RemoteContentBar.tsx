interface Props {
  /** Remote items removed from what is shown. */
  readonly blocked: number;
  /** The person allowed remote content here: what is still blocked is never loaded in mail. */
  readonly allowed: boolean;
  readonly hosts: readonly string[];
  readonly sender: string | null;
  onAllowMessage(): void;
  onAllowSender(): void;
}

/** Says how much remote content was blocked, from where, and lets the person allow it. */
export function RemoteContentBar({ blocked, allowed, hosts, sender, onAllowMessage, onAllowSender }: Props) {
  if (blocked === 0) return null;
  const from = hosts.length === 0 ? '' : ` from ${hosts.slice(0, 3).join(', ')}${hosts.length > 3 ? ` and ${hosts.length - 3} more` : ''}`;
  if (allowed) {
    return (
      <div className="remote-bar" role="status" data-blocked={blocked}>
        <span>
          Heron still blocks {blocked.toLocaleString()} remote {blocked === 1 ? 'item' : 'items'}
          {from}: stylesheets, fonts, media and images over unencrypted http are never loaded in mail.
        </span>
      </div>
    );
  }
  return (
    <div className="remote-bar" role="status" data-blocked={blocked}>
      <span>
        Heron blocked {blocked.toLocaleString()} remote {blocked === 1 ? 'item' : 'items'}
        {from} to protect your privacy (remote images can tell the sender you opened this message).
      </span>
      <button type="button" className="button" onClick={onAllowMessage}>
        Load for this message
      </button>
      {sender ? (
        <button type="button" className="button button-quiet" onClick={onAllowSender}>
          Always load from {sender}
        </button>
      ) : null}
    </div>
  );
}
