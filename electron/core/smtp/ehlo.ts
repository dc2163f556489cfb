/** EHLO reply parsing (RFC 5321 §4.1.1.1), pure: what the server offers, for sending and for the compose warning. */

export interface SmtpCapabilities {
  /** RFC 1870 SIZE limit in bytes; null when not announced or announced without a number (0 = no fixed limit). */
  readonly size: number | null;
  readonly eightBitMime: boolean;
  readonly smtpUtf8: boolean;
  readonly pipelining: boolean;
  readonly starttls: boolean;
  readonly dsn: boolean;
  /** Upper-case SASL mechanism names. */
  readonly authMethods: readonly string[];
}

export function parseEhlo(reply: string): SmtpCapabilities {
  const lines = reply
    .split(/\r?\n/)
    .map((l) => l.replace(/^\d{3}[ -]?/, '').trim())
    .slice(1); // the first line is the server's name and greeting text
  const words = lines.map((l) => l.split(/\s+/));
  const has = (kw: string) => words.some((w) => w[0]?.toUpperCase() === kw);
  let size: number | null = null;
  const authMethods = new Set<string>();
  for (const w of words) {
    const keyword = w[0]?.toUpperCase() ?? '';
    if (keyword === 'SIZE' && w[1] !== undefined && /^\d{1,15}$/.test(w[1])) size = Number(w[1]);
    // "AUTH=LOGIN PLAIN" is the pre-RFC 2554 form some servers still send.
    if (keyword === 'AUTH' || keyword.startsWith('AUTH=')) {
      const first = keyword.startsWith('AUTH=') ? [keyword.slice(5)] : [];
      for (const m of [...first, ...w.slice(1)]) if (/^[A-Z0-9_-]{1,20}$/i.test(m)) authMethods.add(m.toUpperCase());
    }
  }
  return {
    size,
    eightBitMime: has('8BITMIME'),
    smtpUtf8: has('SMTPUTF8'),
    pipelining: has('PIPELINING'),
    starttls: has('STARTTLS'),
    dsn: has('DSN'),
    authMethods: [...authMethods],
  };
}
