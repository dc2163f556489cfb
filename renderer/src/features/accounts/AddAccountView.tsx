import { useUi } from '../../state/ui-store';

/**
 * The add-account route. The setup flow (autoconfig, connection test, saving) is another
 * feature's; until it lands this view says so plainly and offers nothing that pretends to work.
 */
export function AddAccountView() {
  const navigate = useUi((s) => s.navigate);
  return (
    <section className="page" aria-labelledby="add-account-title">
      <h1 id="add-account-title">Add an account</h1>
      <p>Heron will ask for:</p>
      <ul className="page-list">
        <li>your name, as recipients should see it;</li>
        <li>your email address and its password (stored encrypted by your operating system, never shown again);</li>
        <li>
          then it looks up your provider’s incoming (POP3) and outgoing (SMTP) servers, lets you check or change them,
          and tests the connection before saving;
        </li>
        <li>and whether to keep copies of your mail on the server, and for how long.</li>
      </ul>
      <p className="page-notice" role="status">
        Setting up accounts is not available in this build yet. Nothing has been saved.
      </p>
      <button type="button" className="button" onClick={() => navigate({ name: 'mail' })}>
        Back to mail
      </button>
    </section>
  );
}
