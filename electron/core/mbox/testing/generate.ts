/**
 * Generated messages for property-style tests of the mbox reader and writer: lines that look like
 * separators at every position (first line, after a blank line, last line without a line end),
 * `>From` quoting at several depths, LF, CRLF and CR-only line ends, NUL and 8-bit bytes, empty
 * messages and pure binary. Deterministic from a seed, so a failure can be replayed.
 */
import { createHash } from 'node:crypto';

/** A deterministic stream of random numbers in [0, 1) (SHA-256 in counter mode). */
export function seeded(seed: number): () => number {
  let counter = 0;
  let block = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 4 > block.length) {
      block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      at = 0;
    }
    const value = block.readUInt32LE(at) / 4294967296;
    at += 4;
    return value;
  };
}

const TRAP_LINES = [
  'From ',
  'From',
  'From x',
  'From the desk of the editor',
  'From alice@example.com Mon Jan  1 00:00:00 2024',
  'From - Sat Jan  3 01:05:34 1996',
  'From MAILER-DAEMON Wed Mar 13 17:55:44 +0000 2024',
  '>From alice@example.com Mon Jan  1 00:00:00 2024',
  '>From ',
  '>>From here',
  '>>>From there',
  ' From indented',
  'Fromage',
  '>',
  '',
  'Subject: From the start',
  'plain words in a line',
];
const ENDS = ['\n', '\r\n', '\r'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function binary(random: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) out[i] = Math.floor(random() * 256);
  return out;
}

/** One generated message (raw bytes, not necessarily valid mail). */
export function trapMessage(random: () => number): Buffer {
  const shape = random();
  if (shape < 0.03) return Buffer.alloc(0);
  if (shape < 0.08) return binary(random, 1 + Math.floor(random() * 300));
  const parts: Buffer[] = [];
  const headers = random() < 0.85;
  if (headers) parts.push(Buffer.from(`Message-ID: <m${Math.floor(random() * 1e9)}@gen.test>\nSubject: generated\n\n`));
  const lines = Math.floor(random() * 12);
  for (let i = 0; i < lines; i += 1) {
    const kind = random();
    const text = kind < 0.75 ? Buffer.from(pick(random, TRAP_LINES)) : kind < 0.9 ? binary(random, Math.floor(random() * 20)) : Buffer.from('naïve café – 日本語', 'utf8');
    const last = i === lines - 1;
    const end = last && random() < 0.3 ? '' : pick(random, ENDS);
    parts.push(text, Buffer.from(end));
  }
  // Messages that end in blank lines, in each kind of line end.
  if (random() < 0.15) parts.push(Buffer.from(pick(random, ['\n\n', '\r\n\r\n', '\n\r\n', '\r\r'])));
  return Buffer.concat(parts);
}

/** `count` generated messages from `seed`. */
export function trapMessages(seed: number, count: number): Buffer[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => trapMessage(random));
}
