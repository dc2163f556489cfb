/**
 * Which servers each stored password may be sent to. The renderer chooses the servers when it
 * sets a password; afterwards every use names the server it is for, and main refuses a server the
 * password was not stored for. So even a compromised renderer — the process that shows hostile
 * mail — cannot have main send a stored password to another host, in clear, or under another
 * user name (Thunderbird keys saved passwords by server for the same reason). Changing an
 * account's server therefore means entering its password again.
 *
 * The bindings are not secret (host, port, security, user name) and live beside the encrypted
 * store in `<userData>/secret-bindings.json`, written atomically.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { SecretSlot, Security } from '../../../shared/model/account';
import { readJsonObject, SerialWriter } from './secret-file';
import type { SecretStore } from './secret-store';

export interface SecretEndpoint {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
}

export function endpointKey(e: SecretEndpoint): string {
  return JSON.stringify([e.security, e.host.trim().toLowerCase(), e.port, e.username]);
}

type BindingMap = Record<string, string[]>;

export class SecretBindings {
  private map: BindingMap | null = null;
  private readonly writer: SerialWriter | null;

  /** `file` null: bindings live in memory only (tests). */
  constructor(private readonly file: string | null) {
    this.writer = file === null ? null : new SerialWriter(file);
  }

  async set(accountId: string, slot: SecretSlot, endpoints: readonly SecretEndpoint[]): Promise<void> {
    const map = await this.load();
    map[`${accountId}/${slot}`] = [...new Set(endpoints.map(endpointKey))];
    await this.save();
  }

  async allows(accountId: string, slot: SecretSlot, endpoint: SecretEndpoint): Promise<boolean> {
    const map = await this.load();
    return (map[`${accountId}/${slot}`] ?? []).includes(endpointKey(endpoint));
  }

  async forget(accountId: string): Promise<void> {
    const map = await this.load();
    delete map[`${accountId}/incoming`];
    delete map[`${accountId}/outgoing`];
    await this.save();
  }

  private async load(): Promise<BindingMap> {
    if (this.map) return this.map;
    const loaded: BindingMap = Object.create(null) as BindingMap;
    // Missing or unreadable: no password may be used until it is entered again — safe, and the
    // person is asked in words (ENOSECRET), nothing else is lost.
    for (const [k, v] of Object.entries(this.file ? await readJsonObject(this.file) : {})) {
      if (Array.isArray(v)) loaded[k] = v.filter((x): x is string => typeof x === 'string');
    }
    this.map = loaded;
    return loaded;
  }

  private save(): Promise<void> {
    return this.writer ? this.writer.write(Buffer.from(JSON.stringify(this.map ?? {}))) : Promise.resolve();
  }
}

/** What fetching, sending and connection tests get: a password only for a server it was stored for. */
export interface BoundSecretReader {
  get(accountId: string, slot: SecretSlot, endpoint: SecretEndpoint): Promise<string | null>;
}

/** `onUse` sees every password handed out, before it goes to its server (secret-scrubber.ts masks it from then on). */
export function boundReader(store: Pick<SecretStore, 'get'>, bindings: SecretBindings, onUse: (secret: string) => void = () => {}): BoundSecretReader {
  return {
    async get(accountId, slot, endpoint) {
      const secret = await store.get(accountId, slot);
      if (secret === null) return null;
      if (!(await bindings.allows(accountId, slot, endpoint))) {
        throw new HeronError(
          'ENOSECRET',
          `The saved password was stored for a different server than ${endpoint.username} on ${endpoint.host}:${endpoint.port}. ` +
            'Enter the password again to use it with this server.',
          { detail: { field: 'password', accountId, slot, host: endpoint.host } },
        );
      }
      onUse(secret);
      return secret;
    },
  };
}
