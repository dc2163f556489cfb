/**
 * Parses fetched mail after the fetch. A fetch commits only the raw bytes and the list's header
 * fields (the list shows the mail at once); each batch also leaves a parse queue row
 * (fetch-store.ts). This takes the rows oldest first, sends their stored bytes to main's parser
 * (a worker thread) and stores the bodies, removing the row in the same transaction — so a parse
 * interrupted by a crash or a closed window is simply done again later.
 *
 * It steps aside while any fetch runs (`busy`): parsing competes for the same cores as
 * downloading and committing, and the mail is already readable (the reader parses a message
 * opened before its turn).
 */
import { PARSE_BATCH_MAX, type BodyUpdate } from '../../../../shared/ipc/calls/fetch';
import type { Bridge } from '../../bridge/bridge';
import type { HeronDb } from '../../data/db';
import { storeBodies } from '../../data/fetch-store';
import { getRawBytes } from '../../data/raw-store';
import type { ParseQueueRow } from '../../data/rows';
import { log } from '../../log/logger';

/** Bytes sent to main in one parse call. */
export const PARSE_CALL_BYTES = 8 * 1024 * 1024;
/** A row whose parse failed this many times as a whole is dropped (the reader parses on open). */
export const MAX_PARSE_ATTEMPTS = 3;

export interface BodyParserDeps {
  readonly bridge: Pick<Bridge, 'call'>;
  readonly db: HeronDb;
  /** True while parsing should wait (a fetch is running); `kick()` again when it ends. */
  readonly busy: () => boolean;
  /** Waits before retrying a row whose parse failed (tests shorten it). */
  readonly retryDelayMs?: number;
}

export interface BodyParser {
  /** Starts working through the queue unless already doing so. */
  kick(): void;
  /** Resolves when the parser has stopped (queue empty, busy, or waiting to retry). */
  idle(): Promise<void>;
}

type Item = { id: string; raw: Uint8Array };

async function readItems(db: HeronDb, ids: readonly string[]): Promise<Item[]> {
  const bytes = await getRawBytes(db, ids);
  // A message deleted since it was fetched has nothing to parse.
  return ids.flatMap((id) => {
    const raw = bytes.get(id);
    return raw ? [{ id, raw }] : [];
  });
}

/** Consecutive runs of at most PARSE_BATCH_MAX items and PARSE_CALL_BYTES bytes (one item may exceed it alone). */
export function parseCalls(items: readonly Item[]): Item[][] {
  const calls: Item[][] = [];
  let current: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= PARSE_BATCH_MAX || bytes + item.raw.byteLength > PARSE_CALL_BYTES)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.raw.byteLength;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

export function createBodyParser(deps: BodyParserDeps): BodyParser {
  const { db, bridge } = deps;
  let running: Promise<void> | null = null;
  let again = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  type Parsed = { row: ParseQueueRow & { seq: number }; bodies: BodyUpdate[] } | { row: ParseQueueRow & { seq: number }; failed: string };

  /** Reads one row's bytes and has main parse them (no store write yet). */
  async function parseRow(row: ParseQueueRow & { seq: number }): Promise<Parsed> {
    const bodies: BodyUpdate[] = [];
    for (const call of parseCalls(await readItems(db, row.ids))) {
      const result = await bridge.call('parseStoredMessages', { items: call });
      if (!result.ok) return { row, failed: result.error.message };
      bodies.push(...result.value);
    }
    return { row, bodies };
  }

  /** Stores a parsed row's bodies, or counts its failure; false when the queue should pause. */
  async function finish(parsed: Parsed): Promise<boolean> {
    const { row } = parsed;
    if ('bodies' in parsed) {
      await storeBodies(db, parsed.bodies, row.seq);
      return true;
    }
    const attempts = row.attempts + 1;
    if (attempts >= MAX_PARSE_ATTEMPTS) {
      log.warn(`Gave up parsing ${row.ids.length} stored messages (${parsed.failed}); each is parsed when opened.`);
      await db.parseQueue.delete(row.seq);
      return true;
    }
    await db.parseQueue.update(row.seq, { attempts });
    return false;
  }

  const withSeq = (row: ParseQueueRow | undefined) => (row?.seq === undefined ? undefined : { ...row, seq: row.seq });

  /**
   * Oldest row first. The next row's parse is under way while this one's bodies are stored:
   * parsing runs in main's worker and storing in this window and the store, so on two cores
   * the two overlap instead of taking turns.
   */
  async function drain(): Promise<void> {
    // A parse started ahead may be abandoned (its row's turn fails, the store closes): it must
    // not end as an unhandled rejection; awaiting it still sees its error.
    const ahead = (row: (ParseQueueRow & { seq: number }) | undefined) => {
      const p = row ? parseRow(row) : null;
      p?.catch(() => undefined);
      return p;
    };
    let parsing = ahead(deps.busy() ? undefined : withSeq(await db.parseQueue.orderBy('seq').first()));
    while (parsing) {
      const parsed = await parsing;
      const next = deps.busy() ? undefined : withSeq(await db.parseQueue.where('seq').above(parsed.row.seq).first());
      parsing = ahead(next);
      if (!(await finish(parsed))) {
        // A parse already started ahead finishes unused: the failed row goes first when retried.
        retryTimer ??= setTimeout(() => {
          retryTimer = null;
          parser.kick();
        }, deps.retryDelayMs ?? 30_000);
        return;
      }
    }
  }

  const parser: BodyParser = {
    kick() {
      if (running) {
        again = true;
        return;
      }
      running = drain()
        .catch((error: unknown) => log.error('Could not parse stored mail', error))
        .finally(() => {
          running = null;
          if (again) {
            again = false;
            parser.kick();
          }
        });
    },
    async idle() {
      while (running) await running;
    },
  };
  return parser;
}
