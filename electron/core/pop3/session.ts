/**
 * The usual start of a fetch: connect, log in, and learn what the mailbox holds (STAT, LIST, UIDL —
 * one round trip when the server pipelines).
 */
import { HeronError } from '../../../shared/ipc/result';
import { validateCredentials, type Pop3Credentials } from './auth';
import { Pop3Client, type Pop3ConnectOptions } from './client';

export interface Pop3Session {
  client: Pop3Client;
  count: number;
  size: number;
  messages: Array<{ msg: number; size: number; uid: string | null }>;
}

export async function openSession(
  options: Pop3ConnectOptions & { credentials: Pop3Credentials; needUidl?: boolean },
): Promise<Pop3Session> {
  // Bad credentials are refused before a connection is made (STYLE.md §4).
  validateCredentials(options.credentials);
  const client = await Pop3Client.connect(options);
  try {
    await client.login(options.credentials, options.signal);
    const needUidl = options.needUidl ?? true;
    const wantUidl = needUidl || client.capabilities.uidl;
    // Queued together: the connection pipelines them when the server allows it.
    const statP = client.stat(options.signal);
    const listP = client.list(options.signal);
    const uidlP = wantUidl ? client.uidl(options.signal) : Promise.resolve(null);
    const [stat, list, uidl] = await Promise.allSettled([statP, listP, uidlP]).then((results) => {
      for (const r of results) if (r.status === 'rejected') throw r.reason;
      return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
        Awaited<typeof statP>,
        Awaited<typeof listP>,
        Awaited<typeof uidlP>,
      ];
    });
    const uids = new Map<number, string>();
    for (const u of uidl ?? []) {
      if (uids.has(u.msg)) throw protocol(options.host, `UIDL listed message ${u.msg} twice`);
      uids.set(u.msg, u.uid);
    }
    if (uidl && new Set(uids.values()).size !== uids.size) {
      // RFC 1939 §7: ids are unique within a maildrop; duplicates would make Heron skip or double mail.
      throw protocol(options.host, 'UIDL gave two messages the same id');
    }
    const messages = list
      .map((m) => ({ msg: m.msg, size: m.size, uid: uids.get(m.msg) ?? null }))
      .sort((a, b) => a.msg - b.msg);
    if (needUidl && messages.some((m) => m.uid === null)) throw protocol(options.host, 'UIDL did not list every message');
    return { client, count: stat.count, size: stat.size, messages };
  } catch (error) {
    client.destroy();
    throw error;
  }
}

function protocol(host: string, what: string): HeronError {
  return new HeronError('EPROTOCOL', `${host} gave an inconsistent answer: ${what}.`, { detail: { host } });
}
