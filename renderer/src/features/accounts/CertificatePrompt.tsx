import { useEffect, useId, useRef } from 'react';
import type { CertificateQuestion, CertificateServer } from './certificate-question';

const SERVER_WORDS = { incoming: 'incoming mail server (POP3)', outgoing: 'outgoing mail server (SMTP)' } as const;

/** "the incoming mail server (POP3) localhost:995", or both servers of one host at once. */
export function serversInWords(servers: readonly CertificateServer[]): string {
  const [first, second] = servers;
  if (!first) return 'the server';
  if (!second) return `the ${SERVER_WORDS[first.side]} ${first.host}:${first.port}`;
  return `the incoming (POP3) and outgoing (SMTP) mail servers ${first.host}:${first.port} and ${second.host}:${second.port}`;
}

/**
 * A certificate that could not be verified. Trusting it is an explicit decision for this account
 * only: Heron pins this exact certificate, and any other one (for example, an attacker's) is still
 * refused. The prompt names the server it is about, and where the decision takes effect.
 */
export function CertificatePrompt({ question, alsoCovers, place, onTrust, onDismiss }: {
  readonly question: CertificateQuestion;
  /** Another server of the account on the same host that trusting covers too. */
  readonly alsoCovers?: CertificateServer | null;
  /** The wizard saves the decision with the new account; settings with "Save changes". */
  readonly place: 'wizard' | 'settings';
  readonly onTrust: () => void;
  readonly onDismiss: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => heading.current?.focus(), [question.fingerprint256]);
  const selfSigned = question.subject !== '' && question.subject === question.issuer;
  const both = question.servers.length > 1;
  return (
    <section className="certificate-prompt" role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-reason`} data-testid="certificate-prompt">
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Heron could not verify the certificate of {serversInWords(question.servers)}
      </h3>
      <p id={`${id}-reason`}>{question.reason}</p>
      {both ? <p>Both servers presented this same certificate, so you decide once for both.</p> : null}
      <dl className="cert-details">
        <dt>Issued to</dt>
        <dd>{question.subject || 'unknown'}</dd>
        <dt>Issued by</dt>
        <dd>
          {question.issuer || 'unknown'}
          {selfSigned ? ' (the server signed it itself)' : ''}
        </dd>
        <dt>Valid until</dt>
        <dd>{question.validTo || 'unknown'}</dd>
        <dt>SHA-256 fingerprint</dt>
        <dd>
          <code className="fingerprint">{question.fingerprint256}</code>
        </dd>
      </dl>
      <p>
        This can be normal for a small or private server. It can also mean someone is intercepting the connection. Trust it only if
        the fingerprint matches what your provider or administrator gave you.
      </p>
      <p className="field-hint" data-testid="certificate-effect">
        {alsoCovers ? `Trusting it also covers the ${SERVER_WORDS[alsoCovers.side]} on ${alsoCovers.host}, if it presents this same certificate. ` : ''}
        {place === 'wizard'
          ? 'It is kept with the account when you save it, and only this exact certificate is accepted.'
          : 'It takes effect when you save the changes, and only this exact certificate is accepted.'}
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={onTrust}>
          Trust this certificate for this account
        </button>
        <button type="button" className="button button-quiet" onClick={onDismiss}>
          Don’t trust it
        </button>
      </div>
    </section>
  );
}
