import { describe, expect, it } from 'vitest';
import type { ConnectionReport } from '../../../../../shared/ipc/calls/connection';
import type { Discovery } from '../../../../../shared/ipc/calls/setup';
import { buildAccount, reviewSettings } from './review-checks';
import { initialWizardState, isSignedIn, signInKey, testsPassed, usesSignIn, wizardReducer, type WizardAction, type WizardState } from './wizard-state';

const run = (actions: WizardAction[], from: WizardState = initialWizardState()) => actions.reduce(wizardReducer, from);

const identity: WizardAction[] = [
  { type: 'edit', field: 'name', value: ' Alice ' },
  { type: 'edit', field: 'email', value: 'alice@example.com' },
  { type: 'edit', field: 'password', value: 'pw' },
];

const discovery: Discovery = {
  email: 'alice@example.com',
  incoming: { protocol: 'pop3', host: 'pop.example.com', port: 995, security: 'tls', username: 'alice@example.com', auth: 'plain' },
  outgoing: { protocol: 'smtp', host: 'smtp.example.com', port: 465, security: 'tls', username: 'alice@example.com', auth: 'plain' },
  incomingSource: 'autoconfig',
  outgoingSource: 'autoconfig',
  username: 'alice@example.com',
  provider: 'Example Mail',
  hints: ['Enable POP in the settings.'],
  docsUrl: null,
  insecureOptions: [],
  steps: [{ email: 'alice@example.com', source: 'autoconfig', target: 'https://autoconfig.example.com/mail/config-v1.1.xml', status: 'found', detail: 'found' }],
};

function report(side: 'incoming' | 'outgoing', error: ConnectionReport['error'] = null): ConnectionReport {
  return {
    side, host: side === 'incoming' ? 'pop.example.com' : 'smtp.example.com', port: 995, steps: [], error,
    certificate: null, messageCount: error ? null : 3, mailboxBytes: null, authMethods: [], sizeLimit: null,
  };
}

const reviewed = () => run([...identity, { type: 'submitIdentity' }, { type: 'discovered', discovery }]);

describe('identity step', () => {
  it('shows every missing field next to itself and stays put; the password may wait (a provider’s sign-in needs none)', () => {
    const s = run([{ type: 'submitIdentity' }]);
    expect(s.step).toBe('identity');
    expect(s.errors).toEqual({
      name: 'Enter your name as recipients should see it.',
      email: 'Enter your email address.',
    });
    const broken = run([{ type: 'edit', field: 'password', value: 'a\nb' }, { type: 'submitIdentity' }]);
    expect(broken.errors.password).toBe('The password cannot contain a line break.');
  });

  it('editing a field clears its error only', () => {
    const s = run([{ type: 'submitIdentity' }, { type: 'edit', field: 'email', value: 'a' }]);
    expect(Object.keys(s.errors)).toEqual(['name']);
  });

  it('valid input starts discovery with an empty checklist', () => {
    const s = run([...identity, { type: 'submitIdentity' }]);
    expect(s).toMatchObject({ step: 'discovering', errors: {}, progress: [] });
  });
});

describe('discovery', () => {
  it('progress items replace the same source+target and keep order', () => {
    const base = { email: 'alice@example.com', detail: '' } as const;
    const s = run([
      ...identity,
      { type: 'submitIdentity' },
      { type: 'progress', item: { ...base, source: 'srv', target: '_pop3s._tcp.example.com', status: 'trying' } },
      { type: 'progress', item: { ...base, source: 'mx', target: 'example.com', status: 'trying' } },
      { type: 'progress', item: { ...base, source: 'srv', target: '_pop3s._tcp.example.com', status: 'found' } },
    ]);
    expect(s.progress.map((p) => `${p.source}:${p.status}`)).toEqual(['mx:trying', 'srv:found']);
  });

  it('a found setting fills the review screen and keeps the final checklist', () => {
    const s = reviewed();
    expect(s.step).toBe('review');
    expect(s.manual).toBe(false);
    expect(s.incoming).toMatchObject({ host: 'pop.example.com', port: '995', security: 'tls', auth: 'plain' });
    expect(s.progress).toEqual(discovery.steps);
  });

  it('nothing found opens manual mode with the address as user name and encrypted defaults', () => {
    const s = run([...identity, { type: 'submitIdentity' }, { type: 'discovered', discovery: { ...discovery, incoming: null, outgoing: null } }]);
    expect(s.manual).toBe(true);
    expect(s.incoming).toMatchObject({ host: '', port: '995', security: 'tls', username: 'alice@example.com' });
    expect(s.outgoing).toMatchObject({ host: '', port: '465', security: 'tls' });
  });

  it('a failed discovery says why and opens manual mode; late progress is ignored', () => {
    const s = run([
      ...identity,
      { type: 'submitIdentity' },
      { type: 'discoveryFailed', error: { code: 'ETIMEDOUT', message: 'Discovery ran out of time.', retryable: true } },
      { type: 'progress', item: { email: 'x', source: 'mx', target: 'x', status: 'found', detail: '' } },
    ]);
    expect(s).toMatchObject({ step: 'review', manual: true, discoveryError: 'Discovery ran out of time.', progress: [] });
  });

  it('manual mode can be chosen instead of discovery, but only with a valid identity', () => {
    expect(run([{ type: 'manual' }]).step).toBe('identity');
    expect(run([...identity, { type: 'manual' }])).toMatchObject({ step: 'review', manual: true });
  });
});

describe('review', () => {
  it('changing security moves a default port and drops a trusted certificate', () => {
    const s = run([
      { type: 'editServer', side: 'incoming', field: 'pinnedCert', value: 'AB:CD' },
      { type: 'editServer', side: 'incoming', field: 'security', value: 'starttls' },
    ], reviewed());
    expect(s.incoming).toMatchObject({ security: 'starttls', port: '110', pinnedCert: null });
    const custom = run([
      { type: 'editServer', side: 'incoming', field: 'port', value: '10995' },
      { type: 'editServer', side: 'incoming', field: 'security', value: 'starttls' },
    ], reviewed());
    expect(custom.incoming.port).toBe('10995');
  });

  it('plaintext is refused until the person consents, next to the security field', () => {
    const none = run([{ type: 'editServer', side: 'incoming', field: 'security', value: 'none' }], reviewed());
    const r = reviewSettings(none);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors['incoming.security']).toMatch(/not encrypted/);
    const consented = run([{ type: 'editServer', side: 'incoming', field: 'allowPlaintextPassword', value: true }], none);
    const ok = reviewSettings(consented);
    expect(ok.ok && ok.settings.incoming).toMatchObject({ security: 'none', allowPlaintextPassword: true });
    // Leaving plaintext withdraws the consent.
    const back = run([{ type: 'editServer', side: 'incoming', field: 'security', value: 'tls' }], consented);
    expect(back.incoming.allowPlaintextPassword).toBe(false);
  });

  it('a wrong password puts the server words next to the password field; editing it clears them and the test', () => {
    const failed = run([
      { type: 'testStart', side: 'incoming' },
      { type: 'testDone', side: 'incoming', report: report('incoming', { code: 'EAUTH', message: 'pop.example.com rejected the password (POP3: -ERR [AUTH] Authentication failed.)', retryable: false }) },
    ], reviewed());
    expect(failed.errors.password).toBe('pop.example.com rejected the password (POP3: -ERR [AUTH] Authentication failed.)');
    const edited = run([{ type: 'edit', field: 'password', value: 'pw2' }], failed);
    expect(edited.errors.password).toBeUndefined();
    expect(edited.tests.incoming).toEqual({ status: 'idle' });
  });

  it('an outgoing login failure with its own password points at that field', () => {
    const s = run([
      { type: 'sameCredentials', value: false },
      { type: 'testDone', side: 'outgoing', report: report('outgoing', { code: 'EAUTH', message: 'no', retryable: false }) },
    ], reviewed());
    expect(s.errors['outgoing.password']).toBe('no');
  });

  const ecert = (host: string, fingerprint256 = 'AA:BB') => ({
    code: 'ECERT' as const,
    message: `The certificate of ${host} could not be verified (self-signed).`,
    retryable: false,
    detail: { host, fingerprint256, subject: host, issuer: host, validTo: 'Jan 1 2030', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
  });

  it('a self-signed certificate asks, naming the server; trusting pins it on that server only (another host) and asks for a new test', () => {
    const asked = run([{ type: 'testDone', side: 'incoming', report: report('incoming', ecert('pop.example.com')) }], reviewed());
    expect(asked.certificates).toMatchObject([
      { servers: [{ side: 'incoming', host: 'pop.example.com', port: 995 }], fingerprint256: 'AA:BB', subject: 'pop.example.com', issuer: 'pop.example.com', validTo: 'Jan 1 2030' },
    ]);
    expect(asked.incoming.pinnedCert).toBeNull();
    const trusted = run([{ type: 'trustCertificate' }], asked);
    expect(trusted.incoming.pinnedCert).toBe('AA:BB');
    expect(trusted.outgoing.pinnedCert).toBeNull();
    expect(trusted.certificates).toEqual([]);
    expect(trusted.tests.incoming).toEqual({ status: 'idle' });
    expect(run([{ type: 'dismissCertificate' }], asked).incoming.pinnedCert).toBeNull();
  });

  it('the same certificate from both servers on one host is asked once, and trusting it pins both', () => {
    const oneHost = run([{ type: 'editServer', side: 'outgoing', field: 'host', value: 'pop.example.com' }], reviewed());
    const both = run([
      { type: 'testDone', side: 'incoming', report: report('incoming', ecert('pop.example.com')) },
      { type: 'testDone', side: 'outgoing', report: { ...report('outgoing', ecert('pop.example.com')), host: 'pop.example.com', port: 465 } },
    ], oneHost);
    expect(both.certificates).toHaveLength(1);
    expect(both.certificates[0]?.servers).toEqual([
      { side: 'incoming', host: 'pop.example.com', port: 995 },
      { side: 'outgoing', host: 'pop.example.com', port: 465 },
    ]);
    const trusted = run([{ type: 'trustCertificate' }], both);
    expect([trusted.incoming.pinnedCert, trusted.outgoing.pinnedCert, trusted.certificates]).toEqual(['AA:BB', 'AA:BB', []]);
  });

  it('trusting the incoming server’s certificate covers the outgoing server on the same host, not one with its own question', () => {
    const oneHost = run([{ type: 'editServer', side: 'outgoing', field: 'host', value: 'POP.example.com' }], reviewed());
    const asked = run([{ type: 'testDone', side: 'incoming', report: report('incoming', ecert('pop.example.com')) }], oneHost);
    expect(run([{ type: 'trustCertificate' }], asked).outgoing.pinnedCert).toBe('AA:BB');
    const two = run([{ type: 'testDone', side: 'outgoing', report: { ...report('outgoing', ecert('pop.example.com', 'CC:DD')), host: 'pop.example.com' } }], asked);
    expect(two.certificates.map((q) => q.fingerprint256)).toEqual(['AA:BB', 'CC:DD']);
    const first = run([{ type: 'trustCertificate' }], two);
    expect([first.incoming.pinnedCert, first.outgoing.pinnedCert]).toEqual(['AA:BB', null]);
    expect(run([{ type: 'trustCertificate' }], first).outgoing.pinnedCert).toBe('CC:DD');
  });

  it('both tests passing with the current settings is what allows finishing', () => {
    const s = run([
      { type: 'testDone', side: 'incoming', report: report('incoming') },
      { type: 'testDone', side: 'outgoing', report: report('outgoing') },
    ], reviewed());
    expect(testsPassed(s)).toBe(true);
    expect(testsPassed(run([{ type: 'editServer', side: 'outgoing', field: 'host', value: 'mail.example.com' }], s))).toBe(false);
  });

  it('storage: the OS keyring stores by default; basic_text waits for a choice; unavailable is session-only', () => {
    expect(run([{ type: 'storage', status: { backend: 'os', encryptionAvailable: true } }], reviewed()).storageChoice).toBe('store');
    expect(run([{ type: 'storage', status: { backend: 'basic_text', encryptionAvailable: true } }], reviewed()).storageChoice).toBeNull();
    expect(run([{ type: 'storage', status: { backend: 'unavailable', encryptionAvailable: false } }], reviewed()).storageChoice).toBe('session');
  });

  it('builds the account with the default retention and the chosen servers', () => {
    const s = reviewed();
    const r = reviewSettings(s);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const account = buildAccount(s, r.settings, { id: 'acc-1', now: 1000, order: 2 });
    expect(account).toEqual({
      id: 'acc-1', label: 'alice@example.com', identity: { name: 'Alice', address: 'alice@example.com' },
      incoming: discovery.incoming, outgoing: { ...discovery.outgoing, sameCredentialsAsIncoming: true },
      retention: { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true },
      checkAtStartup: true, checkIntervalMinutes: 10, headersOnlyOverBytes: null, createdAt: 1000, order: 2,
    });
  });

  it('keep/delete choices map to the retention policy; bad days are shown next to the field', () => {
    const forever = reviewSettings(run([{ type: 'retention', patch: { choice: 'keep-forever' } }], reviewed()));
    expect(forever.ok && forever.settings.retention).toEqual({ mode: 'keep', keepDays: null, deleteWhenDeletedHere: true });
    const del = reviewSettings(run([{ type: 'retention', patch: { choice: 'delete', deleteWhenDeletedHere: false } }], reviewed()));
    expect(del.ok && del.settings.retention).toEqual({ mode: 'delete', keepDays: null, deleteWhenDeletedHere: false });
    const bad = reviewSettings(run([{ type: 'retention', patch: { days: 'x' } }], reviewed()));
    expect(!bad.ok && bad.errors.keepDays).toBe('Enter a number of days, for example 14.');
  });

  it('saving moves to saving and back with the reason when it fails', () => {
    const s = run([{ type: 'saveStart' }, { type: 'saveFailed', message: 'disk full' }], reviewed());
    expect(s).toMatchObject({ step: 'review', saveError: 'disk full' });
  });
});

describe('signing in with the provider instead of a password', () => {
  const oauthDiscovery: Discovery = {
    ...discovery,
    incoming: { ...discovery.incoming!, auth: 'xoauth2' },
    outgoing: { ...discovery.outgoing!, auth: 'xoauth2' },
  };
  const provider = { id: 'google', name: 'Google', ready: true };
  const signingIn = () =>
    run([
      { type: 'edit', field: 'name', value: 'Alice' },
      { type: 'edit', field: 'email', value: 'alice@example.com' },
      { type: 'submitIdentity' },
      { type: 'discovered', discovery: oauthDiscovery },
      { type: 'signInProvider', provider },
    ]);

  it('a password server still needs its password, now on the review step', () => {
    const s = run([{ type: 'edit', field: 'name', value: 'Alice' }, { type: 'edit', field: 'email', value: 'alice@example.com' }, { type: 'submitIdentity' }, { type: 'discovered', discovery }]);
    const r = reviewSettings(s);
    expect(!r.ok && r.errors).toEqual({ password: 'Enter the password.' });
  });

  it('needs the sign-in first, not a password; signed in for these servers it saves with one sign-in for both', () => {
    const s = signingIn();
    expect(usesSignIn(s)).toBe(true);
    const before = reviewSettings(s);
    expect(!before.ok && before.errors).toEqual({ 'sign-in': 'Sign in with Google first.' });
    const signed = run([{ type: 'signedIn', servers: signInKey(s) }], s);
    const r = reviewSettings(signed);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.settings.outgoingPassword).toBeNull();
    expect(r.settings.incoming.auth).toBe('xoauth2');
    expect(r.settings.outgoing).toMatchObject({ auth: 'xoauth2', sameCredentialsAsIncoming: true });
  });

  it('a sign-in counts only for the servers it was made for: a changed server needs it again', () => {
    const s = signingIn();
    const signed = run([{ type: 'signedIn', servers: signInKey(s) }], s);
    const moved = run([{ type: 'editServer', side: 'outgoing', field: 'port', value: '587' }], signed);
    expect(isSignedIn(moved)).toBe(false);
    const r = reviewSettings(moved);
    expect(!r.ok && r.errors['sign-in']).toBe('Sign in with Google first.');
  });

  it('“Use a password instead” turns both servers to a password login; without a registration nothing counts as sign-in', () => {
    const s = run([{ type: 'usePassword' }], signingIn());
    expect([s.incoming.auth, s.outgoing.auth, usesSignIn(s)]).toEqual(['user', 'plain', false]);
    expect(usesSignIn(run([{ type: 'signInProvider', provider: { ...provider, ready: false } }], signingIn()))).toBe(false);
  });

  it('choosing sign-in as the incoming login method takes the outgoing server along, and a password back again', () => {
    const byPassword = run([{ type: 'usePassword' }], signingIn());
    const chosen = run([{ type: 'editServer', side: 'incoming', field: 'auth', value: 'xoauth2' }], byPassword);
    expect([chosen.incoming.auth, chosen.outgoing.auth, usesSignIn(chosen)]).toEqual(['xoauth2', 'xoauth2', true]);
    const back = run([{ type: 'editServer', side: 'incoming', field: 'auth', value: 'plain' }], chosen);
    expect([back.incoming.auth, back.outgoing.auth]).toEqual(['plain', 'plain']);
    // An outgoing server with a password of its own keeps it.
    const own = run([{ type: 'sameCredentials', value: false }, { type: 'editServer', side: 'incoming', field: 'auth', value: 'xoauth2' }], byPassword);
    expect(own.outgoing.auth).toBe('plain');
  });

  it('a refused or ended sign-in in a test points at the sign-in, not a password field', () => {
    const s = run([{ type: 'signedIn', servers: signInKey(signingIn()) }], signingIn());
    const ended = { code: 'ESIGNIN' as const, message: 'Google ended Heron’s sign-in for alice@example.com: the sign-in has expired or was revoked. Sign in again to go on.', retryable: false };
    const failed = run([{ type: 'testDone', side: 'outgoing', report: report('outgoing', ended) }], s);
    expect(failed.errors).toEqual({ 'sign-in': ended.message });
    const refused = run([{ type: 'testDone', side: 'incoming', report: report('incoming', { code: 'EAUTH', message: 'no', retryable: false }) }], s);
    expect(refused.errors).toEqual({ 'sign-in': 'no' });
  });
});

describe('where a failed test points', () => {
  it('a timeout main traced to the security setting and port points at the security setting, not the server name', () => {
    const timeout = { code: 'ETIMEDOUT' as const, message: 'no greeting', retryable: true, detail: { likelyCause: 'security-setting' } };
    const s = run([{ type: 'testDone', side: 'incoming', report: report('incoming', timeout) }], reviewed());
    expect(s.errors).toEqual({ 'incoming.security': 'no greeting' });
    const plain = run([{ type: 'testDone', side: 'incoming', report: report('incoming', { ...timeout, detail: {} }) }], reviewed());
    expect(plain.errors).toEqual({ 'incoming.host': 'no greeting' });
  });
});
