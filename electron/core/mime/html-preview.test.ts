import { describe, expect, it } from 'vitest';
import { htmlPreviewText } from './html-preview';
import { parseMessage } from './parse';

const message = (contentType: string, body: string) =>
  Buffer.from(`From: a@b.example\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n\r\n${body}`.replace(/\r?\n/g, '\r\n'));

describe('the preview line of HTML-only mail', () => {
  it('is the text of the HTML: no markup, head, style, comments, link targets or images; entities decoded', () => {
    const text = htmlPreviewText(
      '<html><head><title>Sale</title><style>p{color:red}</style></head><body><!-- x --><h1>Everything&nbsp;must go</h1>' +
        '<p>Up to 50% off &amp; <a href="https://shop.example/t?u=1">free shipping</a>.<img src="cid:x" alt="logo"></p></body></html>',
    );
    expect(text.replace(/\s+/g, ' ').trim()).toBe('EVERYTHING MUST GO Up to 50% off & free shipping.');
  });

  it('html-only mail in multipart/alternative and multipart/related gets a snippet (it had none)', async () => {
    const alternative = await parseMessage(message('multipart/alternative; boundary="a"', '--a\nContent-Type: text/html; charset=UTF-8\n\n<p>Alt <b>html</b></p>\n--a--\n'), {
      receivedAt: 0,
      maxMessageBytes: 1e6,
    });
    expect(alternative.meta.snippet).toBe('Alt html');
    const related = await parseMessage(
      message(
        'multipart/mixed; boundary="m"',
        '--m\nContent-Type: multipart/related; boundary="r"\n\n--r\nContent-Type: text/html; charset=UTF-8\n\n<p>The report is attached. <img src="cid:l@x"></p>\n--r--\n--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="a.pdf"\n\nxx\n--m--\n',
      ),
      { receivedAt: 0, maxMessageBytes: 1e6 },
    );
    expect(related.meta.snippet).toBe('The report is attached.');
    // The body keeps no text part it never had: the reader shows the HTML.
    expect(related.body.text).toBeNull();
  });

  it('reads only the start of a huge HTML part', () => {
    const huge = `<p>${'word '.repeat(200_000)}</p><p>the end</p>`;
    const text = htmlPreviewText(huge);
    expect(text).not.toContain('the end');
    expect(text.startsWith('word word')).toBe(true);
  });
});
