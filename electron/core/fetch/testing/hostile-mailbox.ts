/**
 * A mailbox with one of each message that used to stop an account for good (issue 16 §1, §3,
 * §4), among the fault matrix's seven good ones: a message the server refuses, one LIST calls
 * 2 KB that streams 300 MB, and one whose RETR never ends. Shared by the fetch-matrix test and the
 * Chromium journey, which both run it through the real commit. Used by tests only.
 */
import type { FakeHandler, LazyMessage } from '../../pop3/testing/fake-server';
import { stuffer } from '../../pop3/testing/stuff';
import { MATRIX_MAILBOX } from './fault-steps';

export const REFUSED_UID = 'refused-a';
export const LIAR_UID = 'liar-b';
export const DESYNC_UID = 'desync-c';

export const REFUSED_REPLY = '-ERR Message is corrupt on disk';
/** The headers of the message that LIST calls 2 KB: all of it Heron keeps. */
export const LIAR_HEADERS = Buffer.from('From: Mallory <mallory@example.com>\r\nTo: alice@example.com\r\nSubject: Listed small, sent huge\r\nDate: Sat, 21 Nov 2026 11:00:00 +0000\r\n\r\n');
export const LIAR_LISTED = 2048;
const LIAR_STREAMED = 300 * 1024 * 1024;

const bytes = (subject: string) =>
  Buffer.from(`From: Trudy <trudy@example.com>\r\nTo: alice@example.com\r\nSubject: ${subject}\r\nDate: Sat, 21 Nov 2026 11:30:00 +0000\r\n\r\nIt never arrives.\r\n`);
const REFUSED = bytes('The server refuses to send me');
const DESYNC = bytes('My reply never ends');

/** The good messages, `uid-1` … `uid-7`, with the bytes each must be stored with. */
export const GOOD: ReadonlyArray<{ uid: string; bytes: Buffer }> = MATRIX_MAILBOX.map((b, i) => ({ uid: `uid-${i + 1}`, bytes: b }));

const lazy = (uid: string, b: Buffer): LazyMessage => ({ uid, size: b.length, chunks: () => [b] });

/** Server order: good and hostile mixed, so each hostile message has good mail before and after it. */
export function hostileMessages(): LazyMessage[] {
  const unit = Buffer.alloc(64 * 1024, 'y');
  const liar: LazyMessage = {
    uid: LIAR_UID,
    size: LIAR_LISTED,
    *chunks() {
      yield LIAR_HEADERS;
      for (let sent = 0; sent < LIAR_STREAMED; sent += unit.length) yield unit;
    },
  };
  const [g1, g2, g3, g4, g5, g6, g7] = GOOD.map((g) => lazy(g.uid, g.bytes));
  return [g1!, g2!, lazy(REFUSED_UID, REFUSED), g3!, liar, g4!, g5!, lazy(DESYNC_UID, DESYNC), g6!, g7!];
}

/**
 * RETR as this server answers it: the refused message -ERR, the desynchronising one without its
 * terminating dot (so the reply pipelined after it becomes part of it, or, alone, it never ends),
 * everything else (the liar included) as usual. Once `mended()` says so, every message is served.
 */
export function hostileRetr(mended: () => boolean = () => false): FakeHandler {
  return async (s, args) => {
    const m = s.view[Number(args[0]) - 1];
    if (!mended() && m?.uid === REFUSED_UID) return s.reply(REFUSED_REPLY);
    if (!mended() && m?.uid === DESYNC_UID) {
      s.reply(`+OK ${DESYNC.length} octets`);
      s.write(stuffer().push(DESYNC));
      return;
    }
    await s.next();
  };
}

export const HOSTILE_BYTES = { refused: REFUSED, desync: DESYNC } as const;
