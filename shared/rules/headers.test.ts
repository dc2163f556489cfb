import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, lazyHeaders, readHeaders } from './headers';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('any header, for rules', () => {
  it('unfolds, keeps every occurrence in order, and stops at the blank line', () => {
    const h = readHeaders(enc('Received: from a\r\n\tby b\r\nReceived: from c\r\nList-Id: Heron dev\r\n <dev.heron.example>\r\n\r\nList-Id: not a header\r\n'));
    expect(h.get('received')).toEqual(['from a by b', 'from c']);
    expect(h.get('list-id')).toEqual(['Heron dev <dev.heron.example>']);
  });

  it('decodes encoded words (RFC 2047), B and Q, joined across whitespace', () => {
    expect(decodeEncodedWords('=?UTF-8?B?w5xiZXJyYXNjaHVuZw==?= =?UTF-8?Q?_f=C3=BCr?= Alice')).toBe('Überraschung für Alice');
    expect(decodeEncodedWords('=?iso-8859-1?Q?Caf=E9?=')).toBe('Café');
    expect(decodeEncodedWords('=?x-unknown?Q?abc?=')).toBe('=?x-unknown?Q?abc?=');
  });

  it('reads the bytes once, only when a rule asks', () => {
    let reads = 0;
    const header = lazyHeaders(() => {
      reads += 1;
      return enc('X-Spam-Flag: YES\n\nbody');
    });
    expect(reads).toBe(0);
    expect(header('x-spam-flag')).toEqual(['YES']);
    expect(header('X-Spam-Flag ')).toEqual(['YES']);
    expect(header('absent')).toEqual([]);
    expect(reads).toBe(1);
  });

  it('finds the header asked for, unfolded and decoded, in any case, never a look-alike or a line of the body', () => {
    const header = lazyHeaders(() =>
      enc('Received: from a\r\n\tby b\r\nX-List-Id: other\r\nlist-id : =?UTF-8?Q?Heron_d=C3=A9v?=\r\n <dev.heron.example>\r\nX.Y: dotted\r\nXaY: not it\r\n\r\nList-Id: in the body\r\n'),
    );
    expect(header('List-Id')).toEqual(['Heron dév <dev.heron.example>']);
    expect(header('received')).toEqual(['from a by b']);
    expect(header('X.Y')).toEqual(['dotted']);
  });
});
