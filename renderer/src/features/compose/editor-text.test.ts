// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { composeExtensions } from './editor-schema';
import { editorText } from './editor-text';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function textOf(html: string): string {
  editor = new Editor({ extensions: composeExtensions(), content: html, injectCSS: false });
  return editorText(editor.state.doc);
}

describe('editorText', () => {
  it.each([
    ['a line per paragraph, empty lines kept', '<div>one</div><div><br></div><div>two<br>three</div>', 'one\n\ntwo\nthree'],
    ['list items with their markers, numbered from the list’s start', '<ul><li><div>a</div></li><li><div>b</div><div>more</div></li></ul><ol start="3"><li><div>c</div></li></ol>', '- a\n- b\n  more\n3. c'],
    ['quotes as "> " lines, nested as ">>"', '<blockquote><div>q</div><div><br></div><blockquote><div>deeper</div></blockquote></blockquote>', '> q\n>\n>> deeper'],
    ['a link whose words are not its address keeps the address', '<div><a href="https://example.org/x">the notes</a> and <a href="mailto:bob@example.com">bob@example.com</a></div>', 'the notes <https://example.org/x> and bob@example.com'],
    ['one address for a link split by bold', '<div><a href="https://example.org/"><strong>the</strong> notes</a></div>', 'the notes <https://example.org/>'],
    ['the signature separator becomes "-- "', '<div>--&nbsp;</div><div>Alice</div>', '-- \nAlice'],
  ])('%s', (_name, html, text) => {
    expect(textOf(html)).toBe(text);
  });
});
