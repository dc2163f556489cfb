/**
 * The setup wizard as a pure reducer: identity (name, address, password) → discovery with its
 * checklist → review (settings found, editable; keep/delete; connection test; certificate and
 * plaintext decisions) → saving. Side effects (discovery, tests, saving) live in the view and
 * report back with actions, so every transition here has a unit test.
 */
import type { ConnectionReport } from '../../../../../shared/ipc/calls/connection';
import type { SecretStorageStatus } from '../../../../../shared/ipc/calls/credentials';
import type { Discovery, DiscoveryProgress } from '../../../../../shared/ipc/calls/setup';
import type { SignInProviderInfo } from '../../../../../shared/ipc/calls/sign-in';
import type { SerializedError } from '../../../../../shared/ipc/result';
import { DEFAULT_RETENTION } from '../../../../../shared/model/account';
import { addQuestion, questionFrom, sidesToPin, withoutSide, type CertificateQuestion } from '../certificate-question';
import { checkEmail, checkName, checkPassword } from '../input-checks';
import { newAccountId } from '../save-account';
import {
  draftFrom,
  editDraft,
  emptyDraft,
  outgoingFollowing,
  retentionDraftFrom,
  type FieldErrors,
  type FieldKey,
  type RetentionDraft,
  type ServerDraft,
  type Side,
} from '../server-draft';

export type WizardStep = 'identity' | 'discovering' | 'review' | 'saving';

export type TestState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly report: ConnectionReport };

export type StorageChoice = 'store' | 'session';

export interface WizardState {
  /** The account's id from the start: its connection tests are recorded in its connection log. */
  readonly accountId: string;
  readonly step: WizardStep;
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly errors: FieldErrors;
  readonly progress: readonly DiscoveryProgress[];
  readonly discovery: Discovery | null;
  /** Why discovery itself failed (not: found nothing). */
  readonly discoveryError: string | null;
  /** True when the person is entering settings by hand (nothing found, or they chose to). */
  readonly manual: boolean;
  readonly incoming: ServerDraft;
  readonly outgoing: ServerDraft;
  readonly sameCredentials: boolean;
  readonly outgoingPassword: string;
  readonly retention: RetentionDraft;
  readonly tests: Readonly<Record<Side, TestState>>;
  /** Certificates waiting for the person's decision, the first one shown. */
  readonly certificates: readonly CertificateQuestion[];
  readonly storage: SecretStorageStatus | null;
  readonly storageChoice: StorageChoice | null;
  readonly saveError: string | null;
  /** The provider the incoming server signs in with (Google, Microsoft), when it does. */
  readonly signInProvider: SignInProviderInfo | null;
  /** The servers (signInKey) the account-to-be is signed in for; null = not signed in. */
  readonly signedInFor: string | null;
}

export type WizardAction =
  | { readonly type: 'edit'; readonly field: 'name' | 'email' | 'password' | 'outgoingPassword'; readonly value: string }
  | { readonly type: 'submitIdentity' }
  | { readonly type: 'manual' }
  | { readonly type: 'back' }
  | { readonly type: 'progress'; readonly item: DiscoveryProgress }
  | { readonly type: 'discovered'; readonly discovery: Discovery }
  | { readonly type: 'discoveryFailed'; readonly error: SerializedError }
  | { readonly type: 'editServer'; readonly side: Side; readonly field: keyof ServerDraft; readonly value: string | boolean | null }
  | { readonly type: 'sameCredentials'; readonly value: boolean }
  | { readonly type: 'retention'; readonly patch: Partial<RetentionDraft> }
  | { readonly type: 'testStart'; readonly side: Side }
  | { readonly type: 'testDone'; readonly side: Side; readonly report: ConnectionReport }
  | { readonly type: 'trustCertificate' }
  | { readonly type: 'dismissCertificate' }
  | { readonly type: 'storage'; readonly status: SecretStorageStatus }
  | { readonly type: 'storageChoice'; readonly choice: StorageChoice }
  | { readonly type: 'invalid'; readonly errors: FieldErrors }
  | { readonly type: 'signInProvider'; readonly provider: SignInProviderInfo | null }
  | { readonly type: 'signedIn'; readonly servers: string | null }
  | { readonly type: 'usePassword' }
  | { readonly type: 'saveStart' }
  | { readonly type: 'saveFailed'; readonly message: string };

const IDLE: TestState = { status: 'idle' };

export function initialWizardState(accountId: string = newAccountId()): WizardState {
  return {
    accountId,
    step: 'identity',
    name: '',
    email: '',
    password: '',
    errors: {},
    progress: [],
    discovery: null,
    discoveryError: null,
    manual: false,
    incoming: emptyDraft('incoming', ''),
    outgoing: emptyDraft('outgoing', ''),
    sameCredentials: true,
    outgoingPassword: '',
    retention: retentionDraftFrom(DEFAULT_RETENTION),
    tests: { incoming: IDLE, outgoing: IDLE },
    certificates: [],
    storage: null,
    storageChoice: null,
    saveError: null,
    signInProvider: null,
    signedInFor: null,
  };
}

/** The account-to-be signs in with its provider (XOAUTH2 on a server Heron can sign in to, with a registration). */
export function usesSignIn(state: Pick<WizardState, 'incoming' | 'signInProvider'>): boolean {
  return state.incoming.auth === 'xoauth2' && state.signInProvider !== null && state.signInProvider.ready;
}

/** What a sign-in is bound to: the servers as they are now (main binds the grant to exactly these). */
export function signInKey(state: Pick<WizardState, 'incoming' | 'outgoing'>): string {
  const side = (d: ServerDraft) => [d.host.trim().toLowerCase(), d.port.trim(), d.security, d.username.trim(), d.auth];
  return JSON.stringify([side(state.incoming), side(state.outgoing)]);
}

export function isSignedIn(state: Pick<WizardState, 'incoming' | 'outgoing' | 'signedInFor'>): boolean {
  return state.signedInFor !== null && state.signedInFor === signInKey(state);
}

function without(errors: FieldErrors, ...keys: FieldKey[]): FieldErrors {
  const next = { ...errors };
  for (const key of keys) delete next[key];
  return next;
}

function identityErrors(state: WizardState): FieldErrors {
  const errors: FieldErrors = {};
  const name = checkName(state.name);
  const email = checkEmail(state.email);
  if (!name.ok) errors.name = name.error;
  if (!email.ok) errors.email = email.error;
  // The password may wait for the review: a provider's sign-in needs none.
  const password = checkPassword(state.password);
  if (state.password !== '' && !password.ok) errors.password = password.error;
  return errors;
}

/** The field a failed test points at, so its words appear next to what the person should change. */
export function fieldForFailure(side: Side, error: Pick<SerializedError, 'code' | 'detail'>, sameCredentials: boolean, signIn = false): FieldKey | null {
  // A timeout or refusal that main traced to the security setting and the port (core/tls/mismatch.ts).
  if (error.detail?.likelyCause === 'security-setting') return `${side}.security`;
  if (error.code === 'ESIGNIN' || (signIn && (error.code === 'EAUTH' || error.code === 'ENOSECRET'))) return 'sign-in';
  switch (error.code) {
    case 'EAUTH':
    case 'ENOSECRET':
      return side === 'incoming' || sameCredentials ? 'password' : 'outgoing.password';
    case 'ETLS':
      return `${side}.security`;
    case 'EUNSUPPORTED':
      return `${side}.auth`;
    case 'ECONNECTION':
    case 'ETIMEDOUT':
      return `${side}.host`;
    default:
      return null;
  }
}

function reviewFrom(state: WizardState, discovery: Discovery | null): WizardState {
  const email = checkEmail(state.email);
  const address = email.ok ? email.value.address : state.email.trim();
  const username = discovery?.username ?? address;
  return {
    ...state,
    step: 'review',
    discovery,
    manual: discovery === null || discovery.incoming === null || discovery.outgoing === null,
    incoming: discovery?.incoming ? draftFrom(discovery.incoming) : emptyDraft('incoming', username),
    outgoing: discovery?.outgoing ? draftFrom(discovery.outgoing) : emptyDraft('outgoing', username),
    tests: { incoming: IDLE, outgoing: IDLE },
    certificates: [],
  };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'edit': {
      const touchesTests = action.field === 'password' ? ['incoming', 'outgoing'] : action.field === 'outgoingPassword' ? ['outgoing'] : [];
      const tests = { ...state.tests };
      for (const side of touchesTests as Side[]) tests[side] = IDLE;
      const key: FieldKey = action.field === 'outgoingPassword' ? 'outgoing.password' : action.field;
      return { ...state, [action.field]: action.value, errors: without(state.errors, key), tests, saveError: null };
    }
    case 'submitIdentity': {
      if (state.step !== 'identity') return state;
      const errors = identityErrors(state);
      if (Object.keys(errors).length > 0) return { ...state, errors };
      return { ...state, step: 'discovering', errors: {}, progress: [], discovery: null, discoveryError: null };
    }
    case 'manual': {
      if (state.step === 'identity') {
        const errors = identityErrors(state);
        if (Object.keys(errors).length > 0) return { ...state, errors };
      }
      if (state.step !== 'identity' && state.step !== 'discovering') return state;
      return { ...reviewFrom({ ...state, errors: {} }, null), manual: true };
    }
    case 'back':
      return state.step === 'saving' ? state : { ...state, step: 'identity', errors: {}, certificates: [], saveError: null };
    case 'progress': {
      if (state.step !== 'discovering') return state;
      const key = `${action.item.source} ${action.item.target}`;
      const others = state.progress.filter((p) => `${p.source} ${p.target}` !== key);
      return { ...state, progress: [...others, action.item] };
    }
    case 'discovered':
      if (state.step !== 'discovering') return state;
      return { ...reviewFrom(state, action.discovery), progress: action.discovery.steps.length > 0 ? action.discovery.steps : state.progress };
    case 'discoveryFailed':
      if (state.step !== 'discovering') return state;
      return { ...reviewFrom(state, null), discoveryError: action.error.message };
    case 'editServer': {
      const draft = editDraft(action.side, state[action.side], action.field, action.value);
      const field = action.field === 'allowPlaintextPassword' || action.field === 'pinnedCert' ? 'security' : action.field;
      const keys: FieldKey[] = [`${action.side}.${field}` as FieldKey];
      if (action.field === 'security' || action.field === 'allowPlaintextPassword') keys.push('plaintextConsent');
      const loginMethod = action.side === 'incoming' && action.field === 'auth';
      const outgoing = loginMethod ? outgoingFollowing(state.outgoing, state.incoming.auth, draft.auth, state.sameCredentials || state.outgoing.auth === 'xoauth2') : state.outgoing;
      return {
        ...state,
        outgoing,
        [action.side]: draft,
        errors: without(state.errors, ...keys),
        tests: loginMethod ? { incoming: IDLE, outgoing: IDLE } : { ...state.tests, [action.side]: IDLE },
        certificates: withoutSide(state.certificates, action.side),
        saveError: null,
      };
    }
    case 'sameCredentials':
      return { ...state, sameCredentials: action.value, tests: { ...state.tests, outgoing: IDLE }, errors: without(state.errors, 'outgoing.password') };
    case 'retention':
      return { ...state, retention: { ...state.retention, ...action.patch }, errors: without(state.errors, 'keepDays') };
    case 'testStart':
      return { ...state, tests: { ...state.tests, [action.side]: { status: 'running' } }, certificates: withoutSide(state.certificates, action.side) };
    case 'testDone': {
      const { side, report } = action;
      const tests = { ...state.tests, [side]: { status: 'done', report } as TestState };
      if (report.error === null) return { ...state, tests };
      const question = questionFrom(side, report);
      const certificates = question ? addQuestion(state.certificates, question) : state.certificates;
      const field = fieldForFailure(side, report.error, state.sameCredentials, usesSignIn(state));
      const errors = field ? { ...state.errors, [field]: report.error.message } : state.errors;
      return { ...state, tests, certificates, errors };
    }
    case 'trustCertificate': {
      const [q, ...rest] = state.certificates;
      if (!q) return state;
      // A side still waiting on a question about another certificate is not pinned to this one.
      const sides = sidesToPin(q, state).filter((side) => q.servers.some((s) => s.side === side) || !rest.some((r) => r.servers.some((s) => s.side === side)));
      let next: WizardState = { ...state, certificates: rest };
      for (const side of sides) next = { ...next, [side]: { ...next[side], pinnedCert: q.fingerprint256 }, tests: { ...next.tests, [side]: IDLE } };
      return next;
    }
    case 'dismissCertificate':
      return { ...state, certificates: state.certificates.slice(1) };
    case 'storage':
      return {
        ...state,
        storage: action.status,
        // Only the OS keyring is a safe default; otherwise the person decides (or nothing can be stored).
        storageChoice: action.status.backend === 'os' ? 'store' : action.status.backend === 'unavailable' ? 'session' : state.storageChoice,
      };
    case 'storageChoice':
      return { ...state, storageChoice: action.choice, saveError: null };
    case 'invalid':
      return { ...state, errors: { ...state.errors, ...action.errors } };
    case 'saveStart':
      return state.step === 'review' ? { ...state, step: 'saving', saveError: null } : state;
    case 'saveFailed':
      return { ...state, step: 'review', saveError: action.message };
    case 'signInProvider':
      return { ...state, signInProvider: action.provider };
    case 'signedIn':
      return { ...state, signedInFor: action.servers, errors: without(state.errors, 'sign-in'), tests: { incoming: IDLE, outgoing: IDLE }, saveError: null };
    case 'usePassword': {
      const incoming = state.incoming.auth === 'xoauth2' ? { ...state.incoming, auth: 'user' as const } : state.incoming;
      const outgoing = outgoingFollowing(state.outgoing, 'xoauth2', 'user', false);
      return { ...state, incoming, outgoing, errors: without(state.errors, 'sign-in'), tests: { incoming: IDLE, outgoing: IDLE } };
    }
  }
}

/** Both servers answered the last test with these exact settings. */
export function testsPassed(state: WizardState): boolean {
  return (['incoming', 'outgoing'] as const).every((side) => {
    const t = state.tests[side];
    return t.status === 'done' && t.report.error === null;
  });
}
