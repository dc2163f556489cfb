/**
 * The mbox `npm run bench:import` reads: realistic messages (e2e/servers/messages.ts: Received
 * chains, DKIM, multipart, base64 attachments, UTF-8) of mixed sizes, written as mboxrd by Heron's
 * exporter, with `From ` traps: lines Heron quotes (`From the desk…`, a whole separator line after
 * a blank line, `>From`, `>>From`), and in every 25th message, lines left unquoted as a careless
 * mboxo writer leaves them — `From ` lines that must not split the message because no blank line
 * comes before them or they do not parse as `From <sender> <date>`.
 *
 * Returns what a correct reader must find: the message count and a digest of every message's
 * SHA-256 in order.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { makeMessage, rng } from '../../e2e/servers/messages';
import { formatFromLine } from '../../electron/core/mbox/from-line';
import { mboxrdEntry } from '../../electron/core/mbox/writer';

export interface GeneratedMbox {
  readonly messages: number;
  readonly bytes: number;
  /** SHA-256 over the messages' SHA-256 digests, in file order. */
  readonly digest: string;
  /** Lines starting "From " left unquoted (a reader that splits at every one finds this many more). */
  readonly unquotedFromLines: number;
}

/** Mostly notes of 2–8 KB, a quarter up to 60 KB, one in twenty with an attachment of 0.1–1 MB. */
function sizeOf(random: () => number): number {
  const r = random();
  if (r < 0.7) return 2_000 + Math.floor(random() * 6_000);
  if (r < 0.95) return 8_000 + Math.floor(random() * 52_000);
  return 100_000 + Math.floor(random() * 900_000);
}

const QUOTED_TRAPS = '\n\nFrom alice@example.com Mon Jan  1 00:00:00 2024\n>From the archive\n>>From deeper\nFrom the desk of the editor\n';
const UNQUOTED_TRAPS = 'Forwarded below.\nFrom bob@example.org Tue Feb  6 10:00:00 2024\n\nFrom the desk of the editor, unquoted\nand more text\n';

/** Writes about `targetBytes` of mbox to `file`. */
export async function generateMbox(file: string, targetBytes: number, seed = 20): Promise<GeneratedMbox> {
  const random = rng(seed);
  const handle = await open(file, 'wx');
  const digests = createHash('sha256');
  let bytes = 0;
  let messages = 0;
  let unquotedFromLines = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const data = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    for (let done = 0; done < data.length; ) done += (await handle.write(data, done)).bytesWritten;
  };
  try {
    while (bytes < targetBytes) {
      const base = makeMessage(messages, { size: sizeOf(random), crlf: messages % 7 === 3 });
      const envelope = { sender: `sender${messages}@example.com`, date: Date.UTC(2024, 0, 1) + messages * 61_000 };
      let pieces: Buffer[];
      let message: Buffer;
      if (messages % 25 === 24) {
        // As a writer that does not quote leaves it (makeMessage writes no ">From" lines to undo).
        message = Buffer.concat([base, Buffer.from(UNQUOTED_TRAPS)]);
        unquotedFromLines += countFromLines(message);
        pieces = [Buffer.from(formatFromLine(envelope.sender, envelope.date, false)), message, Buffer.from('\n')];
      } else {
        message = messages % 5 === 1 ? Buffer.concat([base, Buffer.from(QUOTED_TRAPS)]) : base;
        pieces = mboxrdEntry(message, envelope);
      }
      digests.update(createHash('sha256').update(message).digest());
      for (const p of pieces) {
        pending.push(p);
        pendingBytes += p.length;
        bytes += p.length;
      }
      messages += 1;
      if (pendingBytes > 4 * 1024 * 1024) await flush();
    }
    await flush();
  } finally {
    await handle.close();
  }
  return { messages, bytes, digest: digests.digest('hex'), unquotedFromLines };
}

function countFromLines(message: Buffer): number {
  let n = message.subarray(0, 5).toString('latin1') === 'From ' ? 1 : 0;
  for (let at = message.indexOf('\nFrom '); at !== -1; at = message.indexOf('\nFrom ', at + 1)) n += 1;
  return n;
}
