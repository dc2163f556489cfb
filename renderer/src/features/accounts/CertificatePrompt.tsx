import { useEffect, useRef } from 'react';

export interface CertificateQuestionView {
  readonly host: string;
  readonly port: number;
  readonly fingerprint256: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  readonly reason: string;
}

/**
 * A certificate that could not be verified. Trusting it is an explicit decision for this account
 * only: Heron pins this exact certificate, and any other one (for example, an attacker's) is still
 * refused.
 */
export function CertificatePrompt({ question, onTrust, onDismiss }: { readonly question: CertificateQuestionView; readonly onTrust: () => void; readonly onDismiss: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [question.fingerprint256]);
  const selfSigned = question.subject !== '' && question.subject === question.issuer;
  return (
    <section className="certificate-prompt" role="alertdialog" aria-labelledby="cert-title" aria-describedby="cert-reason" data-testid="certificate-prompt">
      <h3 id="cert-title" ref={heading} tabIndex={-1}>
        Heron could not verify the certificate of {question.host}
      </h3>
      <p id="cert-reason">{question.reason}</p>
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
