import { describe, expect, it } from 'vitest';
import { makeMessage } from '../../data/test-fixtures';
import {
  attributionLine,
  baseSubject,
  forwardAttachmentName,
  forwardSubject,
  quoteText,
  quotedReplyBody,
  replyRecipients,
  replyReferences,
  replySubject,
} from './reply';

describe('subjects', () => {
  it.each([
    ['x', 'Re: x', 'Fwd: x'],
    ['Re: x', 'Re: x', 'Fwd: x'],
    ['Re: Re: x', 'Re: x', 'Fwd: x'],
    ['RE: x', 'Re: x', 'Fwd: x'],
    ['re:x', 'Re: x', 'Fwd: x'],
    ['Aw: x', 'Re: x', 'Fwd: x'],
    ['AW: WG: x', 'Re: x', 'Fwd: x'],
    ['Fwd: Re: x', 'Re: x', 'Fwd: x'],
    ['FW: x', 'Re: x', 'Fwd: x'],
    ['Re[2]: x', 'Re: x', 'Fwd: x'],
    ['Re (3): x', 'Re: x', 'Fwd: x'],
    ['[list] Re: x', 'Re: x', 'Fwd: x'],
    ['SV: Vs: x', 'Re: x', 'Fwd: x'],
    ['TR: Réf: x', 'Re: x', 'Fwd: x'],
    ['RE：x', 'Re: x', 'Fwd: x'],
    ['Regarding the plan', 'Re: Regarding the plan', 'Fwd: Regarding the plan'],
    ['Re: Fwdx: y', 'Re: Fwdx: y', 'Fwd: Fwdx: y'],
    ['', 'Re: ', 'Fwd: '],
  ])('%j → reply %j, forward %j', (subject, re, fwd) => {
    expect(replySubject(subject).trimEnd()).toBe(re.trimEnd());
    expect(forwardSubject(subject).trimEnd()).toBe(fwd.trimEnd());
  });

  it('baseSubject stops after real text', () => {
    expect(baseSubject('Re: Meeting: agenda')).toBe('Meeting: agenda');
  });
});

describe('threading headers', () => {
  it('References = parent References + parent Message-ID, in the stored form', () => {
    expect(replyReferences({ messageId: 'c@x', inReplyTo: 'b@x', references: ['a@x', 'b@x'] })).toEqual(['a@x', 'b@x', 'c@x']);
  });
  it('rows stored with angle brackets (sent copies before the stored form was one) give the same chain', () => {
    expect(replyReferences({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', 'b@x'] })).toEqual(['a@x', 'b@x', 'c@x']);
  });
  it('falls back to In-Reply-To when there are no References', () => {
    expect(replyReferences({ messageId: 'c@x', inReplyTo: 'b@x', references: [] })).toEqual(['b@x', 'c@x']);
  });
  it('a message without Message-ID gives what it has', () => {
    expect(replyReferences({ messageId: null, inReplyTo: null, references: [] })).toEqual([]);
  });
  it('leaves out ids that cannot be written in a header', () => {
    expect(replyReferences({ messageId: 'c@x', inReplyTo: null, references: ['a b@x', 'ok@x', '<>'] })).toEqual(['ok@x', 'c@x']);
  });
  it('caps a long chain to the first and the last 19', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `${i}@x`);
    const out = replyReferences({ messageId: 'last@x', inReplyTo: null, references: refs });
    expect(out).toHaveLength(20);
    expect(out[0]).toBe('0@x');
    expect(out.slice(-2)).toEqual(['39@x', 'last@x']);
  });
});

describe('reply recipients', () => {
  const me = ['alice@example.com', 'Alice.Alias@Example.com'];
  const parent = makeMessage('m1', {
    from: { name: 'Bob', address: 'bob@example.com' },
    to: [
      { name: 'Alice', address: 'ALICE@example.com' },
      { name: 'Carol', address: 'carol@example.com' },
    ],
    cc: [
      { name: 'Dave', address: 'dave@example.com' },
      { name: 'Alias', address: 'alice.alias@example.com' },
      { name: 'Bob again', address: 'Bob@Example.com' },
    ],
  });

  it('reply goes to the sender only', () => {
    expect(replyRecipients(parent, 'reply', me)).toEqual({ to: [{ name: 'Bob', address: 'bob@example.com' }], cc: [] });
  });
  it('reply all: sender + other To in To, Cc in Cc, never the person or a duplicate', () => {
    expect(replyRecipients(parent, 'reply-all', me)).toEqual({
      to: [
        { name: 'Bob', address: 'bob@example.com' },
        { name: 'Carol', address: 'carol@example.com' },
      ],
      cc: [{ name: 'Dave', address: 'dave@example.com' }],
    });
  });
  it('Reply-To wins over From', () => {
    const p = { ...parent, replyTo: [{ name: 'List', address: 'list@example.com' }] };
    expect(replyRecipients(p, 'reply', me).to).toEqual([{ name: 'List', address: 'list@example.com' }]);
  });
  it('answering a message the person sent goes to its recipients', () => {
    const p = { ...parent, from: { name: 'Alice', address: 'alice@example.com' } };
    expect(replyRecipients(p, 'reply', me).to.map((a) => a.address)).toEqual(['carol@example.com']);
  });
  it('a note to self is answered to self, not to nobody', () => {
    const p = { ...parent, from: { name: 'Alice', address: 'alice@example.com' }, to: [{ name: 'Alice', address: 'alice@example.com' }], cc: [] };
    expect(replyRecipients(p, 'reply', me)).toEqual({ to: [{ name: 'Alice', address: 'alice@example.com' }], cc: [] });
    expect(replyRecipients(p, 'reply-all', me)).toEqual({ to: [{ name: 'Alice', address: 'alice@example.com' }], cc: [] });
  });
  it('a message from another of the person\'s accounts is answered to that account (only the answering account is "own")', () => {
    const p = makeMessage('m2', { from: { name: 'Alice', address: 'alice@example.com' }, to: [{ name: 'Bob', address: 'bob@example.com' }] });
    expect(replyRecipients(p, 'reply', ['bob@example.com']).to).toEqual([{ name: 'Alice', address: 'alice@example.com' }]);
  });
});

describe('quoting', () => {
  it('quotes each line, nests existing quotes, keeps empty lines as ">"', () => {
    expect(quoteText('a\n\n> b\nc\n\n')).toBe('> a\n>\n>> b\n> c');
  });
  it('attribution line names the sender and the date', () => {
    const line = attributionLine({ from: { name: 'Grace Hopper', address: 'g@x' }, date: Date.UTC(2026, 2, 12, 15, 30) }, ['en-GB'], 'UTC');
    expect(line).toBe('On Thu, 12 Mar 2026, 15:30, Grace Hopper wrote:');
  });
  it('the attribution writes the date the way the person\'s language does', () => {
    const parent = { from: { name: 'Grace Hopper', address: 'g@x' }, date: Date.UTC(2026, 2, 12, 15, 30) };
    expect(attributionLine(parent, ['de-DE'], 'UTC')).toBe('On Do., 12. März 2026, 15:30, Grace Hopper wrote:');
    expect(attributionLine(parent, ['en-US'], 'UTC')).toBe('On Thu, Mar 12, 2026, 03:30 PM, Grace Hopper wrote:');
  });
  it('the HTML quote escapes the original text', () => {
    const q = quotedReplyBody({ from: { name: '', address: 'x@y.z' }, date: 0 }, { text: '<script>x</script>' });
    expect(q.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(q.html).not.toContain('<script>');
    expect(q.text).toContain('> <script>x</script>');
  });
  it('forward-as-attachment names are safe file names', () => {
    expect(forwardAttachmentName('Re: a/b: "c"?')).toBe('a b c.eml');
    expect(forwardAttachmentName('')).toBe('message.eml');
  });
});
