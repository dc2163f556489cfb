import { describe, expect, it } from 'vitest';
import { junkTokens } from '../junk/tokenize';
import { bodyText, htmlText, storedBodyText } from './body-text';

describe('bodyText: the one reading of a body as text (search, rules, the junk filter)', () => {
  it('is the text part when there is one', () => {
    expect(bodyText({ text: 'Plain words', html: '<p>Other words</p>' })).toBe('Plain words');
  });

  it('is the HTML’s text when there is no text part, or only white space', () => {
    const html = '<head><title>x</title></head><style>p{}</style><p>Caf&eacute; &amp; cr&#232;me</p><script>evil()</script>';
    expect(bodyText({ text: null, html }).replace(/\s+/g, ' ').trim()).toBe('Cafe & crème');
    expect(bodyText({ text: ' \n', html }).replace(/\s+/g, ' ').trim()).toBe('Cafe & crème');
    expect(bodyText({ text: null, html: null })).toBe('');
  });

  it('stops at `max` characters', () => {
    expect(bodyText({ text: 'abcdef', html: null }, 4)).toBe('abcd');
    expect(htmlText('<b>a</b>')).toBe(' a ');
  });

  it('reads text the store left in the message’s bytes', () => {
    const raw = Uint8Array.from('Subject: x\r\n\r\n<p>In the bytes</p>\r\n', (c) => c.charCodeAt(0));
    const start = raw.indexOf(0x3c);
    expect(storedBodyText(raw, { text: null, html: { start, end: raw.length } }).trim()).toBe('In the bytes');
  });

  it('gives the junk filter the words of HTML-only mail', () => {
    const tokens = junkTokens({ subject: '', from: '', text: '', html: '<div>Cheap&nbsp;watches</div>' });
    expect(tokens).toEqual(expect.arrayContaining(['cheap', 'watches']));
  });
});
