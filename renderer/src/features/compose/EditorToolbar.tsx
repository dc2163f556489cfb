/**
 * The formatting toolbar: one Tab stop (arrows, Home and End move between buttons, as the WAI-ARIA
 * toolbar pattern asks), each button named for what it does and pressed while it applies at the
 * caret — including formatting chosen for the next words typed.
 */
import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/core';
import { useRef, useState, type KeyboardEvent } from 'react';

// Named as the person's keyboard has it; ProseMirror's "Mod-" is Cmd on macOS, Ctrl elsewhere.
const MOD = /Mac/.test(navigator.userAgent) ? 'Cmd' : 'Ctrl';

interface Tool {
  readonly name: string;
  readonly keys?: string;
  /** A 16px line icon in currentColor, or a letter. */
  readonly icon: string | { readonly letter: string; readonly className: string };
  readonly active?: (e: Editor) => boolean;
  readonly run: (e: Editor) => void;
}

const TOOLS: readonly Tool[] = [
  { name: 'Bold', keys: `${MOD}+B`, icon: { letter: 'B', className: 'tool-bold' }, active: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
  { name: 'Italic', keys: `${MOD}+I`, icon: { letter: 'I', className: 'tool-italic' }, active: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
  { name: 'Underline', keys: `${MOD}+U`, icon: { letter: 'U', className: 'tool-underline' }, active: (e) => e.isActive('underline'), run: (e) => e.chain().focus().toggleUnderline().run() },
  {
    name: 'Bulleted list',
    icon: 'M6 4h8M6 8h8M6 12h8M2.5 4h.01M2.5 8h.01M2.5 12h.01',
    active: (e) => e.isActive('bulletList'),
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
  {
    name: 'Numbered list',
    icon: 'M6 4h8M6 8h8M6 12h8M2 2.5h1v3M1.8 9.2c.3-.5 1.4-.6 1.4.2 0 .6-1.4 1.2-1.4 1.8h1.5',
    active: (e) => e.isActive('orderedList'),
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
  { name: 'Quote', icon: 'M3 3v10M6 5h7M6 8h7M6 11h5', active: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
];

const CLEAR: Tool = {
  name: 'Clear formatting',
  icon: 'M4 3h8M8 3l-2 10M3 13l10-10',
  // Marks only (lists and quotes have their own buttons), and nothing carried into the next words typed.
  run: (e) =>
    e
      .chain()
      .focus()
      .unsetAllMarks()
      .command(({ tr }) => {
        tr.setStoredMarks([]);
        return true;
      })
      .run(),
};

function Icon({ icon }: { icon: Tool['icon'] }) {
  if (typeof icon !== 'string') return <span className={`tool-letter ${icon.className}`}>{icon.letter}</span>;
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={icon} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

export function EditorToolbar({ editor, onLink }: { editor: Editor; onLink: () => void }) {
  const link: Tool = { name: 'Link', keys: `${MOD}+K`, icon: 'M7 9a2.5 2.5 0 0 0 3.5 0l2-2A2.5 2.5 0 0 0 9 3.5l-.7.7M9 7a2.5 2.5 0 0 0-3.5 0l-2 2A2.5 2.5 0 0 0 7 12.5l.7-.7', active: (e) => e.isActive('link'), run: onLink };
  const tools = [...TOOLS, link, CLEAR];
  const pressed = useEditorState({ editor, selector: ({ editor: e }) => tools.map((t) => (t.active ? t.active(e) : null)) });
  const [stop, setStop] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const keys: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tools.length - 1 };
    const target = keys[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + tools.length) % tools.length;
    setStop(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Formatting">
      {tools.map((tool, i) => {
        const on = pressed[i];
        return (
          <button
            key={tool.name}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            className="editor-button"
            aria-label={tool.name}
            title={tool.keys ? `${tool.name} (${tool.keys})` : tool.name}
            {...(on === null || on === undefined ? {} : { 'aria-pressed': on })}
            tabIndex={i === stop ? 0 : -1}
            // Keep the editor's selection: the button acts on it without taking focus first.
            onMouseDown={(e) => e.preventDefault()}
            onFocus={() => setStop(i)}
            onKeyDown={(e) => onKeyDown(e, i)}
            onClick={() => tool.run(editor)}
          >
            <Icon icon={tool.icon} />
          </button>
        );
      })}
    </div>
  );
}
