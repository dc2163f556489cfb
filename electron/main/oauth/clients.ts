/**
 * Which app ("client") signs in to each provider: the one a person or their organization
 * registered and entered in Settings, else the one Heron ships (core/autoconfig/providers/oauth.ts).
 * The choices live in `<userData>/oauth-clients.json`, written atomically; they are not secrets
 * (a desktop client's id is public, RFC 8252 §8.4), but a client secret is still never sent to the
 * window, which learns only that one is set.
 */
import type { SignInClientInfo } from '../../../shared/ipc/calls/sign-in';
import { HeronError } from '../../../shared/ipc/result';
import { providerForHost, targetFor, type OAuthClient, type OAuthProvider, type SignInTarget } from '../../core/oauth/types';
import { readJsonObject, SerialWriter } from '../secrets/secret-file';

type Overrides = Record<string, OAuthClient>;

export class SignInClients {
  private overrides: Overrides | null = null;
  private readonly writer: SerialWriter | null;

  /** `file` null: choices live in memory only (tests). */
  constructor(
    readonly providers: readonly OAuthProvider[],
    private readonly file: string | null,
  ) {
    this.writer = file === null ? null : new SerialWriter(file);
  }

  providerForHost(host: string): OAuthProvider | undefined {
    return providerForHost(this.providers, host);
  }

  /** Where and with which client this provider's sign-in goes; null when no client is known. */
  async targetFor(provider: OAuthProvider): Promise<SignInTarget | null> {
    const own = (await this.load())[provider.id];
    const client = own ?? provider.registration;
    return client ? targetFor(provider, client) : null;
  }

  /** Every mail server Heron can sign in to, and whether a client is at hand for it (discovery's choice). */
  async hostReadiness(): Promise<Map<string, 'ready' | 'unregistered'>> {
    const hosts = new Map<string, 'ready' | 'unregistered'>();
    for (const p of this.providers) {
      const ready = (await this.targetFor(p)) !== null ? 'ready' : 'unregistered';
      for (const host of p.hosts) hosts.set(host, ready);
    }
    return hosts;
  }

  async list(): Promise<SignInClientInfo[]> {
    const overrides = await this.load();
    return this.providers.map((p) => {
      const own = overrides[p.id];
      return {
        provider: p.id,
        name: p.name,
        bundledClientId: p.registration?.clientId ?? null,
        own: own ? { clientId: own.clientId, hasSecret: own.clientSecret !== undefined, tenant: own.tenant ?? null } : null,
        usesTenant: p.defaultTenant !== undefined,
        registerUrl: p.registerUrl,
        scopes: p.scopes,
      };
    });
  }

  async set(providerId: string, client: OAuthClient): Promise<void> {
    const provider = this.providers.find((p) => p.id === providerId);
    if (!provider) throw new HeronError('ENOTFOUND', `Heron does not sign in to a provider called "${providerId.slice(0, 40)}".`, { detail: { field: 'provider' } });
    if (client.tenant !== undefined && provider.defaultTenant === undefined) {
      throw new HeronError('EINVALID', `${provider.name} has no directory (tenant) to choose.`, { detail: { field: 'tenant' } });
    }
    const overrides = await this.load();
    overrides[providerId] = {
      clientId: client.clientId,
      ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
      ...(client.tenant ? { tenant: client.tenant } : {}),
    };
    await this.save();
  }

  async clear(providerId: string): Promise<void> {
    const overrides = await this.load();
    delete overrides[providerId];
    await this.save();
  }

  private async load(): Promise<Overrides> {
    if (this.overrides) return this.overrides;
    const loaded: Overrides = Object.create(null) as Overrides;
    // Missing or unreadable: the bundled registrations apply; nothing else depends on the file.
    for (const [id, value] of Object.entries(this.file ? await readJsonObject(this.file) : {})) {
      const v = value as Partial<Record<keyof OAuthClient, unknown>> | null;
      if (!v || typeof v.clientId !== 'string' || v.clientId === '') continue;
      loaded[id] = {
        clientId: v.clientId,
        ...(typeof v.clientSecret === 'string' ? { clientSecret: v.clientSecret } : {}),
        ...(typeof v.tenant === 'string' ? { tenant: v.tenant } : {}),
      };
    }
    this.overrides = loaded;
    return loaded;
  }

  private save(): Promise<void> {
    if (!this.writer) return Promise.resolve();
    return this.writer.write(Buffer.from(JSON.stringify(this.overrides ?? {}, null, 2))).catch((error: unknown) => {
      throw new HeronError('ESTORAGE', `Heron could not save the sign-in settings (${error instanceof Error ? error.message : String(error)}).`, { retryable: true });
    });
  }
}
