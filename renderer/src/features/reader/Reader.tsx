import { useMessage } from '../../data/hooks';
import { useUi } from '../../state/ui-store';
import { formatAddressFull } from '../inbox/format';
import './reader.css';

/**
 * Plain-text view of an HTML-only message. DOMParser builds an inert document (no script runs,
 * nothing loads), and only its text is shown; the sanitized HTML view is the reader feature's.
 */
function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

/** The right pane: the selected message's headers and text. */
export function Reader() {
  const id = useUi((s) => s.messageId);
  const message = useMessage(id);

  if (!message) {
    return (
      <section className="pane reader-pane" aria-label="Message">
        <p className="reader-empty">{id && message === null ? 'This message is no longer here.' : 'Select a message to read it.'}</p>
      </section>
    );
  }
  const { meta, body } = message;
  const text = body?.text ?? (body?.html ? htmlToText(body.html) : null);
  return (
    <section className="pane reader-pane" aria-labelledby="reader-subject">
      <article className="reader">
        <header className="reader-header">
          <h2 id="reader-subject" className="reader-subject">
            {meta.subject || '(no subject)'}
          </h2>
          <dl className="reader-fields">
            <dt>From</dt>
            <dd>{meta.from ? formatAddressFull(meta.from) : '(no sender)'}</dd>
            {meta.to.length ? (
              <>
                <dt>To</dt>
                <dd>{meta.to.map(formatAddressFull).join(', ')}</dd>
              </>
            ) : null}
            {meta.cc.length ? (
              <>
                <dt>Cc</dt>
                <dd>{meta.cc.map(formatAddressFull).join(', ')}</dd>
              </>
            ) : null}
            <dt>Date</dt>
            <dd>
              <time dateTime={new Date(meta.date).toISOString()}>
                {new Date(meta.date).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' })}
              </time>
            </dd>
          </dl>
        </header>
        {body?.warnings.length ? (
          <ul className="reader-warnings" aria-label="Problems reading this message">
            {body.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        {meta.partial ? <p className="reader-note">Only the headers of this message were downloaded, because it is large.</p> : null}
        <div className="reader-text">{text ?? (body ? 'This message has no text.' : 'Loading…')}</div>
      </article>
    </section>
  );
}
