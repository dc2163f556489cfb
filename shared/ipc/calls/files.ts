/**
 * Contract fragment: attachments the person saves or opens. The renderer hands the bytes and the
 * sender's file name; main makes the name safe and either asks where to save (the OS dialog in
 * the app, a folder in the harness) or writes it to a private temporary folder and hands it to
 * the system's app. The sender's name never becomes a path by itself.
 */
import { call } from '../define';
import { v } from '../validate';

export const MAX_SAVE_BYTES = 512 * 1024 * 1024;

export interface SaveResult {
  /** false when the person cancelled the dialog. */
  readonly saved: boolean;
  /** The file name written (not the folder), for "Saved as …". */
  readonly fileName: string | null;
}

export interface OpenResult {
  /** The file name written and opened (not the folder), for "Opened …". */
  readonly fileName: string;
}

export const filesCalls = {
  saveAttachment: call<SaveResult>()(
    v.object({
      fileName: v.string({ max: 1024 }),
      contentType: v.string({ max: 255 }),
      bytes: v.bytes({ max: MAX_SAVE_BYTES }),
    }),
  ),
  /**
   * Opens the attachment with the system's app for its type. A program or script (isExecutableName)
   * opens only with `allowProgram`, which the renderer sends after the person confirmed a warning.
   */
  openAttachment: call<OpenResult>()(
    v.object({
      fileName: v.string({ max: 1024 }),
      contentType: v.string({ max: 255 }),
      bytes: v.bytes({ max: MAX_SAVE_BYTES }),
      allowProgram: v.boolean(),
    }),
  ),
} as const;

export const filesEvents = {} as const;

// Bidirectional controls (U+202E "right-to-left override" turns "gpj.exe" into "exe.jpg" on
// screen), zero-width and other invisible format characters.
const BIDI_OR_INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Path separators and what Windows forbids in names.
const FORBIDDEN = /[/\\<>:"|?*]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_NAME = 200;

/** A file name that is safe to create on Windows, macOS and Linux, as close to the sender's as can be. */
export function safeFileName(name: string, fallback = 'attachment'): string {
  // A name with a path in it ("../../x", "C:\\dir\\x") keeps only its last part, as browsers do.
  const last = name.split(/[/\\]/).filter((part) => part.trim() !== '').pop() ?? '';
  let s = last.normalize('NFC').replace(BIDI_OR_INVISIBLE, '').replace(CONTROL, '').replace(FORBIDDEN, '_').trim();
  // No hidden files, no "..", no trailing dots or spaces (Windows drops them silently).
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (s === '') s = fallback;
  const dot = s.lastIndexOf('.');
  const stem = dot > 0 ? s.slice(0, dot) : s;
  const ext = dot > 0 ? s.slice(dot) : '';
  const base = stem.split('.')[0] ?? stem;
  const safeStem = RESERVED.test(base) ? `_${stem}` : stem;
  const keepExt = ext.length <= 20 ? ext : '';
  return (Array.from(safeStem).slice(0, MAX_NAME - keepExt.length).join('') + keepExt).trim();
}

/** For display: invisible direction and format characters shown as visible marks, e.g. "[U+202E]". */
export function visibleFileName(name: string): string {
  return name.replace(BIDI_OR_INVISIBLE, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`).replace(CONTROL, '�');
}

const EXECUTABLE = new Set(
  (
    'exe com bat cmd scr pif cpl msi msp msc jar js jse vbs vbe wsf wsh ws ps1 psm1 psd1 hta lnk reg inf scf ' +
    'app command sh bash csh ksh zsh run bin appimage deb rpm pkg dmg apk iso img vhd vhdx ' +
    'docm xlsm pptm dotm xlam ppam py pl rb php url desktop'
  ).split(' '),
);

/** Whether opening the file could run code: the person is asked before saving it. */
export function isExecutableName(name: string): boolean {
  const clean = name.replace(BIDI_OR_INVISIBLE, '').replace(CONTROL, '').trim().replace(/[.\s]+$/, '').toLowerCase();
  const dot = clean.lastIndexOf('.');
  return dot >= 0 && EXECUTABLE.has(clean.slice(dot + 1));
}
