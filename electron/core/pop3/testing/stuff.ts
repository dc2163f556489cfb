/**
 * Server-side byte-stuffing (RFC 1939 §3) for streamed messages: a dot at the start of a line is
 * doubled, and the reply ends with `CRLF.CRLF` (adding the CRLF if the message lacks a final one).
 */
const DOT = 0x2e;
const LF = 0x0a;

export function stuffer(): { push(chunk: Buffer): Buffer; end(): Buffer } {
  let atLineStart = true;
  let lastTwo = '';
  return {
    push(chunk) {
      if (chunk.length === 0) return chunk;
      const parts: Buffer[] = [];
      let from = 0;
      if (atLineStart && chunk[0] === DOT) parts.push(Buffer.from('.'));
      let hit = chunk.indexOf('\n.');
      while (hit !== -1) {
        parts.push(chunk.subarray(from, hit + 1), Buffer.from('.'));
        from = hit + 1;
        hit = chunk.indexOf('\n.', from);
      }
      parts.push(chunk.subarray(from));
      atLineStart = chunk[chunk.length - 1] === LF;
      lastTwo = (lastTwo + chunk.subarray(-2).toString('latin1')).slice(-2);
      return parts.length === 1 ? chunk : Buffer.concat(parts);
    },
    end() {
      return Buffer.from(lastTwo === '\r\n' || (lastTwo === '' ) ? '.\r\n' : '\r\n.\r\n');
    },
  };
}
