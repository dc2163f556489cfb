/**
 * Heron's side of `npm run bench:send`, bundled by esbuild and run under plain `node` in its own
 * child process (so its peak RSS is its own). Two modes, each printing one JSON line:
 *
 *   build <dir> <count> <from> <to>   builds the Outbox's drafts with `buildMessage` (once each) and
 *                                     writes NNN.eml + manifest.json: { messages, bytes, ms }
 *   heron <dir> <port> <user> <password> <caFile> <batch>
 *                                     drains the Outbox through `sendQueue`, one call per batch, as the
 *                                     renderer's outbox runner does: { messages, bytes, ms }
 *
 * The drafts are deterministic (fixed Date and Message-ID), so every run sends the same bytes.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rng } from '../../e2e/servers/messages';
import { sendQueue, type OutgoingMessage } from '../../electron/core/smtp/client';
import { buildMessage, type AttachmentBytes } from '../../electron/core/smtp/compose';
import type { Draft, Envelope } from '../../shared/model/draft';

interface Outcome {
  messages: number;
  bytes: number;
  ms: number;
}

export interface ManifestEntry {
  readonly file: string;
  readonly envelope: Envelope;
  readonly bytes: number;
}

const WORDS = 'the of and to a in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part'.split(' ');

/** Draft `i` of the Outbox: an HTML note of 3–8 KB (with its generated plain part); every tenth carries a 1 MB attachment. */
function draftAt(i: number, from: string, to: string): { draft: Draft; attachments: AttachmentBytes[] } {
  const random = rng(i * 104_729 + 17);
  const target = 3_000 + Math.floor(random() * 5_000);
  const paragraphs: string[] = [];
  let size = 0;
  for (let p = 0; size < target && p < 200; p += 1) {
    const words: string[] = [];
    for (let w = 0; w < 40; w += 1) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
    const paragraph = `<p>${words.join(' ')}.</p>`;
    paragraphs.push(paragraph);
    size += paragraph.length;
  }
  const attachments: AttachmentBytes[] = [];
  const refs: Draft['attachments'][number][] = [];
  if (i % 10 === 9) {
    const bytes = new Uint8Array(1_000_000);
    for (let b = 0; b < bytes.length; b += 4) {
      const n = Math.floor(random() * 0x1_0000_0000);
      bytes[b] = n & 0xff;
      bytes[b + 1] = (n >>> 8) & 0xff;
      bytes[b + 2] = (n >>> 16) & 0xff;
      bytes[b + 3] = n >>> 24;
    }
    attachments.push({ id: `att${i}`, bytes });
    refs.push({ id: `att${i}`, filename: `report-${i}.pdf`, contentType: 'application/pdf', size: bytes.length });
  }
  const draft: Draft = {
    id: `d${i}`,
    accountId: 'bench',
    from: { name: 'Bench Sender', address: from },
    to: [{ name: 'Bench Recipient', address: to }],
    cc: [],
    bcc: [],
    subject: `Outbox message ${i}`,
    text: '',
    html: `${paragraphs.join('')}<div><br></div><div>--&nbsp;</div><div>Bench Sender</div>`,
    plainTextMode: false,
    attachments: refs,
    inReplyTo: null,
    references: [],
    updatedAt: 0,
  };
  return { draft, attachments };
}

const fileName = (i: number) => `${String(i).padStart(4, '0')}.eml`;

async function build(dir: string, count: number, from: string, to: string): Promise<Outcome> {
  await mkdir(dir, { recursive: true });
  const manifest: ManifestEntry[] = [];
  let ms = 0;
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const { draft, attachments } = draftAt(i, from, to);
    // Only the composer is timed: making the drafts and writing the files is the benchmark's own work.
    const started = performance.now();
    const built = await buildMessage(draft, attachments, { now: new Date(Date.UTC(2025, 0, 1) + i * 1000), messageIdLocal: `bench-${i}` });
    ms += performance.now() - started;
    await writeFile(path.join(dir, fileName(i)), built.raw);
    manifest.push({ file: fileName(i), envelope: built.envelope, bytes: built.raw.byteLength });
    bytes += built.raw.byteLength;
  }
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { messages: count, bytes, ms };
}

/**
 * Each batch is read from disk just before it is sent — the app's main process likewise holds only
 * the batch the renderer handed it over IPC, never the whole Outbox.
 */
async function heron(dir: string, port: number, user: string, password: string, ca: string, batch: number): Promise<Outcome> {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const started = performance.now();
  let messages = 0;
  let bytes = 0;
  for (let start = 0; start < manifest.length; start += batch) {
    const items: OutgoingMessage[] = await Promise.all(
      manifest.slice(start, start + batch).map(async (m) => ({ id: m.file, raw: new Uint8Array(await readFile(path.join(dir, m.file))), envelope: m.envelope })),
    );
    const outcomes = await sendQueue(
      { server: { host: '127.0.0.1', port, security: 'starttls', username: user, auth: 'plain' }, secret: password, ca },
      items,
    );
    for (const [k, o] of outcomes.entries()) {
      if (o.status !== 'sent') throw new Error(`${o.id}: ${o.status} — ${o.error?.message ?? 'no error'}`);
      messages += 1;
      bytes += items[k]?.raw.byteLength ?? 0;
    }
  }
  return { messages, bytes, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  let outcome: Outcome;
  if (mode === 'build' && args.length === 4) {
    const [dir, count, from, to] = args as [string, string, string, string];
    outcome = await build(dir, Number(count), from, to);
  } else if (mode === 'heron' && args.length === 6) {
    const [dir, port, user, password, caFile, batch] = args as [string, string, string, string, string, string];
    outcome = await heron(dir, Number(port), user, password, readFileSync(caFile, 'utf8'), Number(batch));
  } else {
    throw new Error('usage: send-clients.cjs build <dir> <count> <from> <to> | heron <dir> <port> <user> <password> <caFile> <batch>');
  }
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
