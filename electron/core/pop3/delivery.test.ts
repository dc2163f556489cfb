import { describe, expect, it } from 'vitest';
import { DeliveryCheck, sizesAgree, type DeliveryProblem } from './delivery';

/** Feeds `data` split at `splits` (offsets) to a check; the first problem, or the verdict at the end. */
function deliver(data: string, listed: number | null, opts: { announced?: number; limit?: number; splits?: number[]; alone?: boolean } = {}): DeliveryProblem | null {
  const check = new DeliveryCheck(listed, opts.limit ?? 1_000_000, () => opts.alone !== true);
  const announced = check.announce(opts.announced ?? null);
  if (announced) return announced;
  const bytes = Buffer.from(data, 'latin1');
  const cuts = [0, ...(opts.splits ?? []), bytes.length];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const problem = check.push(bytes.subarray(cuts[i], cuts[i + 1]));
    if (problem) return problem;
  }
  return check.finish();
}

const MESSAGE = 'Subject: status-looking lines\r\n\r\n+OK not a status\r\n-ERR not an error\r\n.\r\n+OK\r\n';

describe('DeliveryCheck: what servers really send agrees', () => {
  it('the exact size, with the 2 octets of a final line end the server adds, or counted with LF line ends', () => {
    expect(deliver(MESSAGE, MESSAGE.length, { announced: MESSAGE.length })).toBeNull();
    const noFinalBreak = 'Subject: x\r\n\r\nlast line';
    expect(deliver(`${noFinalBreak}\r\n`, noFinalBreak.length, { announced: noFinalBreak.length })).toBeNull();
    const lines = MESSAGE.split('\r\n').length - 1;
    const plain = 'Subject: plain\r\n\r\nline\r\nline\r\n';
    expect(deliver(plain, plain.length - 4, { announced: plain.length - 4 })).toBeNull();
    // Status-looking last lines past the LF count: taken for a reply only while more replies are due.
    expect(deliver(MESSAGE, MESSAGE.length - lines, { alone: true })).toBeNull();
    expect(deliver(MESSAGE, MESSAGE.length - lines)).toMatchObject({ kind: 'mismatch', why: 'reply-line' });
    // Counted with the stuffing dots (one per line that starts with a dot).
    expect(deliver(MESSAGE, MESSAGE.length + 1)).toBeNull();
    // Mail that ends in status-looking lines, from a server that counts exactly: never taken for a reply.
    for (let split = 0; split <= MESSAGE.length; split += 1) expect(deliver(MESSAGE, MESSAGE.length, { splits: [split] }), `split ${split}`).toBeNull();
  });

  it('no size given at all: only the limit applies', () => {
    expect(deliver(MESSAGE, null)).toBeNull();
    expect(deliver(MESSAGE, null, { limit: 10 })).toMatchObject({ kind: 'too-big', limit: 10 });
  });

  it('the band is a factor of two either way, plus the final line end', () => {
    expect([sizesAgree(202, 100), sizesAgree(203, 100), sizesAgree(49, 100), sizesAgree(48, 100)]).toEqual([true, false, true, false]);
  });
});

describe('DeliveryCheck: replies that are not the message described', () => {
  it('more than the limit, or than twice the listed size: too big, at the first byte past it', () => {
    const big = 'x'.repeat(5000);
    expect(deliver(big, 2048, { splits: [4097, 4098, 4099] })).toEqual({ kind: 'too-big', received: 4099, limit: 4098 });
    expect(deliver(big, 4000, { limit: 4500 })).toEqual({ kind: 'too-big', received: 5000, limit: 4500 });
  });

  it('a status line where the message should have ended (the next pipelined reply): at every split of it', () => {
    const m1 = 'Subject: one\r\n\r\nbody\r\n';
    const swallowed = `${m1}+OK 24 octets\r\nSubject: two\r\n\r\nbody\r\n`;
    for (let split = 0; split <= swallowed.length; split += 1) {
      expect(deliver(swallowed, m1.length, { splits: [split] }), `split ${split}`).toEqual({ kind: 'mismatch', why: 'reply-line', received: m1.length, expected: m1.length });
    }
    expect(deliver(`${m1}-ERR no such message\r\n`, m1.length)).toMatchObject({ kind: 'mismatch', why: 'reply-line' });
    // At the very end of the data, with nothing after it.
    expect(deliver(`${m1}+OK`, m1.length)).toMatchObject({ kind: 'mismatch', why: 'reply-line' });
    // Alone (nothing pipelined behind it), such a line is mail.
    expect(deliver(`${m1}-ERR no such message\r\n`, m1.length, { alone: true })).toBeNull();
    // `+OKAY` and `-ERRATA` are words, not status lines.
    expect(deliver(`${m1}+OKAY\r\n-ERRATA\r\n`, m1.length + 20)).toBeNull();
  });

  it('an announced size that disagrees with LIST (a reply meant for another message): refused before the body', () => {
    expect(deliver(MESSAGE, 100, { announced: 5000 })).toEqual({ kind: 'mismatch', why: 'announced', received: 0, expected: 100 });
  });

  it('far less than the server said: the reply ended early', () => {
    expect(deliver('Subject: x\r\n\r\nshort\r\n', 500)).toMatchObject({ kind: 'mismatch', why: 'short', expected: 500 });
    expect(deliver('Subject: x\r\n\r\nshort\r\n', 20, { announced: 500 })).toMatchObject({ kind: 'mismatch', why: 'announced' });
  });
});
