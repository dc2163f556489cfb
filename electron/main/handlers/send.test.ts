import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MainHandlers } from '../../../shared/ipc/contract';
import type { QueuedMessageDto, SendProgress, SendResult, SendStateDto, SmtpCapabilitiesDto } from '../../../shared/ipc/calls/send';
import { HeronError, type Result } from '../../../shared/ipc/result';
import type { SecretSlot } from '../../../shared/model/account';
import { makePki, type Pki } from '../../core/smtp/test-support';
import { dispatchCall } from '../dispatch';
import type { QueuedOutgoing } from '../../../shared/model/outgoing';
import { BuiltMessages } from '../store/built-messages';
import type { OutboxStore } from '../store/link';
import { createSendHandlers, type SendDeps } from './send';

const PASSWORD = 'outgoing-Pw-91';
let pki: Pki;
let port: number;
let server: SMTPServer;
const received: Buffer[] = [];
let hold = false;
const held: Array<() => void> = [];

beforeAll(async () => {
  pki = await makePki();
  server = new SMTPServer({
    key: pki.keyPem,
    cert: pki.certPem,
    size: 5_000_000,
    logger: false,
    onAuth: (auth, _s, cb) => cb(auth.password === PASSWORD ? null : new Error('Invalid'), { user: auth.username }),
    onData: (stream, _s, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        // A test can hold the reply to keep a send in flight.
        if (hold) held.push(() => cb());
        else cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The window's store as main sees it: what was queued in it, and the bytes it gives back when asked. */
function fakeStore(stored = new Map<string, Uint8Array>()) {
  const queued: Array<{ item: QueuedOutgoing; raw: Uint8Array }> = [];
  const asked: string[][] = [];
  const store: OutboxStore = {
    queue: async (item, raw) => {
      queued.push({ item, raw });
      stored.set(item.id, raw);
    },
    outgoing: async (_accountId, ids) => {
      asked.push([...ids]);
      return ids.flatMap((id) => {
        const raw = stored.get(id);
        return raw ? [{ id, raw }] : [];
      });
    },
  };
  return { store, queued, asked, stored };
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

function world(secrets: Partial<Record<SecretSlot, string>> = { outgoing: PASSWORD }, extra: Partial<SendDeps> = {}, store = fakeStore()) {
  const events: SendProgress[] = [];
  const deps: SendDeps = {
    secrets: { get: async (_id, slot) => secrets[slot] ?? null, renew: async () => null },
    store: store.store,
    emit: (_name, payload) => events.push(payload),
    ca: pki.caPem,
    timeouts: { connect: 3000, greeting: 3000, socket: 3000 },
    ...extra,
  };
  const handlers = createSendHandlers(deps) as unknown as MainHandlers;
  const callIt = <T>(name: string, payload: unknown) => dispatchCall(handlers, name, payload) as Promise<Result<T>>;
  return { events, callIt, store };
}

const outgoing = (extra: Record<string, unknown> = {}) => ({
  protocol: 'smtp', host: '127.0.0.1', port: 0, security: 'starttls', username: 'alice', auth: 'plain', ...extra,
});

const draft = (extra: Record<string, unknown> = {}) => ({
  id: 'draft-1', accountId: 'acct_1', from: { name: 'Alice', address: 'alice@example.com' },
  to: [{ name: 'Bob', address: 'bob@example.com' }], cc: [], bcc: [{ name: '', address: 'hidden@example.com' }],
  subject: 'Hi', text: 'Hello\n.\nBob', html: null, plainTextMode: true, attachments: [], inReplyTo: null, references: [], updatedAt: 1,
  ...extra,
});

describe('send handlers through the IPC boundary', () => {
  it('queueMessage puts the built bytes and the Outbox item in the store; sendMessages names the item and the server gets exactly those bytes, not read back', async () => {
    const { events, callIt, store } = world();
    const queued = await callIt<QueuedMessageDto>('queueMessage', { draft: draft(), attachments: [], outboxId: 'out-1', sentId: 'sent-1' });
    if (!queued.ok) throw new Error(queued.error.message);
    expect(store.queued).toHaveLength(1);
    const [{ item, raw }] = store.queued as [{ item: QueuedOutgoing; raw: Uint8Array }];
    expect(item).toMatchObject({
      id: 'out-1', draftId: 'draft-1', accountId: 'acct_1', messageId: queued.value.messageId,
      envelope: { from: 'alice@example.com', to: ['bob@example.com', 'hidden@example.com'] },
      recipients: [{ name: 'Bob', address: 'bob@example.com' }, { name: '', address: 'hidden@example.com' }],
      sentMeta: { id: 'sent-1', subject: 'Hi', size: raw.byteLength, snippet: 'Hello . Bob', unread: false, hasAttachments: false },
      sentBody: { messageId: 'sent-1', text: 'Hello\n.\nBob', html: null, warnings: [] },
    });
    const before = received.length;
    const sent = await callIt<SendResult>('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [{ id: 'out-1', envelope: item.envelope }] });
    if (!sent.ok) throw new Error(sent.error.message);
    expect(sent.value.outcomes.map((o) => [o.id, o.status, o.attempted])).toEqual([['out-1', 'sent', true]]);
    expect(Buffer.compare(received[before]!, Buffer.from(raw))).toBe(0);
    // Main kept the bytes it built: nothing came back from the window.
    expect(store.asked).toEqual([]);
    expect(events.map((e) => [e.accountId, e.id, e.index, e.total, e.outcome.status])).toEqual([['acct_1', 'out-1', 0, 1, 'sent']]);
  });

  it('after a restart main reads an item\'s bytes back from the store once; an item the store no longer has is not sent, and says why', async () => {
    const stored = new Map([['out-9', bytes('Subject: kept\r\n\r\nkept\r\n')]]);
    const { callIt, store } = world(undefined, { built: new BuiltMessages() }, fakeStore(stored));
    const before = received.length;
    const envelope = { from: 'alice@example.com', to: ['bob@example.com'] };
    const sent = await callIt<SendResult>('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [{ id: 'gone', envelope }, { id: 'out-9', envelope }] });
    if (!sent.ok) throw new Error(sent.error.message);
    expect(sent.value.outcomes.map((o) => [o.id, o.status, o.attempted, o.error?.code ?? null])).toEqual([['gone', 'failed', false, 'ENOTFOUND'], ['out-9', 'sent', true, null]]);
    expect(received.slice(before).map((r) => r.toString('latin1'))).toEqual(['Subject: kept\r\n\r\nkept\r\n']);
    expect(store.asked).toEqual([['gone', 'out-9']]);
  });

  it('a header injection is refused at the boundary, naming the field, and nothing is queued', async () => {
    const { callIt, store } = world();
    const r = await callIt('queueMessage', { draft: draft({ subject: 'x\r\nBcc: all@example.com' }), attachments: [], outboxId: 'o', sentId: 's' });
    expect(r).toMatchObject({ ok: false, error: { code: 'EINVALID', detail: { field: 'draft.subject' } } });
    const engine = await callIt('queueMessage', { draft: draft({ to: [{ name: '', address: 'not an address' }] }), attachments: [], outboxId: 'o', sentId: 's' });
    expect(engine).toMatchObject({ ok: false, error: { code: 'EINVALID', detail: { field: 'to[0].address' } } });
    expect(store.queued).toEqual([]);
  });

  it('no stored password → ENOSECRET before any connection; sameCredentialsAsIncoming reads the incoming slot', async () => {
    const item = { id: 'out-2', envelope: { from: 'alice@example.com', to: ['bob@example.com'] } };
    const stored = () => fakeStore(new Map([['out-2', bytes('Subject: x\r\n\r\nx\r\n')]]));
    const none = await world({}, {}, stored()).callIt('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [item] });
    expect(none).toMatchObject({ ok: false, error: { code: 'ENOSECRET' } });
    const shared = await world({ incoming: PASSWORD }, {}, stored()).callIt<SendResult>('sendMessages', {
      accountId: 'acct_1', outgoing: outgoing({ port, sameCredentialsAsIncoming: true }), items: [item],
    });
    expect(shared.ok && shared.value.outcomes[0]?.status).toBe('sent');
  });

  it('XOAUTH2: a refused access token is renewed once and the queue goes out with the new one; a refused renewal leaves every message unsent with the reason', async () => {
    const tokenServer = new SMTPServer({
      key: pki.keyPem,
      cert: pki.certPem,
      logger: false,
      authMethods: ['XOAUTH2'],
      onAuth: (auth, _s, cb) => cb(auth.accessToken === 'at-fresh' ? null : new Error('Invalid token'), { user: auth.username }),
      onData: (stream, _s, cb) => {
        stream.resume();
        stream.on('end', () => cb());
      },
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    const tokenPort = (tokenServer.server.address() as AddressInfo).port;
    try {
      const item = { id: 'out-t', envelope: { from: 'alice@example.com', to: ['bob@example.com'] } };
      const send = async (renew: () => Promise<string | null>) => {
        const renewals: string[] = [];
        const stored = fakeStore(new Map([['out-t', bytes('Subject: x\r\n\r\nx\r\n')]]));
        const { callIt } = world({}, { secrets: { get: async () => 'at-stale', renew: async (_a, _s, refused) => (renewals.push(refused), renew()) } }, stored);
        const r = await callIt<SendResult>('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port: tokenPort, auth: 'xoauth2', sameCredentialsAsIncoming: true }), items: [item] });
        if (!r.ok) throw new Error(r.error.message);
        return { outcomes: r.value.outcomes, renewals };
      };
      const good = await send(async () => 'at-fresh');
      expect(good.renewals).toEqual(['at-stale']);
      expect(good.outcomes.map((o) => [o.status, o.attempted])).toEqual([['sent', true]]);
      const twice = await send(async () => 'at-still-refused');
      expect(twice.renewals).toEqual(['at-stale']);
      expect(twice.outcomes).toMatchObject([{ status: 'failed', attempted: false, error: { code: 'EAUTH' } }]);
      const revoked = await send(async () => {
        throw new HeronError('ESIGNIN', 'Test Identity ended Heron’s sign-in for alice: the sign-in has expired or was revoked. Sign in again to go on.');
      });
      expect(revoked.outcomes).toMatchObject([{ status: 'failed', attempted: false, error: { code: 'ESIGNIN' } }]);
    } finally {
      await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
    }
  });

  it('a second send for the same account while one is in flight is refused with EBUSY', async () => {
    const { callIt } = world(undefined, {}, fakeStore(new Map([['out-3', bytes('Subject: x\r\n\r\nx\r\n')]])));
    const item = { id: 'out-3', envelope: { from: 'alice@example.com', to: ['bob@example.com'] } };
    hold = true;
    const first = callIt<SendResult>('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [item] });
    for (let i = 0; i < 300 && held.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(held).toHaveLength(1);
    const second = await callIt('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [{ ...item, id: 'out-4' }] });
    expect(second).toMatchObject({ ok: false, error: { code: 'EBUSY' } });
    hold = false;
    held.shift()?.();
    const done = await first;
    expect(done.ok && done.value.outcomes[0]?.status).toBe('sent');
  });

  it('a window that restarts while main sends asks what became of its items: on the wire while the server holds the reply, then the outcome; an item main never saw is not answered for', async () => {
    const { callIt, events } = world(undefined, {}, fakeStore(new Map([['out-5', bytes('Subject: x\r\n\r\nx\r\n')]])));
    const item = { id: 'out-5', envelope: { from: 'alice@example.com', to: ['bob@example.com'] } };
    const state = async () => {
      const r = await callIt<SendStateDto>('sendState', { ids: ['out-5', 'never-seen'] });
      if (!r.ok) throw new Error(r.error.message);
      return { sending: r.value.sending, outcomes: r.value.outcomes.map((o) => [o.id, o.status]) };
    };
    expect(await state()).toEqual({ sending: [], outcomes: [] });
    hold = true;
    const first = callIt<SendResult>('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [item] });
    for (let i = 0; i < 300 && held.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(await state()).toEqual({ sending: ['out-5'], outcomes: [] });
    hold = false;
    held.shift()?.();
    await first;
    expect(await state()).toEqual({ sending: [], outcomes: [['out-5', 'sent']] });
    // Reported once, though both the progress and the answer carried it.
    expect(events.filter((e) => e.id === 'out-5').map((e) => e.outcome.status)).toEqual(['sent']);
    // A call refused as a whole before any network work says so for each item.
    const refused = await world({}, {}, fakeStore(new Map([['out-6', bytes('Subject: x\r\n\r\nx\r\n')]])));
    await refused.callIt('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [{ ...item, id: 'out-6' }] });
    const after = await refused.callIt<SendStateDto>('sendState', { ids: ['out-6'] });
    expect(after.ok && after.value.outcomes.map((o) => [o.id, o.status, o.attempted, o.error?.code])).toEqual([['out-6', 'failed', false, 'ENOSECRET']]);
  });

  it('a send that outlasts its deadline is ended by main: the message held after its "." may have been sent, the rest waits', async () => {
    const stored = new Map(['late-1', 'late-2'].map((id) => [id, bytes(`Subject: ${id}\r\n\r\nx\r\n`)]));
    const { callIt } = world({ outgoing: PASSWORD }, { deadlineMs: 1500 }, fakeStore(stored));
    const item = (id: string) => ({ id, envelope: { from: 'alice@example.com', to: ['bob@example.com'] } });
    hold = true;
    const started = Date.now();
    const sent = await callIt<SendResult>('sendMessages', { accountId: 'acct_1', outgoing: outgoing({ port }), items: [item('late-1'), item('late-2')] });
    hold = false;
    for (const release of held.splice(0)) release();
    expect(Date.now() - started).toBeLessThan(4000);
    if (!sent.ok) throw new Error(sent.error.message);
    expect(sent.value.outcomes.map((o) => [o.id, o.status, o.attempted, o.error?.code])).toEqual([
      ['late-1', 'uncertain', true, 'EUNCERTAIN'],
      ['late-2', 'waiting-retry', false, 'ETIMEDOUT'],
    ]);
    expect(sent.value.outcomes[1]?.error?.message).toBe('Sending took longer than 1500 ms; what was not sent waits for the next try.');
  });

  it('smtpCapabilities reports SIZE, login methods and the verified certificate without logging in', async () => {
    const { callIt } = world({});
    const r = await callIt<SmtpCapabilitiesDto>('smtpCapabilities', { accountId: 'acct_1', outgoing: outgoing({ port }) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.size).toBe(5_000_000);
    expect(r.value.authMethods).toEqual(['LOGIN', 'PLAIN']);
    expect(r.value.certificate?.pinned).toBe(false);
    expect(r.value.certificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
