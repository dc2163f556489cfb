/**
 * Deterministic, realistic-looking test messages for seeding Maildirs: varied headers (Received
 * chains, DKIM, list headers), plain, multipart/alternative and base64 attachments, UTF-8 text,
 * and the lines that trip POP3 clients (a lone ".", lines starting with "." or "From ").
 * Every message carries `X-Heron-Seed: <index>` so a test can match what it fetched to what it
 * seeded without relying on the server's message order.
 */

/** mulberry32: tiny, fast, good enough to vary test data reproducibly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Émile Zola', 'Søren Kierkegaard', 'Zhang Wei', 'Olúwasẹun Ọlá', 'Alan Turing', 'Niamh Ó Briain'];
const DOMAINS = ['example.com', 'example.org', 'lists.example.net', 'mail.example.co.uk', 'example.de'];
const SUBJECTS = ['Quarterly figures', 'Re: lunch on Friday?', 'Fwd: the contract (signed)', 'Ünïcödé in the subject line', '[dev] build is green again', 'Invoice 2024-117', 'Minutes of the meeting'];
const WORDS = 'the quick brown fox jumps over a lazy dog while heron wades through reeds looking for mail that never arrives twice nor gets lost on the way home'.split(' ');
const TRICKY = ['.', '.leading dot', '..two dots', 'From the desk of the editor', ' .space then dot', 'naïve café – “quotes” — 日本語のテキスト'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function words(random: () => number, approxBytes: number): string {
  const out: string[] = [];
  let line = '';
  let total = 0;
  while (total < approxBytes) {
    const w = random() < 0.03 ? pick(random, TRICKY) : pick(random, WORDS);
    if (line.length + w.length + 1 > 72 || w === '.' || w.startsWith('.') || w.startsWith('From ')) {
      if (line !== '') out.push(line);
      total += line.length + 1;
      line = w;
      if (w === '.' || w.startsWith('.') || w.startsWith('From ')) {
        out.push(line);
        total += line.length + 1;
        line = '';
      }
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') out.push(line);
  return out.join('\n');
}

function base64Block(random: () => number, bytes: number): string {
  // Four random bytes per draw, and line breaks placed by slicing: a 1 MB attachment takes milliseconds.
  const raw = Buffer.alloc(Math.ceil(bytes / 4) * 4);
  for (let i = 0; i < raw.length; i += 4) raw.writeUInt32LE(Math.floor(random() * 4294967296) >>> 0, i);
  const b64 = raw.subarray(0, bytes).toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < b64.length; at += 76) lines.push(b64.slice(at, at + 76));
  return lines.join('\n');
}

export interface MessageOptions {
  /** Approximate total size in bytes (the result is within a few hundred bytes of it). */
  readonly size: number;
  /** Line ends: LF (what most Maildirs hold; Dovecot serves CRLF) or CRLF. Default LF. */
  readonly crlf?: boolean;
}

/** Message number `index`, deterministic for (index, size). Always ends with a line break. */
export function makeMessage(index: number, options: MessageOptions): Buffer {
  const random = rng(index * 7919 + options.size);
  const from = pick(random, NAMES);
  const fromAddr = `${from.split(' ')[0]?.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '') || 'someone'}@${pick(random, DOMAINS)}`;
  const date = new Date(Date.UTC(2024, 0, 1) + index * 97_000).toUTCString().replace('GMT', '+0000');
  const hops = 1 + Math.floor(random() * 4);
  const headers: string[] = [];
  for (let h = 0; h < hops; h += 1) {
    headers.push(`Received: from mx${h}.${pick(random, DOMAINS)} (mx${h}.${pick(random, DOMAINS)} [192.0.2.${h + 1}])\n\tby mail.test.domain (Postfix) with ESMTPS id ${(index * 31 + h).toString(16).toUpperCase()}\n\tfor <alice@test.domain>; ${date}`);
  }
  headers.push(`DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${pick(random, DOMAINS)}; s=s1;\n\th=from:to:subject:date:message-id; bh=${base64Block(random, 32).replace(/\n/g, '')};\n\tb=${base64Block(random, 128).replace(/\n/g, '\n\t ')}`);
  const subject = pick(random, SUBJECTS);
  const encodedSubject = /[^\x20-\x7e]/.test(subject) ? `=?UTF-8?B?${Buffer.from(subject).toString('base64')}?=` : subject;
  headers.push(
    `From: =?UTF-8?B?${Buffer.from(from).toString('base64')}?= <${fromAddr}>`,
    'To: Alice <alice@test.domain>',
    `Subject: ${encodedSubject} #${index}`,
    `Date: ${date}`,
    `Message-ID: <seed-${index}-${options.size}@heron.test>`,
    `X-Heron-Seed: ${index}`,
    'MIME-Version: 1.0',
  );
  if (random() < 0.3) headers.push(`List-Id: Developers <dev.${pick(random, DOMAINS)}>`, `List-Unsubscribe: <mailto:leave-${index}@example.org>`);

  const headerBytes = headers.join('\n').length + 200;
  const budget = Math.max(200, options.size - headerBytes);
  // Mail of a megabyte is an attachment with a note, not a megabyte of prose.
  const kind = options.size > 200_000 ? 0.9 : random();
  let body: string;
  if (kind < 0.4) {
    headers.push('Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit');
    body = words(random, budget);
  } else if (kind < 0.75) {
    const boundary = `=_alt_${index}`;
    headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
    const text = words(random, budget * 0.4);
    const html = `<html><body><p>${words(random, budget * 0.45).replace(/\n/g, '</p>\n<p>')}</p></body></html>`;
    body = `--${boundary}\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n${text}\n--${boundary}\nContent-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n${html}\n--${boundary}--`;
  } else {
    const boundary = `=_mixed_${index}`;
    headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
    const text = words(random, Math.min(1500, budget * 0.3));
    const attachmentRaw = Math.max(64, Math.floor((budget - text.length - 300) * 0.74));
    body = `--${boundary}\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n${text}\n--${boundary}\nContent-Type: application/octet-stream; name="data-${index}.bin"\nContent-Disposition: attachment; filename="data-${index}.bin"\nContent-Transfer-Encoding: base64\n\n${base64Block(random, attachmentRaw)}\n--${boundary}--`;
  }
  const text = `${headers.join('\n')}\n\n${body}\n`;
  return Buffer.from(options.crlf ? text.replace(/\n/g, '\r\n') : text, 'utf8');
}

/** What a POP3 server puts on the wire for a stored message (before dot-stuffing): every lone LF as CRLF. */
export function toCrlf(stored: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let lf = stored.indexOf(0x0a); lf !== -1; lf = stored.indexOf(0x0a, lf + 1)) {
    if (lf > 0 && stored[lf - 1] === 0x0d) continue;
    parts.push(stored.subarray(from, lf), CRLF);
    from = lf + 1;
  }
  parts.push(stored.subarray(from));
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');

/** The `X-Heron-Seed` index of a message, or null. */
export function seedIndex(message: Buffer): number | null {
  const head = message.subarray(0, Math.min(message.length, 16_384)).toString('latin1');
  const match = /\r?\nX-Heron-Seed: (\d+)\r?\n/.exec(head);
  return match ? Number(match[1]) : null;
}
