/**
 * "Download the whole message": one message that was stored headers-only (over the account's
 * size limit) is fetched in full on request. Found by UIDL, since message numbers change between
 * sessions, and read whole where it arrived, like every fetched message. Nothing is deleted here:
 * retention runs with the next regular fetch.
 */
import type { FetchAccount } from '../../../shared/ipc/calls/fetch';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { HeronError } from '../../../shared/ipc/result';
import { openSession, type Pop3ConnectOptions } from '../pop3';
import type { ReadMessage } from './read-message';
import { arrivalLimit, connectOptionsFor, credentialsFor, SAFETY_CAP_BYTES } from './session';

export interface WholeMessageRequest {
  readonly account: FetchAccount;
  readonly secret: { password?: string; token?: string };
  readonly uidl: string;
  readonly localId: string;
  readonly read: (raw: Buffer, receivedAt: number) => Promise<ReadMessage>;
  readonly connect?: Partial<Pick<Pop3ConnectOptions, 'ca' | 'timeouts' | 'servername'>>;
  readonly signal?: AbortSignal;
}

export async function fetchWholeMessage(request: WholeMessageRequest): Promise<FetchedMessage> {
  const { account } = request;
  const session = await openSession({
    ...connectOptionsFor(account, request.connect, request.signal),
    credentials: credentialsFor(account, request.secret),
    needUidl: true,
  });
  const { client } = session;
  let healthy = false;
  try {
    const found = session.messages.filter((m) => m.uid === request.uidl);
    const target = found[0];
    if (!target) {
      throw new HeronError('ENOTFOUND', `The message is no longer on ${account.incoming.host}; only its headers are stored here.`);
    }
    if (found.length > 1) {
      // Another message's bytes must never complete this one's headers (issue 16 §6).
      throw new HeronError('EPROTOCOL', `${account.incoming.host} lists ${found.length} messages under this message's id, so Heron cannot tell which one it is; only its headers are stored here.`, {
        detail: { host: account.incoming.host, uidl: request.uidl },
      });
    }
    if (target.size > SAFETY_CAP_BYTES) {
      throw new HeronError('ETOOBIG', `The message on ${account.incoming.host} is ${target.size} bytes, over Heron's limit of ${SAFETY_CAP_BYTES} bytes; only its headers are stored here.`, {
        detail: { host: account.incoming.host, size: target.size, maxBytes: SAFETY_CAP_BYTES },
      });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of client.retrieve(target.msg, { maxBytes: arrivalLimit(SAFETY_CAP_BYTES), ...(request.signal ? { signal: request.signal } : {}) })) {
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    await client.quit(request.signal);
    healthy = true;
    const receivedAt = Date.now();
    const { headers, content } = await request.read(raw, receivedAt);
    return {
      id: request.localId,
      uidl: request.uidl,
      size: target.size,
      raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
      partial: false,
      replaces: true,
      headers,
      receivedAt,
      ...(content ? { content } : {}),
    };
  } finally {
    if (!healthy) client.destroy();
  }
}
