/**
 * mboxrd `From ` quoting: reversible, so a message comes back byte for byte. Writing adds one `>`
 * to every line that is `From ` after any number of `>`; reading removes one from every line that
 * is `>…>From `. (mboxo quotes only `From ` and never unquotes, which loses the difference
 * between `From ` and `>From `: see README.md.) A line starts at the start of the message and
 * after every LF; a lone CR does not end a line.
 */

const FROM = Buffer.from('From ');
const QUOTED_FROM = Buffer.from('>From ');
const GT = Buffer.from('>');
const GT_CODE = 0x3e;
const LF = 0x0a;

/** `message` as pieces to write, with one `>` added before every `>*From ` line. */
export function quoteMboxrd(message: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let copied = 0;
  for (let at = message.indexOf(FROM); at !== -1; at = message.indexOf(FROM, at + FROM.length)) {
    let start = at;
    while (start > 0 && message[start - 1] === GT_CODE) start -= 1;
    if (start !== 0 && message[start - 1] !== LF) continue;
    pieces.push(message.subarray(copied, start), GT);
    copied = start;
  }
  pieces.push(message.subarray(copied));
  return pieces;
}

/**
 * A copy of `buf[start, end)` with one `>` removed from every `>…>From ` line. Lines are counted
 * from `start`. The copy never shares memory with `buf`.
 */
export function unquoteMboxrd(buf: Buffer, start: number, end: number): Buffer {
  const cuts: number[] = [];
  // Searched in a view, so the search stops at `end` rather than running on through the buffer.
  const view = buf.subarray(start, end);
  for (let at = view.indexOf(QUOTED_FROM); at !== -1; at = view.indexOf(QUOTED_FROM, at + QUOTED_FROM.length)) {
    let lineStart = at;
    while (lineStart > 0 && view[lineStart - 1] === GT_CODE) lineStart -= 1;
    if (lineStart === 0 || view[lineStart - 1] === LF) cuts.push(start + at);
  }
  const out = Buffer.allocUnsafe(end - start - cuts.length);
  let written = 0;
  let from = start;
  for (const cut of cuts) {
    written += buf.copy(out, written, from, cut);
    from = cut + 1;
  }
  buf.copy(out, written, from, end);
  return out;
}

/** A copy of `buf[start, end)` that shares no memory with `buf`. */
export function copyOf(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  buf.copy(out, 0, start, end);
  return out;
}
