/**
 * Reads Mozilla's autoconfig `clientConfig` format (version 1.1), the format of Thunderbird's
 * ISPDB, of a provider's own `config-v1.1.xml`, and of Heron's bundled provider files.
 * Only what Heron can use is kept: POP3 incoming and SMTP outgoing servers. A document that is
 * not XML, not a clientConfig, or holds an impossible value throws a ConfigError naming it, so
 * discovery can say what was wrong and move on to the next source.
 */
import type { Pop3AuthMethod, Security, SmtpAuthMethod } from '../../../shared/model/account';
import { HeronError } from '../../../shared/ipc/result';
import { checkPort, normalizeHost } from './hosts';
import { child, childrenNamed, childText, parseXml, XmlError, type XmlElement } from './xml';

export interface ConfigServer<A> {
  readonly hostname: string;
  readonly port: number;
  readonly security: Security;
  /** Username template with %EMAILADDRESS% / %EMAILLOCALPART% / %EMAILDOMAIN%. */
  readonly username: string;
  /** Login methods Heron can use, in the file's order of preference. */
  readonly auth: readonly A[];
  /** True when the file lists OAuth2 among the methods (the provider's sign-in in the browser). */
  readonly oauth: boolean;
  /** True when the file lists only OAuth2 (no password login there). */
  readonly oauthOnly: boolean;
}

export interface ProviderConfig {
  readonly id: string;
  readonly displayName: string;
  readonly domains: readonly string[];
  readonly incoming: readonly ConfigServer<Pop3AuthMethod>[];
  readonly outgoing: readonly ConfigServer<SmtpAuthMethod>[];
  /** From <enable><instruction>: what a person must do before a client can connect. */
  readonly hints: readonly string[];
  readonly docsUrl: string | null;
  /** True when the file lists incoming servers but none is POP3 (IMAP-only providers). */
  readonly noPop3: boolean;
}

export class ConfigError extends HeronError {
  constructor(message: string) {
    super('EPROTOCOL', message);
    this.name = 'ConfigError';
  }
}

const SOCKET: Record<string, Security> = { SSL: 'tls', STARTTLS: 'starttls', plain: 'none' };

// ISPDB authentication values → Heron's methods. 'password-cleartext' means "send the password
// as is" (over the TLS the socketType sets up): USER/PASS in POP3, AUTH PLAIN in SMTP.
const POP3_AUTH: Record<string, Pop3AuthMethod> = {
  'password-cleartext': 'user',
  plain: 'user',
  'password-encrypted': 'cram-md5',
  secure: 'cram-md5',
  OAuth2: 'xoauth2',
};
const SMTP_AUTH: Record<string, SmtpAuthMethod> = {
  'password-cleartext': 'plain',
  plain: 'plain',
  'password-encrypted': 'cram-md5',
  secure: 'cram-md5',
  OAuth2: 'xoauth2',
  none: 'none',
};

export function parseClientConfig(xml: string, origin: string): ProviderConfig {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw new ConfigError(`The settings file from ${origin} is not valid XML: ${error.message}.`);
    throw error;
  }
  if (root.name !== 'clientConfig') {
    throw new ConfigError(`The settings file from ${origin} is not an autoconfig file (its root element is <${root.name.slice(0, 40)}>, not <clientConfig>).`);
  }
  const provider = child(root, 'emailProvider');
  if (!provider) throw new ConfigError(`The settings file from ${origin} has no <emailProvider>.`);
  const id = (provider.attributes.id ?? '').trim();
  const domains: string[] = [];
  for (const d of childrenNamed(provider, 'domain')) {
    try {
      domains.push(normalizeHost(d.text));
    } catch {
      throw new ConfigError(`The settings file from ${origin} lists an invalid domain "${d.text.trim().slice(0, 80)}".`);
    }
  }
  const where = (i: number, kind: string) => `${origin} (${kind} server ${i + 1})`;
  const incomingAll = childrenNamed(provider, 'incomingServer');
  const incoming = incomingAll
    .filter((s) => s.attributes.type === 'pop3')
    .map((s, i) => readServer(s, POP3_AUTH, where(i, 'incoming POP3')));
  const outgoing = childrenNamed(provider, 'outgoingServer')
    .filter((s) => s.attributes.type === 'smtp')
    .map((s, i) => readServer(s, SMTP_AUTH, where(i, 'outgoing SMTP')));
  const hints: string[] = [];
  for (const enable of childrenNamed(provider, 'enable')) {
    for (const instruction of childrenNamed(enable, 'instruction')) {
      const text = instruction.text.replace(/\s+/g, ' ').trim();
      if (text !== '' && !hints.includes(text)) hints.push(text.slice(0, 500));
    }
  }
  const docs = child(provider, 'documentation')?.attributes.url ?? null;
  return {
    id: id || domains[0] || origin,
    displayName: (childText(provider, 'displayName') ?? id).slice(0, 100) || origin,
    domains,
    incoming,
    outgoing,
    hints,
    docsUrl: docs !== null && /^https:\/\/[^\s"<>]+$/.test(docs) ? docs : null,
    noPop3: incoming.length === 0 && incomingAll.length > 0,
  };
}

function readServer<A extends string>(el: XmlElement, table: Record<string, A>, where: string): ConfigServer<A> {
  const hostText = childText(el, 'hostname');
  if (!hostText) throw new ConfigError(`The settings file from ${where} has no <hostname>.`);
  let hostname: string;
  try {
    // Templates like %EMAILDOMAIN% in host names exist in a few ISPDB files; Heron's bundled files
    // do not use them and a remote one that does is refused rather than guessed at.
    hostname = normalizeHost(hostText);
  } catch (error) {
    throw new ConfigError(`The settings file from ${where} has an invalid host name: ${(error as Error).message}`);
  }
  let port: number;
  try {
    port = checkPort(childText(el, 'port'));
  } catch {
    throw new ConfigError(`The settings file from ${where} has an invalid port "${(childText(el, 'port') ?? '').slice(0, 20)}".`);
  }
  const socketType = childText(el, 'socketType') ?? '';
  const security = SOCKET[socketType];
  if (security === undefined) {
    throw new ConfigError(`The settings file from ${where} has an unknown socketType "${socketType.slice(0, 20)}" (expected SSL, STARTTLS or plain).`);
  }
  const username = childText(el, 'username') ?? '%EMAILADDRESS%';
  if (/[\r\n\0]/.test(username) || username.length > 320) throw new ConfigError(`The settings file from ${where} has an invalid <username>.`);
  const methods = childrenNamed(el, 'authentication').map((a) => a.text.trim());
  const known = methods.map((m) => table[m]).filter((m): m is A => m !== undefined);
  const passwordMethods = known.filter((m) => m !== 'xoauth2');
  return {
    hostname,
    port,
    security,
    username,
    // With no <authentication> at all, a password is the norm.
    auth: passwordMethods.length > 0 ? passwordMethods : known.length > 0 ? [] : [table['password-cleartext'] as A],
    oauth: known.includes('xoauth2' as A),
    oauthOnly: passwordMethods.length === 0 && known.includes('xoauth2' as A),
  };
}
