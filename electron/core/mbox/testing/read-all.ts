/** Test helpers: an mbox held in memory, read with the real reader through a source of short reads. */
import { MboxReader, type MboxEntry, type MboxMessage, type MboxReadOptions } from '../reader';
import { bufferSource } from '../window';
import { mboxrdEntry, type ExportEnvelope } from '../writer';

export const ENVELOPE: ExportEnvelope = { sender: 'alice@example.com', date: Date.UTC(2024, 0, 1, 12, 0, 0) };

/** The mboxrd file the writer makes of `messages`, in memory. */
export function mboxrdOf(messages: readonly Buffer[], envelope: ExportEnvelope = ENVELOPE): Buffer {
  return Buffer.concat(messages.flatMap((m) => mboxrdEntry(m, envelope)));
}

/** Every entry of `file`, read `maxRead` bytes at a time. */
export async function readAll(file: Buffer | string, options: MboxReadOptions & { maxRead?: number } = {}): Promise<MboxEntry[]> {
  const data = typeof file === 'string' ? Buffer.from(file, 'latin1') : file;
  const reader = await MboxReader.fromSource(bufferSource(data, options.maxRead), options);
  const out: MboxEntry[] = [];
  for await (const entry of reader.entries()) out.push(entry);
  return out;
}

/** The messages of `file` (skipped entries left out). */
export async function messagesOf(file: Buffer | string, options: MboxReadOptions & { maxRead?: number } = {}): Promise<MboxMessage[]> {
  return (await readAll(file, options)).filter((e): e is MboxMessage => e.kind === 'message');
}

/** The messages' bytes as latin1 strings, for exact comparisons that read well in a failure. */
export async function textsOf(file: Buffer | string, options: MboxReadOptions & { maxRead?: number } = {}): Promise<string[]> {
  return (await messagesOf(file, options)).map((m) => m.bytes.toString('latin1'));
}
