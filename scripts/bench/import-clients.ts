/**
 * Heron's side of `npm run bench:import`, bundled by esbuild and run under plain `node` in its own
 * child process (so its peak RSS is its own): reads an mbox with Heron's reader and does what the
 * importer does with each message before storing it — its fingerprint (Message-ID and SHA-256)
 * through the duplicate filter, the store's index stood in for by a set of digests. Prints one JSON line:
 *   { messages, skipped, bytes, ms, digest, duplicates, peakBufferBytes }
 * `digest` is SHA-256 over each message's SHA-256 in order, to compare with what was written.
 */
import { createHash } from 'node:crypto';
import { DuplicateFilter, fingerprint } from '../../electron/core/mbox/duplicates';
import { openMbox } from '../../electron/core/mbox/reader';

async function main(file: string): Promise<void> {
  const started = performance.now();
  const reader = await openMbox(file);
  // The store's index, as the importer asks it (here a set of digests; in the app, IndexedDB).
  const stored = new Set<string>();
  const filter = new DuplicateFilter((fp) => stored.has(fp.sha256));
  const digests = createHash('sha256');
  let messages = 0;
  let skipped = 0;
  let bytes = 0;
  for await (const entry of reader.entries()) {
    if (entry.kind === 'skipped') {
      skipped += 1;
      continue;
    }
    const fp = fingerprint(entry.bytes);
    if (await filter.admit(fp)) {
      stored.add(fp.sha256);
      filter.settled([fp]);
    }
    digests.update(Buffer.from(fp.sha256, 'hex'));
    messages += 1;
    bytes += entry.bytes.length;
  }
  await reader.close();
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ messages, skipped, bytes, ms, digest: digests.digest('hex'), duplicates: filter.duplicates, peakBufferBytes: reader.peakBufferBytes })}\n`);
}

const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: import-clients <mbox file>');
void main(file);
