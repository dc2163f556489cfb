/**
 * Contract fragment: connection tests. The setup wizard and account settings ask main to log in to
 * an account's incoming (POP3) and outgoing (SMTP) server with exactly the code path fetching and
 * sending use, and get back each step in words ("Connected to pop.example.com:995", "Certificate
 * valid", "Logged in", "1,204 messages on the server").
 *
 * A test answers a report, not a failure, when the server said no: a rejected password or an
 * unverifiable certificate is the result of the test. The report carries the step that failed and
 * the error (ECERT with `detail.fingerprint256`, `subject`, `issuer`, `validTo`, so the person can
 * decide to trust that certificate for this account).
 *
 * The password travels only renderer→main: for an account not saved yet it is in the payload; for a
 * saved account, leave it out and main reads the stored one.
 */
import type { IncomingServer, OutgoingServer } from '../../model/account';
import type { CertificateCheck } from '../../model/certificate';
import type { SerializedError } from '../result';
import { call } from '../define';
import { incomingServerSchema, outgoingServerSchema } from '../schemas';
import { v, type Schema } from '../validate';
import { accountIdSchema, MAX_PASSWORD_LENGTH } from './credentials';

export type ConnectionStepKind = 'connect' | 'tls' | 'login' | 'mailbox' | 'capabilities';

export interface ConnectionStep {
  readonly kind: ConnectionStepKind;
  readonly ok: boolean;
  /** A sentence for a person. */
  readonly text: string;
}

export interface ConnectionReport {
  readonly side: 'incoming' | 'outgoing';
  readonly host: string;
  readonly port: number;
  /** Every step tried, in order; the last one failed when `error` is set. */
  readonly steps: readonly ConnectionStep[];
  readonly error: SerializedError | null;
  /** The certificate the server presented (null on an unencrypted connection). */
  readonly certificate: CertificateCheck | null;
  /** Incoming: messages and bytes in the mailbox (STAT). */
  readonly messageCount: number | null;
  readonly mailboxBytes: number | null;
  /** Outgoing: login methods and size limit the server announced (EHLO). */
  readonly authMethods: readonly string[];
  readonly sizeLimit: number | null;
}

const passwordSchema = v.optional(v.string({ min: 1, max: MAX_PASSWORD_LENGTH }));

export interface TestIncomingInput {
  /** A saved account: main reads its stored password when `password` is absent. */
  readonly accountId?: string;
  readonly incoming: IncomingServer;
  readonly password?: string;
}

export interface TestOutgoingInput {
  readonly accountId?: string;
  readonly outgoing: OutgoingServer;
  readonly password?: string;
}

// v.object leaves absent optional keys out of what it returns, so a parsed payload is exactly
// these interfaces; the casts let callers write optional keys as optional (exactOptionalPropertyTypes).
const testIncomingSchema = v.object({ accountId: v.optional(accountIdSchema), incoming: incomingServerSchema, password: passwordSchema }) as unknown as Schema<TestIncomingInput>;
const testOutgoingSchema = v.object({ accountId: v.optional(accountIdSchema), outgoing: outgoingServerSchema, password: passwordSchema }) as unknown as Schema<TestOutgoingInput>;

export const connectionCalls = {
  /** Connects, verifies TLS, logs in and asks STAT; QUIT without deleting anything. */
  testIncoming: call<ConnectionReport>()(testIncomingSchema),
  /**
   * Connects, verifies TLS, reads EHLO and logs in; sends no message. With
   * `sameCredentialsAsIncoming`, `password` is the incoming password (or the stored incoming one).
   */
  testOutgoing: call<ConnectionReport>()(testOutgoingSchema),
} as const;

export const connectionEvents = {} as const;
