/**
 * The body editor: TipTap (ProseMirror) with the marks, blocks and paste cleaning of
 * `editor-schema.ts`, the formatting toolbar and a link bar. Every change reports the editor's HTML
 * (as mail writes it) and its plain text upward, where the HTML is sanitized again before it is
 * stored or sent.
 */
import { EditorContent, useEditor } from '@tiptap/react';
import type { Editor } from '@tiptap/core';
import { useEffect, useState } from 'react';
import { composeExtensions } from './editor-schema';
import { mailHtml, normalizeLink, sanitizeComposeHtml } from './editor-html';
import { editorText } from './editor-text';
import { EditorToolbar } from './EditorToolbar';

interface Props {
  readonly initialHtml: string;
  readonly onChange: (html: string, text: string) => void;
  readonly label: string;
  /** Put the caret at the top of the body when the editor opens (an answer is written above the quote). */
  readonly autoFocus?: boolean;
  readonly disabled?: boolean;
}

export function RichEditor({ initialHtml, onChange, label, autoFocus = false, disabled = false }: Props) {
  const [linking, setLinking] = useState(false);
  // Both only at creation: the editor owns its document from then on (options are re-read every render).
  const [extensions] = useState(() => composeExtensions({ onLinkShortcut: () => setLinking(true) }));
  const [content] = useState(() => sanitizeComposeHtml(initialHtml));
  const editor = useEditor({
    extensions,
    content,
    autofocus: autoFocus ? 'start' : false,
    // The app's stylesheet carries ProseMirror's few rules (compose.css); nothing is injected.
    injectCSS: false,
    editorProps: {
      attributes: { class: 'editor-body', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label },
    },
    onUpdate: ({ editor: e }) => onChange(mailHtml(e.getHTML()), editorText(e.state.doc)),
  });

  useEffect(() => {
    // Not an edit: no update event, so nothing is marked unsaved.
    editor.setEditable(!disabled, false);
  }, [editor, disabled]);

  return (
    <div className="editor">
      <EditorToolbar editor={editor} onLink={() => setLinking(true)} />
      {linking ? <LinkBar editor={editor} onDone={() => setLinking(false)} /> : null}
      <EditorContent editor={editor} className="editor-content" />
    </div>
  );
}

function LinkBar({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const current = editor.getAttributes('link').href;
  const [value, setValue] = useState(typeof current === 'string' ? current.replace(/^mailto:/i, '') : '');
  const [error, setError] = useState<string | null>(null);
  const editing = typeof current === 'string';

  const finish = () => {
    onDone();
    editor.commands.focus();
  };

  const apply = () => {
    const href = normalizeLink(value);
    if (href === null) {
      setError('Links can go to web addresses (https://…) or email addresses only.');
      return;
    }
    if (editor.state.selection.empty && !editing) {
      // Nothing selected: the address itself becomes the link's words.
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: href.replace(/^mailto:/i, ''), marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
    onDone();
  };

  return (
    <div className="editor-link">
      <label htmlFor="editor-link-input">Link to</label>
      <input
        id="editor-link-input"
        autoFocus
        value={value}
        placeholder="https://… or name@example.com"
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          } else if (e.key === 'Escape') {
            // Closes the link bar only, not the message.
            e.stopPropagation();
            finish();
          }
        }}
        aria-invalid={error !== null}
        aria-describedby={error ? 'editor-link-error' : undefined}
      />
      <button type="button" className="button" onClick={apply}>
        {editing ? 'Change link' : 'Add link'}
      </button>
      {editing ? (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            editor.chain().focus().extendMarkRange('link').unsetLink().run();
            onDone();
          }}
        >
          Remove link
        </button>
      ) : null}
      <button type="button" className="button button-quiet" onClick={finish}>
        Cancel
      </button>
      {error ? (
        <span id="editor-link-error" role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
