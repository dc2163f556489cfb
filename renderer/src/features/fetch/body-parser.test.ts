import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../../../shared/ipc/result';
import type { Bridge } from '../../bridge/bridge';
import { commitFetchBatch } from '../../data/fetch-store';
import { deleteForever } from '../../data/delete-forever';
import { createFetchController } from './controller';
import { useFetchStatus } from './fetch-status';
import { batch, controllerHarness, fakeBridge, fetched, T } from './test-harness';

// The body parser as the controller drives it: mail committed by a fetch is parsed once the fetch is done.
const h = controllerHarness();

describe('fetch commit path: bodies', () => {
  it('after fetchDone, the parser sends the stored bytes to main and stores bodies and attachments, correcting the row', async () => {
    const content = new Uint8Array([0, 1, 2, 255]);
    const parseCalls: Array<Array<{ id: string; raw: Uint8Array }>> = [];
    const msgs = [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', 'U3', { partial: true })];
    const { emit } = h.setup((name, input) => {
      if (name !== 'parseStoredMessages') return undefined;
      const items = (input as { items: Array<{ id: string; raw: Uint8Array }> }).items;
      parseCalls.push(items);
      return items.map(({ id }) => ({
        id,
        body: { messageId: id, text: `text ${id}`, html: null, warnings: [] },
        attachments: id === 'm1' ? [{ meta: { id: 'm1:0', messageId: 'm1', filename: 'a.bin', contentType: 'application/octet-stream', size: 4, contentId: null, inline: false }, content }] : [],
        hasAttachments: id === 'm1',
        snippet: `snip ${id}`,
      }));
    });
    emit('fetchBatch', batch(0, msgs));
    await h.controller.idle();
    // Committed, queued, and not parsed while the fetch runs.
    expect(await h.db.parseQueue.count()).toBe(1);
    await h.controller.parser.idle();
    expect(parseCalls).toEqual([]);

    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await h.controller.idle();
    await h.controller.parser.idle();
    // One call for the batch, with exactly the stored bytes; the headers-only copy is not parsed.
    expect(parseCalls.map((c) => c.map((i) => i.id))).toEqual([['m1', 'm2']]);
    expect(parseCalls[0]![0]!.raw).toEqual(msgs[0]!.raw);
    expect(await h.db.messages.get('m1')).toMatchObject({ hasAttachments: true, snippet: 'snip m1' });
    expect((await h.db.bodies.get('m2'))?.text).toBe('text m2');
    expect(await h.db.bodies.get('m3')).toBeUndefined();
    expect(new Uint8Array(await (await h.db.attachments.get('m1:0'))!.blob!.arrayBuffer())).toEqual(content);
    expect(await h.db.parseQueue.count()).toBe(0);
  });

  it('several queued batches are parsed oldest first, each stored, the queue emptied', async () => {
    const order: string[][] = [];
    const { emit } = h.setup((name, input) => {
      if (name !== 'parseStoredMessages') return undefined;
      const ids = (input as { items: Array<{ id: string }> }).items.map((i) => i.id);
      order.push(ids);
      return ids.map((id) => ({ id, body: { messageId: id, text: id, html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: `s-${id}` }));
    });
    for (let b = 0; b < 3; b++) emit('fetchBatch', batch(b, [fetched(`m${b}a`, `U${b}a`), fetched(`m${b}b`, `U${b}b`)]));
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await h.controller.idle();
    await h.controller.parser.idle();
    expect(order).toEqual([['m0a', 'm0b'], ['m1a', 'm1b'], ['m2a', 'm2b']]);
    expect((await h.db.messages.toArray()).map((m) => m.snippet).sort()).toEqual(['s-m0a', 's-m0b', 's-m1a', 's-m1b', 's-m2a', 's-m2b']);
    expect(await h.db.parseQueue.count()).toBe(0);
  });

  it('a body for a message deleted before its parse is dropped', async () => {
    const { emit } = h.setup((name) =>
      name === 'parseStoredMessages'
        ? [{ id: 'm1', body: { messageId: 'm1', text: 'x', html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: 'x' }]
        : undefined,
    );
    emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    await h.controller.idle();
    await deleteForever(h.db, ['m1']);
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await h.controller.idle();
    await h.controller.parser.idle();
    expect(await h.db.bodies.count()).toBe(0);
    expect(await h.db.parseQueue.count()).toBe(0);
  });

  it('a parse that fails is retried later, and given up after a few attempts (the reader parses on open)', async () => {
    const fb = fakeBridge();
    let calls = 0;
    fb.bridge.call = (async (name: string) => {
      if (name === 'parseStoredMessages') {
        calls += 1;
        return { ok: false, error: { code: 'EINTERNAL', message: 'The mail worker stopped (exit code 1).', retryable: true } };
      }
      return ok(undefined);
    }) as unknown as Bridge['call'];
    h.controller = createFetchController({ bridge: fb.bridge, db: h.db, status: useFetchStatus.getState(), now: () => T, parseRetryDelayMs: 5 });
    h.controller.install();
    fb.emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    fb.emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await h.controller.idle();
    await vi.waitFor(async () => expect(await h.db.parseQueue.count()).toBe(0));
    expect(calls).toBe(3);
    // The mail itself is untouched.
    expect(await h.db.messages.get('m1')).toMatchObject({ snippet: '' });
  });

  it('rows left unparsed by an earlier window are parsed when a controller is installed', async () => {
    await commitFetchBatch(h.db, batch(0, [fetched('m1', 'U1')]));
    const { calls } = h.setup((name) =>
      name === 'parseStoredMessages' ? [{ id: 'm1', body: { messageId: 'm1', text: 'x', html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: 'later' }] : undefined,
    );
    await h.controller.parser.idle();
    expect(calls.map((c) => c.name)).toEqual(['parseStoredMessages']);
    expect(await h.db.messages.get('m1')).toMatchObject({ snippet: 'later' });
  });
});
