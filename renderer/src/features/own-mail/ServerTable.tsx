/** The server's messages as a table the person can select rows of (a message a check deleted cannot be). */
import { useEffect, useRef } from 'react';
import type { ServerViewRow } from '../../../../shared/model/server-view';
import { formatSize } from '../../ui/format-size';

export function ServerTable({ rows, subjects, selected, onSelect }: {
  readonly rows: readonly ServerViewRow[];
  readonly subjects: ReadonlyMap<string, string>;
  readonly selected: ReadonlySet<string>;
  readonly onSelect: (localIds: readonly string[], on: boolean) => void;
}) {
  const selectable = rows.filter((r) => !r.gone);
  const chosen = selectable.filter((r) => selected.has(r.localId)).length;
  const all = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (all.current) all.current.indeterminate = chosen > 0 && chosen < selectable.length;
  }, [chosen, selectable.length]);
  return (
    <table className="server-table">
      <thead>
        <tr>
          <th scope="col" className="server-check">
            <input
              ref={all}
              type="checkbox"
              aria-label="Select all messages on the server"
              checked={selectable.length > 0 && chosen === selectable.length}
              disabled={selectable.length === 0}
              onChange={(e) => onSelect(selectable.map((r) => r.localId), e.target.checked)}
            />
          </th>
          <th scope="col">Message</th>
          <th scope="col">Size</th>
          <th scope="col">Here</th>
          <th scope="col">On the server</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const name = subjects.get(r.localId) ?? (r.status === 'failed' ? '(not downloaded)' : '(not here)');
          return (
            <tr key={`${r.uidl}:${r.localId}`} className={r.gone ? 'server-gone' : selected.has(r.localId) ? 'server-selected' : undefined} data-uidl={r.uidl}>
              <td className="server-check">
                {r.gone ? null : (
                  <input type="checkbox" aria-label={`Select ${name}`} checked={selected.has(r.localId)} onChange={(e) => onSelect([r.localId], e.target.checked)} />
                )}
              </td>
              <td>
                {name}
                <br />
                <code className="muted">{r.uidl}</code>
              </td>
              <td>{r.size > 0 ? formatSize(r.size) : '—'}</td>
              <td>{r.state}</td>
              <td>
                {r.deletion}
                {r.asked ? <span className={r.askFailed ? 'server-asked field-error' : 'server-asked'}>{r.asked}</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
