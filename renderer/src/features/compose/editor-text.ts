/**
 * The editor's document as plain text, for the draft's text (the attachment reminder, the Sent
 * snippet, and what "Plain text only" starts from): a line per paragraph, "- " and "1. " for list
 * items, "> " for quotes (RFC 3676 §4.5), and the signature separator as "-- " (RFC 3676 §4.3).
 */
import type { Node as PmNode } from '@tiptap/pm/model';
import { quoteText } from './reply';

function linkOf(node: PmNode): string | null {
  const href = node.marks.find((m) => m.type.name === 'link')?.attrs.href;
  return typeof href === 'string' && href !== '' ? href : null;
}

/** A link keeps its address in the text when its words are not the address itself. */
function withAddress(text: string, href: string): string {
  const bare = href.replace(/^mailto:/i, '');
  return bare === text || bare === `https://${text}` || bare === `https://${text}/` ? text : `${text} <${href}>`;
}

function paragraphText(node: PmNode): string {
  const runs: { text: string; href: string | null }[] = [];
  node.forEach((child) => {
    const text = child.type.name === 'hardBreak' ? '\n' : (child.text ?? '');
    const href = linkOf(child);
    const last = runs[runs.length - 1];
    if (last && href !== null && last.href === href) last.text += text;
    else runs.push({ text, href });
  });
  const out = runs.map((r) => (r.href === null ? r.text : withAddress(r.text, r.href))).join('');
  return out === '--\u00a0' ? '-- ' : out;
}

function indent(text: string, first: string): string {
  const pad = ' '.repeat(first.length);
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : pad) + line)
    .join('\n');
}

function blockText(node: PmNode): string {
  switch (node.type.name) {
    case 'paragraph':
      return paragraphText(node);
    case 'blockquote':
      return quoteText(blocksText(node));
    case 'bulletList':
    case 'orderedList': {
      const ordered = node.type.name === 'orderedList';
      const start = ordered && typeof node.attrs.start === 'number' ? node.attrs.start : 1;
      const items: string[] = [];
      node.forEach((item, _offset, index) => items.push(indent(blocksText(item), ordered ? `${start + index}. ` : '- ')));
      return items.join('\n');
    }
    default:
      return node.isTextblock ? paragraphText(node) : blocksText(node);
  }
}

function blocksText(node: PmNode): string {
  const lines: string[] = [];
  node.forEach((child) => lines.push(blockText(child)));
  return lines.join('\n');
}

export function editorText(doc: PmNode): string {
  return blocksText(doc);
}
