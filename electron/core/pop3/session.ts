/**
 * The usual start of a fetch: connect, log in, and learn what the mailbox holds (STAT, LIST, UIDL —
 * one round trip when the server pipelines).
 */
import { HeronError } from '../../../shared/ipc/result';
import { validateCredentials, type Pop3Credentials } from './auth';
import { Pop3Client, type Pop3ConnectOptions } from './client';
import { uidsByMessage } from './listing';

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
    // A server without CAPA cannot say it has UIDL: ask. One that says it has none is not asked.
    const wantUidl = needUidl || client.capabilities.uidl || !client.capabilitiesKnown;
    // Queued together: the connection pipelines them when the server allows it.
    const statP = client.stat(options.signal);
    const listP = client.list(options.signal);
    // A caller that can do without ids goes on without them when UIDL is refused (-ERR).
    const uidlP = wantUidl ? client.uidl(options.signal).catch((error: unknown) => (!needUidl && refused(error) ? null : Promise.reject(error))) : Promise.resolve(null);
    const [stat, list, uidl] = await Promise.allSettled([statP, listP, uidlP]).then((results) => {
      for (const r of results) if (r.status === 'rejected') throw r.reason;
      return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
        Awaited<typeof statP>,
        Awaited<typeof listP>,
        Awaited<typeof uidlP>,
      ];
    });
    // Two messages may share a uid (RFC 1939 §7 says they should not; the fetch planner copes).
    const uids = uidsByMessage(uidl ?? []);
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

/** UIDL answered -ERR (the session goes on), as opposed to a failure that ended the session. */
function refused(error: unknown): boolean {
  return error instanceof HeronError && (error.code === 'EUNSUPPORTED' || error.code === 'EREJECTED' || error.code === 'ETEMPORARY');
}

function protocol(host: string, what: string): HeronError {
  return new HeronError('EPROTOCOL', `${host} gave an inconsistent answer: ${what}.`, { detail: { host } });
}
