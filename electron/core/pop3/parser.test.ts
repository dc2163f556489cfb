import { describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { LineCollector, parseStatusLine, Pop3ResponseParser, responseCode } from './parser';

/** Feeds `wire` split at the given offsets and returns the decoded body plus what is left for the next reply. */
function decode(wire: Buffer, cuts: number[]): { body: Buffer; done: boolean; rest: string | null } {
  const p = new Pop3ResponseParser(1024);
  const out: Buffer[] = [];
  let done = false;
  let prev = 0;
  for (const cut of [...cuts, wire.length]) {
    p.push(wire.subarray(prev, cut));
    prev = cut;
    if (!done) done = p.readBody((c) => out.push(Buffer.from(c)));
  }
  return { body: Buffer.concat(out), done, rest: done ? p.readLine() : null };
}

describe('multi-line body decoding', () => {
  const stored = 'Subject: x\r\n\r\n.\r\n..\r\n+OK\r\n-ERR\r\n.hidden\r\nend\r\n';
  const wire = Buffer.from('Subject: x\r\n\r\n..\r\n...\r\n+OK\r\n-ERR\r\n..hidden\r\nend\r\n.\r\n+OK next\r\n');

  it('unstuffs dots exactly and treats +OK / -ERR body lines as data', () => {
    const r = decode(wire, []);
    expect(r.done).toBe(true);
    expect(r.body.toString()).toBe(stored);
    expect(r.rest).toBe('+OK next');
  });

  it('finds CRLF.CRLF at every single split offset', () => {
    for (let i = 0; i <= wire.length; i += 1) {
      const r = decode(wire, [i]);
      expect(r.body.toString(), `split at ${i}`).toBe(stored);
      expect(r.rest, `split at ${i}`).toBe('+OK next');
    }
  });

  it('finds CRLF.CRLF at every pair of split offsets', () => {
    for (let i = 0; i <= wire.length; i += 1) {
      for (let j = i; j <= wire.length; j += 3) {
        const r = decode(wire, [i, j]);
        expect(r.body.toString(), `split at ${i},${j}`).toBe(stored);
      }
    }
  });

  it('decodes byte by byte', () => {
    const r = decode(wire, Array.from({ length: wire.length }, (_, i) => i));
    expect(r.body.toString()).toBe(stored);
    expect(r.rest).toBe('+OK next');
  });

  it('an empty body is just the terminator', () => {
    expect(decode(Buffer.from('.\r\n'), []).body.length).toBe(0);
    expect(decode(Buffer.from('.\r\n'), [1, 2]).done).toBe(true);
  });

  it('keeps lone CRs and a dot-CR that is not a terminator', () => {
    const r = decode(Buffer.from('a\rb\r\n.\rx\r\n\r\r\n.\r\n'), []);
    expect(r.body.toString()).toBe('a\rb\r\n\rx\r\n\r\r\n');
    for (let i = 0; i < 18; i += 1) expect(decode(Buffer.from('a\rb\r\n.\rx\r\n\r\r\n.\r\n'), [i]).body.toString()).toBe('a\rb\r\n\rx\r\n\r\r\n');
  });

  it('does not end early on ".\\r\\n" inside a line or on a lone "\\n.\\r\\n"', () => {
    const r = decode(Buffer.from('x.\r\ny\n.\r\nz\r\n.\r\n'), []);
    expect(r.body.toString()).toBe('x.\r\ny\n.\r\nz\r\n');
  });

  it('returns subarrays of the input, not copies', () => {
    const p = new Pop3ResponseParser(1024);
    const chunk = Buffer.from('hello\r\nworld\r\n.\r\n');
    p.push(chunk);
    const seen: Buffer[] = [];
    expect(p.readBody((c) => seen.push(c))).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.buffer).toBe(chunk.buffer);
  });
});

describe('status lines', () => {
  it('classifies +OK, -ERR and SASL continuations', () => {
    expect(parseStatusLine('+OK 2 200')).toEqual({ kind: 'ok', line: '+OK 2 200', text: '2 200' });
    expect(parseStatusLine('-ERR [IN-USE] busy')).toEqual({ kind: 'err', line: '-ERR [IN-USE] busy', text: '[IN-USE] busy' });
    expect(parseStatusLine('+ VXNlcm5hbWU6', true)).toEqual({ kind: 'continue', line: '+ VXNlcm5hbWU6', text: 'VXNlcm5hbWU6' });
    expect(() => parseStatusLine('+ VXNlcm5hbWU6')).toThrow(HeronError);
    expect(() => parseStatusLine('* OK IMAP4 ready')).toThrow(/not a POP3 reply/);
  });

  it('reads response codes', () => {
    expect(responseCode('[SYS/TEMP] later')).toBe('SYS/TEMP');
    expect(responseCode('[in-use] x')).toBe('IN-USE');
    expect(responseCode('no code')).toBeNull();
  });

  it('waits for the line end across chunks, accepts bare LF', () => {
    const p = new Pop3ResponseParser(100);
    p.push(Buffer.from('+OK hel'));
    expect(p.readStatus()).toBeNull();
    p.push(Buffer.from('lo\r'));
    expect(p.readStatus()).toBeNull();
    p.push(Buffer.from('\n-ERR x\n'));
    expect(p.readStatus()?.line).toBe('+OK hello');
    expect(p.readStatus()?.line).toBe('-ERR x');
    expect(p.pending).toBe(0);
  });

  it('refuses a line longer than the cap, with or without an end', () => {
    const p = new Pop3ResponseParser(100);
    p.push(Buffer.alloc(60, 0x41));
    expect(p.readStatus()).toBeNull();
    p.push(Buffer.alloc(60, 0x41));
    expect(() => p.readStatus()).toThrow(expect.objectContaining({ code: 'EPROTOCOL' }));
    const q = new Pop3ResponseParser(100);
    q.push(Buffer.from(`+OK ${'x'.repeat(200)}\r\n`));
    expect(() => q.readStatus()).toThrow(/longer than 100 bytes/);
  });

  it('discard drops everything buffered (STLS)', () => {
    const p = new Pop3ResponseParser(100);
    p.push(Buffer.from('+OK injected\r\n'));
    expect(p.discard()).toBe(14);
    expect(p.readStatus()).toBeNull();
  });
});

describe('LineCollector', () => {
  it('splits lines across chunks and caps a line without an end', () => {
    const c = new LineCollector(10, 1000);
    c.push(Buffer.from('1 10\r\n2 2'));
    c.push(Buffer.from('0\r\n'));
    expect(c.lines()).toEqual(['1 10', '2 20']);
    const d = new LineCollector(10, 1000);
    d.push(Buffer.from('1 10\r\n123456'));
    expect(() => d.push(Buffer.from('78901'))).toThrow(expect.objectContaining({ code: 'EPROTOCOL' }));
    const e = new LineCollector(100, 20);
    expect(() => e.push(Buffer.alloc(21, 0x0a))).toThrow(expect.objectContaining({ code: 'ETOOBIG' }));
  });
});
