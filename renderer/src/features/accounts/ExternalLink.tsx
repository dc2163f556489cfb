import { useState, type ReactNode } from 'react';
import { getBridge } from '../../bridge/bridge';

/**
 * A link that opens in the system's browser through main's URL policy (`openExternal`): the
 * window itself never navigates away from Heron. The address stays visible in `href` and the title.
 */
export function ExternalLink({ url, children }: { readonly url: string; readonly children?: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  // The address may come from a server (autoconfig's docsUrl): anything but a web link stays text.
  if (!/^https?:\/\//i.test(url)) return <span>{children ?? url}</span>;
  return (
    <>
      <a
        href={url}
        title={url}
        rel="noreferrer noopener"
        onClick={(e) => {
          e.preventDefault();
          setError(null);
          void getBridge()
            .call('openExternal', { url })
            .then((r) => {
              if (!r.ok) setError(r.error.message);
            });
        }}
      >
        {children ?? url}
      </a>
      {error ? (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      ) : null}
    </>
  );
}
