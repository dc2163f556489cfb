/** RFC 2449 CAPA: the reply lines → what the client may rely on. */

export interface Pop3Capabilities {
  raw: string[];
  pipelining: boolean;
  uidl: boolean;
  top: boolean;
  user: boolean;
  stls: boolean;
  sasl: string[];
  respCodes: boolean;
  authRespCode: boolean;
  /** RFC 2449 §6.5 LOGIN-DELAY: the least seconds between two logins; null when not announced. */
  loginDelaySeconds: number | null;
}

/** A server that answers `-ERR` to CAPA (a pure RFC 1939 server) is known to offer nothing optional. */
export const NO_CAPABILITIES: Pop3Capabilities = Object.freeze({
  raw: [],
  pipelining: false,
  uidl: false,
  top: false,
  user: false,
  stls: false,
  sasl: [],
  respCodes: false,
  authRespCode: false,
  loginDelaySeconds: null,
}) as Pop3Capabilities;

export function parseCapabilities(lines: readonly string[]): Pop3Capabilities {
  const raw = lines.map((l) => l.trim()).filter((l) => l !== '');
  const words = new Set<string>();
  let sasl: string[] = [];
  let loginDelaySeconds: number | null = null;
  for (const line of raw) {
    const [name = '', ...args] = line.split(/\s+/);
    const key = name.toUpperCase();
    words.add(key);
    if (key === 'SASL') sasl = args.map((a) => a.toUpperCase());
    // `LOGIN-DELAY 900` (before login it may add `USER`: the value may change once logged in).
    if (key === 'LOGIN-DELAY' && /^\d{1,9}$/.test(args[0] ?? '')) loginDelaySeconds = Number(args[0]) > 0 ? Number(args[0]) : null;
  }
  return {
    raw,
    pipelining: words.has('PIPELINING'),
    uidl: words.has('UIDL'),
    top: words.has('TOP'),
    user: words.has('USER'),
    stls: words.has('STLS'),
    sasl,
    respCodes: words.has('RESP-CODES'),
    authRespCode: words.has('AUTH-RESP-CODE'),
    loginDelaySeconds,
  };
}
