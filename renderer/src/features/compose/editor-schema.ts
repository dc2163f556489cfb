/**
 * What the compose editor can make, as TipTap extensions: paragraphs, bold, italic, underline,
 * bulleted and numbered lists, quotes and links — exactly what `sanitizeComposeHtml` lets through,
 * so the recipient gets what the person saw. Headings, code, strike and rules are left out.
 * Pasted HTML goes through the sanitizer before the editor's parser sees it.
 */
import { Extension, mergeAttributes, type AnyExtension } from '@tiptap/core';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Link from '@tiptap/extension-link';
import Paragraph from '@tiptap/extension-paragraph';
import Underline from '@tiptap/extension-underline';
import { Fragment } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import { sanitizePastedHtml } from './editor-html';

/** `<div><br></div>` (and `<p><br></p>`) is how HTML mail writes an empty line: an empty paragraph, not a line break. */
function isEmptyLine(node: HTMLElement | string): boolean {
  if (typeof node === 'string') return false;
  const children = [...node.childNodes].filter((c) => !(c.nodeType === 3 && (c.textContent ?? '') === ''));
  return children.length === 0 || (children.length === 1 && children[0]?.nodeName === 'BR');
}

/** Paragraphs are written as `<div>`, as mail clients write lines (a `<p>` has margins in the recipient's reader). */
const MailParagraph = Paragraph.extend({
  parseHTML() {
    const emptyLine = (tag: string) => ({ tag, priority: 60, getAttrs: (node: HTMLElement | string) => (isEmptyLine(node) ? null : false), getContent: () => Fragment.empty });
    return [emptyLine('div'), emptyLine('p'), { tag: 'p' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes), 0];
  },
});

// Formatting ends where the paragraph or list item ends: Enter starts the next one plain.
const MailBold = Bold.extend({ keepOnSplit: false });
const MailItalic = Italic.extend({ keepOnSplit: false });
const MailUnderline = Underline.extend({ keepOnSplit: false });
// Text typed after a link is not part of it (autolink would otherwise make links grow).
const MailLink = Link.extend({ inclusive: () => false });

const LINK_SCHEMES = /^(?:https?:|mailto:)/i;

export interface ComposeKeys {
  /** Ctrl/Cmd+K: the person wants to add or edit a link. */
  readonly onLinkShortcut?: () => void;
}

export function composeExtensions(keys: ComposeKeys = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      bold: false,
      italic: false,
      underline: false,
      link: false,
      paragraph: false,
      strike: false,
      code: false,
      codeBlock: false,
      heading: false,
      horizontalRule: false,
      trailingNode: false,
    }),
    MailParagraph,
    MailBold,
    MailItalic,
    MailUnderline,
    MailLink.configure({
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: 'https',
      HTMLAttributes: { target: null, rel: null, class: null },
      isAllowedUri: (url) => LINK_SCHEMES.test(url),
    }),
    Extension.create({
      name: 'composePaste',
      // Pasted and dropped HTML is hostile: cleaned to the allowlist before the editor parses it.
      addProseMirrorPlugins: () => [new Plugin({ key: new PluginKey('composePaste'), props: { transformPastedHTML: (html) => sanitizePastedHtml(html) } })],
    }),
    Extension.create({
      name: 'composeKeys',
      // Above the starter kit: Ctrl+Enter is Send (handled by the compose pane), never a line break.
      priority: 1000,
      addKeyboardShortcuts() {
        return {
          'Mod-Enter': () => true,
          'Mod-k': () => {
            keys.onLinkShortcut?.();
            return keys.onLinkShortcut !== undefined;
          },
        };
      },
    }),
  ];
}
