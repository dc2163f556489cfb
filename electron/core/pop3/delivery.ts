/**
 * Whether the bytes a RETR delivered are the message the server described, checked as they arrive
 * (issue 16 §3, §4). A RETR whose reply never ends swallows the replies pipelined after it: every
 * later message would be read as the one before it. And a server can list 2 KB and send 300 MB.
 *
 * Sizes (RFC 1939 §11): LIST and `+OK n octets` count the message with CRLF line ends, without the
 * byte-stuffing. Servers differ in ways that lose nothing: a message without a final line end
 * arrives 2 octets longer (the terminator needs a line of its own; Dovecot), a server that counts
 * stored LF line ends as one octet lists as little as half of what arrives, and one that counts
 * the stuffing dots lists a little more. So an arrival agrees with a size the server gave when
 *
 *     size / 2 − 1  ≤  received  ≤  2 × size + 2
 *
 * and it must agree with every size given (LIST and the `+OK n octets` of the reply). Outside that,
 * or when a status line (`+OK`, `-ERR`) starts where the message should already have ended while
 * more replies are due, the reply is not the message: the session ends, since nothing after it can
 * be matched to its command. (A status-looking line in the last lines of a message from a server
 * that counts LF line ends trips that too; the message is then tried again alone, where it cannot.)
 */

export type DeliveryProblem =
  /** More arrived than the limit, or than twice what the server said: reading stops here. */
  | { readonly kind: 'too-big'; readonly received: number; readonly limit: number }
  /** The reply is not the message the server described (another size, or another reply inside it). */
  | { readonly kind: 'mismatch'; readonly why: 'announced' | 'reply-line' | 'short'; readonly received: number; readonly expected: number };

const LF = 0x0a;
const LF_ONLY = Buffer.from('\n');

export function sizesAgree(received: number, said: number): boolean {
  return received <= 2 * said + 2 && 2 * received + 2 >= said;
}

export class DeliveryCheck {
  private readonly sizes: number[] = [];
  private received = 0;
  /** Bytes from the last line feed at or past the expected end, while too few follow it to tell. */
  private carry: Buffer | null = null;
  /** Where a status line may not start: the largest size the server gave (null: none given). */
  private end: number | null = null;

  /**
   * @param listed LIST's size, or null when unknown
   * @param limit  the most that may arrive (the account's limit for this message)
   * @param behind whether another command's reply may follow this one unasked-for: only then can
   *               a status line inside the data be a swallowed reply (alone, it is mail)
   */
  constructor(
    listed: number | null,
    private readonly limit: number,
    private readonly behind: () => boolean = () => true,
  ) {
    if (listed !== null) this.expect(listed);
  }

  /** The `+OK n octets` of the reply, when the server gave a size: it must agree with LIST's. */
  announce(size: number | null): DeliveryProblem | null {
    if (size === null) return null;
    const listed = this.sizes[0];
    this.expect(size);
    if (listed !== undefined && !sizesAgree(size, listed)) return { kind: 'mismatch', why: 'announced', received: 0, expected: listed };
    return null;
  }

  /** Body bytes as they arrive (unstuffed). A problem means: stop reading. */
  push(chunk: Buffer): DeliveryProblem | null {
    const before = this.received;
    this.received += chunk.length;
    // A swallowed reply first: it marks exactly where the message should have ended.
    const swallowed = this.end !== null && this.behind() ? this.scan(chunk, before, false) : null;
    if (swallowed) return swallowed;
    if (this.received > this.limit) return { kind: 'too-big', received: this.received, limit: this.limit };
    for (const size of this.sizes) {
      if (this.received > 2 * size + 2) return { kind: 'too-big', received: this.received, limit: 2 * size + 2 };
    }
    return null;
  }

  /** The reply ended: what arrived must agree with every size the server gave. */
  finish(): DeliveryProblem | null {
    if (this.end !== null && this.carry !== null && this.behind() && statusAt(this.carry, 1, true) === 'status') {
      return { kind: 'mismatch', why: 'reply-line', received: this.received - this.carry.length + 1, expected: this.end };
    }
    for (const size of this.sizes) {
      if (!sizesAgree(this.received, size)) return { kind: 'mismatch', why: 'short', received: this.received, expected: size };
    }
    return null;
  }

  /**
   * Whether what arrived is exactly what the server said (or 2 octets more: the final line end it
   * adds). A message cut short by a dot line the server forgot to stuff is not, on a server that
   * counts exactly; one that is, needs no further proof that it ended where it should.
   */
  exact(): boolean {
    return this.sizes.length > 0 && this.sizes.every((size) => this.received === size || this.received === size + 2);
  }

  private expect(size: number): void {
    this.sizes.push(size);
    this.end = Math.max(this.end ?? 0, size);
  }

  /**
   * Looks for a line that starts with a status at or past the expected end. Only the bytes from
   * one before that end are read (normally none, or the 2 of a final line end added by the server).
   */
  private scan(chunk: Buffer, chunkAt: number, final: boolean): DeliveryProblem | null {
    const end = this.end as number;
    let buf = chunk;
    let bufAt = chunkAt;
    if (this.carry !== null) {
      buf = Buffer.concat([this.carry, chunk]);
      bufAt = chunkAt - this.carry.length;
      this.carry = null;
    }
    let from = Math.max(0, end - 1 - bufAt);
    for (;;) {
      const lf = buf.indexOf(LF, from);
      if (lf === -1) return null;
      const verdict = statusAt(buf, lf + 1, final);
      if (verdict === 'undecided') {
        // Most messages end here, with their last line feed: nothing to copy then.
        this.carry = lf === buf.length - 1 ? LF_ONLY : Buffer.from(buf.subarray(lf));
        return null;
      }
      if (verdict === 'status') return { kind: 'mismatch', why: 'reply-line', received: bufAt + lf + 1, expected: end };
      from = lf + 1;
    }
  }
}

const OK = [0x2b, 0x4f, 0x4b]; // +OK
const ERR = [0x2d, 0x45, 0x52, 0x52]; // -ERR

/** Whether a POP3 status line starts at `i`: `+OK` or `-ERR`, then a space, a line end or (at the very end) nothing. */
function statusAt(buf: Buffer, i: number, final: boolean): 'status' | 'data' | 'undecided' {
  for (const word of [OK, ERR]) {
    let j = 0;
    while (j < word.length && i + j < buf.length && buf[i + j] === word[j]) j += 1;
    if (j < word.length) {
      if (i + j < buf.length || final) continue; // differs, or the data ended inside the word
      return 'undecided';
    }
    const next = buf[i + j];
    if (next === undefined) return final ? 'status' : 'undecided';
    if (next === 0x20 || next === 0x0d || next === LF) return 'status';
  }
  return 'data';
}
