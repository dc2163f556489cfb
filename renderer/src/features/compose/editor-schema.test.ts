// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { makeMessage } from '../../data/test-fixtures';
import { composeExtensions } from './editor-schema';
import { mailHtml, sanitizeComposeHtml, sanitizePastedHtml } from './editor-html';
import { editorText } from './editor-text';
import { forwardedBody, quotedReplyBody } from './reply';

let editor: Editor | null = null;

function open(html = '<div><br></div>'): Editor {
  editor = new Editor({ extensions: composeExtensions(), content: html, injectCSS: false });
  editor.commands.focus('start');
  return editor;
}

/** As typing does: the text takes the stored marks (chosen on a caret) or the marks around it. */
function type(e: Editor, text: string): void {
  e.view.dispatch(e.state.tr.insertText(text));
}

/** A key as the browser delivers it to the editor ("Mod-b" is Ctrl+B here: jsdom is not a Mac). */
function press(e: Editor, shortcut: string): void {
  const parts = shortcut.split('-');
  const key = parts[parts.length - 1] as string;
  const ctrlKey = parts.includes('Mod');
  e.view.dom.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey, bubbles: true, cancelable: true }));
}

const html = (e: Editor) => mailHtml(e.getHTML());

afterEach(() => {
  editor?.destroy();
  editor = null;
});

describe('compose editor: formatting on a caret', () => {
  it('Ctrl+B with nothing selected bolds only what is typed next (regression: it did nothing)', () => {
    const e = open();
    type(e, 'Plain ');
    press(e, 'Mod-b');
    expect(e.isActive('bold')).toBe(true);
    type(e, 'bold');
    expect(html(e)).toBe('<div>Plain <strong>bold</strong></div>');
  });

  it('turning bold off keeps the word already typed bold (regression: it stripped the previous word)', () => {
    const e = open();
    press(e, 'Mod-b');
    type(e, 'bold');
    press(e, 'Mod-b');
    expect(e.isActive('bold')).toBe(false);
    type(e, ' plain');
    press(e, 'Mod-i');
    type(e, 'it');
    press(e, 'Mod-i');
    press(e, 'Mod-u');
    type(e, 'u');
    press(e, 'Mod-u');
    type(e, '.');
    expect(html(e)).toBe('<div><strong>bold</strong> plain<em>it</em><u>u</u>.</div>');
  });

  it('formatting does not leak into the next paragraph (regression: it did, and was sent that way)', () => {
    const e = open();
    press(e, 'Mod-b');
    press(e, 'Mod-i');
    press(e, 'Mod-u');
    type(e, 'loud');
    press(e, 'Enter');
    expect(e.isActive('bold') || e.isActive('italic') || e.isActive('underline')).toBe(false);
    type(e, 'quiet');
    expect(html(e)).toBe('<div><strong><em><u>loud</u></em></strong></div><div>quiet</div>');
  });

  it('formatting does not leak into the next list item', () => {
    const e = open();
    e.commands.toggleBulletList();
    press(e, 'Mod-b');
    type(e, 'first');
    press(e, 'Enter');
    expect(e.isActive('bold')).toBe(false);
    type(e, 'second');
    press(e, 'Enter');
    press(e, 'Enter');
    type(e, 'after');
    expect(html(e)).toBe('<ul><li><div><strong>first</strong></div></li><li><div>second</div></li></ul><div>after</div>');
  });

  it('Ctrl+Enter is left to Send: it inserts no line break', () => {
    const e = open('<div>text</div>');
    e.commands.focus('end');
    press(e, 'Mod-Enter');
    expect(html(e)).toBe('<div>text</div>');
  });

  it('a typed web address becomes a link; the words after it do not', () => {
    const e = open();
    for (const key of 'see https://example.org now') type(e, key);
    expect(html(e)).toBe('<div>see <a href="https://example.org">https://example.org</a> now</div>');
  });

  it('refuses links other than http(s) and mailto', () => {
    const e = open('<div>click</div>');
    e.commands.setTextSelection({ from: 1, to: 6 });
    expect(e.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(e.commands.setLink({ href: 'data:text/html,x' })).toBe(false);
    expect(html(e)).toBe('<div>click</div>');
    expect(e.commands.setLink({ href: 'mailto:bob@example.com' })).toBe(true);
    expect(html(e)).toBe('<div><a href="mailto:bob@example.com">click</a></div>');
  });

  it('text typed right after a link is not part of it', () => {
    const e = open('<div>see <a href="https://example.org/">the notes</a></div>');
    e.commands.focus('end');
    type(e, '.');
    expect(html(e)).toBe('<div>see <a href="https://example.org/">the notes</a>.</div>');
  });
});

describe('compose editor: the HTML it is given comes back as it was', () => {
  const reply = quotedReplyBody({ from: { name: 'Grace <Hopper>', address: 'g@x.test' }, date: 0 }, { text: 'Hello & welcome\n\n> earlier\nbye' }, ['en-GB']);
  const parent = makeMessage('m', { from: { name: 'Grace', address: 'g@x.test' }, to: [{ name: '', address: 'a@x.test' }], cc: [{ name: 'Ann & Co', address: 'ann@x.test' }] });
  const forward = forwardedBody(parent, { text: 'Line one\n\nLine three' }, ['en-GB']);
  const signature = '<div><br></div><div>--&nbsp;</div><div>Alice</div><div>Heron tests</div>';

  it.each([
    ['a new message with a signature', `<div><br></div>${signature}`],
    ['a reply: signature, attribution and the quoted original', `<div><br></div>${signature}${reply.html}`],
    ['a forward', `<div><br></div>${signature}${forward.html}`],
    ['lists, quotes and links', '<ol><li><div>one</div></li></ol><blockquote><div><em>q</em></div><ul><li><div>x</div></li></ul></blockquote><div><a href="mailto:bob@example.com">bob@example.com</a></div>'],
    ['a line break inside a paragraph', '<div>one<br>two</div>'],
  ])('%s', (_name, input) => {
    const e = open(sanitizeComposeHtml(input));
    expect(html(e)).toBe(input);
  });

  it('a reply keeps its quote as "> " lines and the signature separator as "-- " in its text', () => {
    const e = open(`<div><br></div>${signature}${reply.html}`);
    type(e, 'Thanks!');
    expect(editorText(e.state.doc)).toBe(`Thanks!\n\n-- \nAlice\nHeron tests\n${reply.text.replace(/^\n/, '').replace(/\n$/, '')}`);
  });
});

describe('compose editor: paste', () => {
  function paste(e: Editor, dirty: string): void {
    // jsdom has no ClipboardEvent; the editor reads only the HTML handed to it.
    e.view.pasteHTML(dirty, new Event('paste') as ClipboardEvent);
  }

  it('drops script, images, styles, handlers and javascript: links; keeps words, bold and safe links', () => {
    // Cleaned by the sanitizer before the editor's parser, which would drop most of it again.
    const e = open();
    paste(e, '<p>A <b>bold</b> <img src="https://t.example/p.gif" onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">bad</a> <a href="https://ok.example/" onclick="x()">good</a> <span style="color:red">red</span></p>');
    expect(html(e)).toBe('<div>A <strong>bold</strong> bad <a href="https://ok.example/">good</a> red</div>');
  });

  it('text another app marks as not bold stays plain (Google Docs wraps a paste in <b style="font-weight:normal">)', () => {
    const e = open();
    paste(e, '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><span style="font-weight:700">Strong</span><span style="font-weight:400"> plain</span></b>');
    expect(html(e)).toBe('<div><strong>Strong</strong> plain</div>');
  });

  it('the editor hands every paste (and drop) to the sanitizer before its parser', () => {
    const e = open();
    const dirty = '<a href="javascript:alert(1)" title="t">bad</a><img src="x" onerror="y()"><script>z()</script><b style="font-weight:700">ok</b>';
    // As ProseMirror applies them: every plugin's transform in turn.
    let html = dirty;
    e.view.someProp('transformPastedHTML', (f) => {
      html = f(html, e.view);
    });
    expect(html).toBe('<a>bad</a><b style="font-weight:700">ok</b>');
  });

  it('the paste sanitizer keeps style for the parser only; the stored HTML never carries it', () => {
    expect(sanitizePastedHtml('<span style="font-weight:700" onclick="x()">a</span>')).toBe('<span style="font-weight:700">a</span>');
    expect(sanitizeComposeHtml('<span style="font-weight:700">a</span>')).toBe('<span>a</span>');
  });
});
