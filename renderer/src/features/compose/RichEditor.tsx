/**
 * The body editor: a contenteditable region with a small toolbar (bold, italic, lists, quote,
 * link). Commands work on the DOM selection directly (document.execCommand is deprecated and
 * behaves differently per engine); every change reports the editor's HTML and text upward,
 * where it is sanitized before it is stored.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { normalizeLink, sanitizeComposeHtml } from './editor-html';

type Inline = 'strong' | 'em';
type Block = 'ul' | 'ol' | 'blockquote';

interface Props {
  readonly initialHtml: string;
  readonly onChange: (html: string, text: string) => void;
  readonly label: string;
}

function selectionIn(root: HTMLElement): Range | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  return root.contains(range.commonAncestorContainer) ? range : null;
}

function closest(node: Node | null, tag: string, root: HTMLElement): HTMLElement | null {
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) {
    if (n instanceof HTMLElement && n.tagName.toLowerCase() === tag) return n;
  }
  return null;
}

function unwrap(el: HTMLElement): void {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

/** The editor's direct child holding the caret (a line), made one if the text sits loose. */
function lineOf(node: Node, root: HTMLElement): HTMLElement {
  let n: Node = node;
  while (n.parentNode && n.parentNode !== root) n = n.parentNode;
  if (n instanceof HTMLElement && n !== root) return n;
  const div = document.createElement('div');
  root.insertBefore(div, n === root ? null : n);
  if (n !== root) div.appendChild(n);
  return div;
}

export function RichEditor({ initialHtml, onChange, label }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const saved = useRef<Range | null>(null);
  const [linking, setLinking] = useState(false);
  const [linkValue, setLinkValue] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);

  useEffect(() => {
    // Set once: React must not own the editable DOM, or every keystroke would reset the caret.
    if (ref.current) ref.current.innerHTML = sanitizeComposeHtml(initialHtml);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const report = () => {
    const root = ref.current;
    if (root) onChange(root.innerHTML, root.innerText);
  };

  const inline = (tag: Inline) => {
    const root = ref.current;
    const range = root && selectionIn(root);
    if (!root || !range) return;
    const existing = closest(range.commonAncestorContainer, tag, root) ?? (tag === 'strong' ? closest(range.commonAncestorContainer, 'b', root) : closest(range.commonAncestorContainer, 'i', root));
    if (existing) {
      unwrap(existing);
    } else if (!range.collapsed) {
      const el = document.createElement(tag);
      el.appendChild(range.extractContents());
      range.insertNode(el);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      const r = document.createRange();
      r.selectNodeContents(el);
      sel?.addRange(r);
    }
    report();
  };

  const block = (tag: Block) => {
    const root = ref.current;
    const range = root && selectionIn(root);
    if (!root || !range) return;
    const inside = closest(range.startContainer, tag, root);
    if (inside) {
      // Toggle off: list items become lines again.
      for (const li of [...inside.querySelectorAll(':scope > li')]) {
        const div = document.createElement('div');
        while (li.firstChild) div.appendChild(li.firstChild);
        li.replaceWith(div);
      }
      unwrap(inside);
    } else {
      const first = lineOf(range.startContainer, root);
      const last = lineOf(range.endContainer, root);
      const lines: HTMLElement[] = [];
      for (let n: Element | null = first; n; n = n.nextElementSibling) {
        lines.push(n as HTMLElement);
        if (n === last) break;
      }
      const wrapper = document.createElement(tag);
      first.before(wrapper);
      for (const line of lines) {
        if (tag === 'blockquote') {
          wrapper.appendChild(line);
        } else {
          const li = document.createElement('li');
          while (line.firstChild) li.appendChild(line.firstChild);
          line.remove();
          wrapper.appendChild(li);
        }
      }
    }
    report();
  };

  const startLink = () => {
    const root = ref.current;
    const range = root && selectionIn(root);
    saved.current = range ? range.cloneRange() : null;
    setLinkValue('');
    setLinkError(null);
    setLinking(true);
  };

  const applyLink = () => {
    const href = normalizeLink(linkValue);
    if (href === null) {
      setLinkError('Links can go to web addresses (https://…) or email addresses only.');
      return;
    }
    const range = saved.current;
    const a = document.createElement('a');
    a.href = href;
    if (range && !range.collapsed) {
      a.appendChild(range.extractContents());
      range.insertNode(a);
    } else {
      a.textContent = href.replace(/^mailto:/, '');
      if (range) range.insertNode(a);
      else ref.current?.appendChild(a);
    }
    setLinking(false);
    report();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'b') {
      e.preventDefault();
      inline('strong');
    } else if (mod && e.key.toLowerCase() === 'i') {
      e.preventDefault();
      inline('em');
    } else if (mod && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      startLink();
    }
  };

  const button = (text: string, title: string, action: () => void) => (
    <button type="button" className="button button-quiet editor-button" title={title} aria-label={title} onMouseDown={(e) => e.preventDefault()} onClick={action}>
      {text}
    </button>
  );

  return (
    <div className="editor">
      <div className="editor-toolbar" role="toolbar" aria-label="Formatting">
        {button('B', 'Bold (Ctrl+B)', () => inline('strong'))}
        {button('I', 'Italic (Ctrl+I)', () => inline('em'))}
        {button('•', 'Bulleted list', () => block('ul'))}
        {button('1.', 'Numbered list', () => block('ol'))}
        {button('❝', 'Quote', () => block('blockquote'))}
        {button('🔗', 'Link (Ctrl+K)', startLink)}
      </div>
      {linking ? (
        <div className="editor-link">
          <label>
            Link to{' '}
            <input
              autoFocus
              value={linkValue}
              onChange={(e) => setLinkValue(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  applyLink();
                } else if (e.key === 'Escape') setLinking(false);
              }}
              aria-invalid={linkError !== null}
            />
          </label>
          <button type="button" className="button" onClick={applyLink}>
            Add link
          </button>
          {linkError ? <span role="alert" className="field-error">{linkError}</span> : null}
        </div>
      ) : null}
      <div
        ref={ref}
        className="editor-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        onInput={report}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          // Pasted HTML is hostile: insert it sanitized to the editor's allowlist.
          const html = e.clipboardData.getData('text/html');
          if (!html) return;
          e.preventDefault();
          const range = ref.current && selectionIn(ref.current);
          if (!range) return;
          const tpl = document.createElement('template');
          tpl.innerHTML = sanitizeComposeHtml(html);
          range.deleteContents();
          range.insertNode(tpl.content);
          report();
        }}
      />
    </div>
  );
}
