/**
 * The search field's language: plain words, `"a phrase"`, `prefix*`, and the operators `from:`
 * `to:` `subject:` `has:attachment` `is:unread` `is:read` `is:starred` `before:` `after:` `in:`
 * `account:`. Parsing never throws: a query it cannot read is answered with words that say what
 * to change.
 */
import { FIXED_FOLDER_NAMES, LOCAL_FOLDERS, type FolderKey } from '../../../../shared/model/message';
import { pathOf } from '../folders-repo';
import type { FolderRow } from '../rows';
import { fold, isWholeTerm, tokenize } from './tokenize';

export type Field = 'any' | 'from' | 'to' | 'subject';

/** One thing the text must contain. `terms` are index terms (tokenize.ts); all of them must match. */
export interface TextClause {
  readonly kind: 'words' | 'phrase' | 'prefix';
  readonly field: Field;
  readonly terms: readonly string[];
}

export interface Filters {
  readonly hasAttachment?: true;
  readonly unread?: boolean;
  readonly starred?: true;
  /** Epoch ms: the message's date is before this instant. */
  readonly before?: number;
  /** Epoch ms: the message's date is at or after this instant. */
  readonly after?: number;
  /** `in:`: a fixed folder, or each of the person's folders of that name or path (several accounts may have one). */
  readonly folders?: readonly FolderKey[];
  /** Folded: an account whose name or address contains it. */
  readonly account?: string;
}

export interface SearchQuery {
  readonly clauses: readonly TextClause[];
  readonly filters: Filters;
  /** Folded words the reader highlights. */
  readonly highlight: readonly string[];
}

export type ParseResult = { readonly ok: true; readonly query: SearchQuery } | { readonly ok: false; readonly message: string };

export const OPERATORS = ['from:', 'to:', 'subject:', 'has:attachment', 'is:unread', 'is:read', 'is:starred', 'before:', 'after:', 'in:', 'account:'] as const;

/** A prefix shorter than this would name most of the dictionary. */
export const MIN_PREFIX = 2;

const KNOWN = new Set(['from', 'to', 'subject', 'has', 'is', 'before', 'after', 'in', 'account']);

interface Piece {
  readonly op: string | null;
  readonly value: string;
  readonly quoted: boolean;
}

/** Splits on spaces, keeping `"…"` and `op:"…"` whole; null with a message when a quote is left open. */
function pieces(input: string): Piece[] | string {
  const out: Piece[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i] as string)) i++;
    if (i >= input.length) break;
    const start = i;
    let op: string | null = null;
    const opMatch = /^([A-Za-z]+):(?!\/\/)/.exec(input.slice(i));
    if (opMatch) {
      op = (opMatch[1] as string).toLowerCase();
      i += opMatch[0].length;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) return `The quote in “${input.slice(start, start + 30)}” is not closed: add a closing " or remove the opening one.`;
      out.push({ op, value: input.slice(i + 1, close), quoted: true });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/.test(input[end] as string)) end++;
    const value = input.slice(i, end);
    if (value.includes('"')) return `The quote in “${input.slice(start, end)}” is not closed: add a closing " or remove the opening one.`;
    out.push({ op, value, quoted: false });
    i = end;
  }
  return out;
}

/** A day as typed (2024, 2024-03, 2024-03-31, also with / or .), as local midnight of its first day. */
export function parseDay(value: string): number | null {
  const m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(year, month - 1, day);
  if (d.getMonth() !== month - 1) return null; // 2024-02-31
  return d.getTime();
}

function fieldTerms(field: Field, value: string): string[] {
  // An address or domain after from:/to: is indexed whole as well as in words.
  if (field !== 'any' && field !== 'subject' && isWholeTerm(value)) return [fold(value)];
  return tokenize(value);
}

function textClause(field: Field, p: Piece, clauses: TextClause[], highlight: string[]): string | null {
  const value = p.value.trim();
  if (value === '') return field === 'any' ? null : `${field}: needs something after it, e.g. ${field}:${field === 'subject' ? 'invoice' : 'ada@example.org'}.`;
  if (!p.quoted && value.endsWith('*')) {
    const stem = value.slice(0, -1);
    const terms = fieldTerms(field, stem);
    const last = terms.at(-1);
    if (last === undefined || stem.includes('*') || last.length < MIN_PREFIX) return `A prefix needs at least ${MIN_PREFIX} letters before the *, e.g. repor*.`;
    if (terms.length > 1) clauses.push({ kind: 'words', field, terms: terms.slice(0, -1) });
    clauses.push({ kind: 'prefix', field, terms: [last] });
    highlight.push(...terms);
    return null;
  }
  const terms = fieldTerms(field, value);
  if (terms.length === 0) return null; // only punctuation: nothing to look for
  clauses.push({ kind: p.quoted && terms.length > 1 ? 'phrase' : 'words', field, terms });
  highlight.push(...(p.quoted ? [terms.join(' ')] : terms));
  return null;
}

/** How many of the person's folders an unknown `in:` lists before it stops. */
const LISTED_FOLDERS = 10;

/** `in:`'s folders: a fixed one by key or name, else the person's by path ("Projects/Heron") or name, case aside. */
function foldersNamed(value: string, folders: readonly FolderRow[]): readonly FolderKey[] | string {
  const same = (a: string) => a.localeCompare(value, undefined, { sensitivity: 'accent' }) === 0;
  const fixed = LOCAL_FOLDERS.find((f) => same(f) || same(FIXED_FOLDER_NAMES[f]));
  if (fixed) return [fixed];
  const paths = folders.map((f) => ({ id: f.id, path: pathOf(folders, f.id).join('/') }));
  const byPath = paths.filter((f) => same(f.path));
  const found = byPath.length > 0 ? byPath : folders.filter((f) => same(f.name));
  if (found.length > 0) return found.map((f) => f.id);
  const fixedNames = LOCAL_FOLDERS.map((f) => FIXED_FOLDER_NAMES[f]).join(', ');
  const own = [...new Set(paths.map((f) => f.path))].sort((a, b) => a.localeCompare(b));
  const listed = own.slice(0, LISTED_FOLDERS).join(', ') + (own.length > LISTED_FOLDERS ? ', …' : '');
  return `No folder is named “${value}”. in: takes ${fixedNames} or ${own.length > 0 ? `one of your folders: ${listed}.` : 'a folder of your own by its name or path.'}`;
}

/**
 * Reads a query; never throws. An empty query is fine (it matches every message). `folders`: the
 * person's own, which `in:` may name.
 */
export function parseQuery(input: string, folders: readonly FolderRow[] = []): ParseResult {
  const split = pieces(input);
  if (typeof split === 'string') return { ok: false, message: split };
  const clauses: TextClause[] = [];
  const highlight: string[] = [];
  const filters: { -readonly [K in keyof Filters]: Filters[K] } = {};
  for (const p of split) {
    const error = onePiece(p, clauses, highlight, filters, folders);
    if (error !== null) return { ok: false, message: error };
  }
  return { ok: true, query: { clauses, filters, highlight: [...new Set(highlight)] } };
}

function onePiece(p: Piece, clauses: TextClause[], highlight: string[], filters: { -readonly [K in keyof Filters]: Filters[K] }, folders: readonly FolderRow[]): string | null {
  if (p.op === null) return textClause('any', p, clauses, highlight);
  const value = p.value.trim();
  const lower = value.toLowerCase();
  switch (p.op) {
    case 'from':
    case 'to':
    case 'subject':
      return textClause(p.op, p, clauses, highlight);
    case 'has':
      if (lower === 'attachment' || lower === 'attachments') {
        filters.hasAttachment = true;
        return null;
      }
      return `has: takes “attachment” (has:attachment), not “${value}”.`;
    case 'is':
      if (lower === 'unread') filters.unread = true;
      else if (lower === 'read') filters.unread = false;
      else if (lower === 'starred') filters.starred = true;
      else return `is: takes unread, read or starred, not “${value}”.`;
      return null;
    case 'before':
    case 'after': {
      const day = parseDay(value);
      if (day === null) return `${p.op}: needs a date like 2024-03-31 (or 2024-03, or 2024), not “${value}”.`;
      filters[p.op] = day;
      return null;
    }
    case 'in': {
      const found = foldersNamed(value, folders);
      if (typeof found === 'string') return found;
      filters.folders = found;
      return null;
    }
    case 'account':
      if (value === '') return 'account: needs an account’s name or address after it.';
      filters.account = fold(value);
      return null;
    default:
      if (KNOWN.has(p.op)) return null;
      return `Heron does not know the operator “${p.op}:”. It knows ${OPERATORS.join(' ')} — or put the words in quotes to search for them as written.`;
  }
}
