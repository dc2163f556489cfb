/**
 * Schemas for model objects that several contract fragments carry (account settings, POP state).
 * Host names and user names can reach protocol command lines: `v.string` already rejects CR/LF.
 */
import { v } from './validate';

export const idSchema = v.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ });

export const hostSchema = v.string({ min: 1, max: 253, pattern: /^[A-Za-z0-9.:[\]_-]+$/ });

export const portSchema = v.number({ integer: true, min: 1, max: 65535 });

export const securitySchema = v.literal('tls', 'starttls', 'none');

const endpointShape = {
  host: hostSchema,
  port: portSchema,
  security: securitySchema,
  username: v.string({ max: 320 }),
  pinnedCert: v.optional(v.string({ max: 128, pattern: /^[0-9A-Fa-f:]+$/ })),
  allowPlaintextPassword: v.optional(v.boolean()),
};

export const incomingServerSchema = v.object({
  ...endpointShape,
  protocol: v.literal('pop3'),
  auth: v.literal('user', 'apop', 'plain', 'login', 'cram-md5', 'xoauth2'),
});

export const outgoingServerSchema = v.object({
  ...endpointShape,
  protocol: v.literal('smtp'),
  auth: v.literal('plain', 'login', 'cram-md5', 'xoauth2', 'none'),
  sameCredentialsAsIncoming: v.optional(v.boolean()),
});

export const retentionSchema = v.object({
  mode: v.literal('keep', 'delete'),
  keepDays: v.nullable(v.number({ integer: true, min: 0, max: 36500 })),
  deleteWhenDeletedHere: v.boolean(),
});

export const popStateEntrySchema = v.object({
  accountId: idSchema,
  uidl: v.string({ min: 1, max: 512 }),
  localId: v.string({ min: 1, max: 128 }),
  downloadedAt: v.number({ min: 0 }),
  status: v.literal('stored', 'headers-only', 'deleted-here', 'deleted-on-server', 'failed'),
  size: v.number({ integer: true, min: 0 }),
  failure: v.optional(
    v.object({
      reason: v.literal('refused', 'temporary', 'too-big', 'mismatch', 'lost'),
      attempts: v.number({ integer: true, min: 0, max: 1_000_000 }),
      at: v.number({ min: 0 }),
      detail: v.string({ max: 1000 }),
    }),
  ),
  serverAction: v.optional(v.literal('leave', 'delete', 'download')),
  asked: v.optional(v.object({ action: v.literal('delete', 'download'), at: v.number({ min: 0 }), confirmed: v.optional(v.literal(true)) })),
});
