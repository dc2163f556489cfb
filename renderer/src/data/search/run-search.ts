/**
 * Answers a query from the index: each clause's postings (read by term, a row per segment),
 * intersected; then the documents' dates, folders and flags (held in memory, doc-table.ts) filter
 * and order them. A phrase is checked against the stored text of its candidates, newest first.
 */
import { Dexie } from 'dexie';
import { isRawSpan, readStoredText } from '../../../../shared/model/stored-text';
import { getRawBytes } from '../raw-store';
import type { FolderKey } from '../../../../shared/model/message';
import type { HeronDb } from '../db';
import { ATTACHMENT_TERM, bodyText } from './doc-terms';
import type { DocTable } from './doc-table';
import { ATTACHED, GONE, STARRED, UNREAD } from './index-rows';
import { decodePostings, intersect, union } from './postings';
import { parseQuery, type Field, type SearchQuery, type TextClause } from './query';
import { fold, tokenize } from './tokenize';

export interface SearchScope {
  /** null: every account. */
  readonly accountId: string | null;
  /** null: every folder. */
  readonly folder: FolderKey | null;
}

export type SearchOrder = 'newest' | 'relevance';

export interface SearchRequest {
  readonly query: string;
  readonly scope: SearchScope;
  readonly order: SearchOrder;
}

export type SearchAnswer =
  | {
      readonly ok: true;
      /** Matching messages in the order asked for. */
      readonly ids: readonly string[];
      /** Words the reader highlights. */
      readonly highlight: readonly string[];
      /** A phrase was checked in only the newest PHRASE_CHECKS candidates. */
      readonly capped: boolean;
    }
  | { readonly ok: false; readonly message: string };

/** Words a prefix may stand for; past this the prefix says to type more. */
export const MAX_EXPANSION = 500;
/** Candidates whose text a phrase is checked against. */
export const PHRASE_CHECKS = 5_000;

const FIELD_PREFIX: Record<Field, string> = { any: '', from: 'f:', to: 't:', subject: 's:' };

async function postingsOf(db: HeronDb, term: string): Promise<number[]> {
  const rows = await db.searchTerms.where('[term+seg]').between([term, Dexie.minKey], [term, Dexie.maxKey], true, true).toArray();
  const out: number[] = [];
  for (const r of rows) decodePostings(r.docs, out);
  return out;
}

async function prefixPostings(db: HeronDb, stem: string): Promise<number[] | string> {
  const keys = (await db.searchTerms
    .where('[term+seg]')
    .between([stem, Dexie.minKey], [`${stem}\uffff`, Dexie.maxKey], true, true)
    .primaryKeys()) as unknown as [string, number][];
  const terms = [...new Set(keys.map((k) => k[0]))];
  if (terms.length > MAX_EXPANSION) return `More than ${MAX_EXPANSION} words start with “${stem.replace(/^[fts]:/, '')}”: type a few more letters before the *.`;
  return union(await Promise.all(terms.map((t) => postingsOf(db, t))));
}

async function clausePostings(db: HeronDb, c: TextClause): Promise<number[] | string> {
  const prefix = FIELD_PREFIX[c.field];
  if (c.kind === 'prefix') return prefixPostings(db, prefix + (c.terms[0] as string));
  const lists = await Promise.all(c.terms.map((t) => postingsOf(db, prefix + t)));
  lists.sort((a, b) => a.length - b.length);
  return lists.reduce((acc, l) => intersect(acc, l));
}

/** Whether `needle`'s terms appear one after another in `hay`'s. */
function containsRun(hay: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

async function checkPhrases(db: HeronDb, ids: readonly string[], phrases: readonly TextClause[]): Promise<Set<string>> {
  const needBody = phrases.some((p) => p.field === 'any');
  const [rows, bodies] = await Promise.all([db.messages.bulkGet([...ids]), needBody ? db.bodies.bulkGet([...ids]) : Promise.resolve([])]);
  const raws = needBody ? await getRawBytes(db, [...ids].filter((_, i) => isRawSpan(bodies[i]?.text) || isRawSpan(bodies[i]?.html))) : new Map<string, Uint8Array>();
  const ok = new Set<string>();
  ids.forEach((id, i) => {
    const row = rows[i];
    if (!row) return;
    const people = (list: readonly { name: string; address: string }[]) => tokenize(list.map((a) => `${a.name} ${a.address}`).join(' '));
    const texts: Record<Field, () => string[]> = {
      subject: () => tokenize(row.subject),
      from: () => people(row.from ? [row.from] : []),
      to: () => people([...row.to, ...row.cc]),
      any: () => {
        const b = bodies[i];
        return [...tokenize(row.subject), '\u0000', ...people(row.from ? [row.from] : []), '\u0000', ...people([...row.to, ...row.cc]), '\u0000', ...tokenize(b ? bodyText({ text: readStoredText(raws.get(id), b.text), html: readStoredText(raws.get(id), b.html) }) : '')];
      },
    };
    if (phrases.every((p) => containsRun(texts[p.field](), p.terms))) ok.add(id);
  });
  return ok;
}

async function accountsMatching(db: HeronDb, folded: string): Promise<Set<string>> {
  const accounts = await db.accounts.toArray();
  return new Set(accounts.filter((a) => [a.label, a.identity.name, a.identity.address].some((s) => fold(s).includes(folded))).map((a) => a.id));
}

/** Runs a parsed query over the documents. */
export async function runParsed(db: HeronDb, docs: DocTable, q: SearchQuery, scope: SearchScope, order: SearchOrder): Promise<SearchAnswer> {
  let candidates: number[] | null = null;
  const lists: number[][] = [];
  for (const c of q.clauses) {
    const l = await clausePostings(db, c);
    if (typeof l === 'string') return { ok: false, message: l };
    lists.push(l);
  }
  if (q.filters.hasAttachment) lists.push(await postingsOf(db, ATTACHMENT_TERM));
  lists.sort((a, b) => a.length - b.length);
  for (const l of lists) candidates = candidates === null ? l : intersect(candidates, l);

  const f = q.filters;
  const accounts = f.account === undefined ? null : await accountsMatching(db, f.account);
  if (accounts !== null && accounts.size === 0) return { ok: false, message: `No account’s name or address contains “${f.account ?? ''}”.` };
  const inFolders = f.folders ? new Set<string>(f.folders) : scope.folder !== null ? new Set<string>([scope.folder]) : null;
  const keep = (n: number): boolean => {
    const flags = docs.flags[n] as number;
    if (flags & GONE) return false;
    if (inFolders !== null && !inFolders.has(docs.folders[n] as string)) return false;
    if (scope.accountId !== null && docs.accounts[n] !== scope.accountId) return false;
    if (accounts !== null && !accounts.has(docs.accounts[n] as string)) return false;
    if (f.unread !== undefined && Boolean(flags & UNREAD) !== f.unread) return false;
    if (f.starred && !(flags & STARRED)) return false;
    if (f.hasAttachment && !(flags & ATTACHED)) return false;
    const date = docs.dates[n] as number;
    if (f.before !== undefined && date >= f.before) return false;
    if (f.after !== undefined && date < f.after) return false;
    return true;
  };
  let hits: number[] = [];
  if (candidates === null) {
    for (let n = 0; n < docs.size; n++) if (keep(n)) hits.push(n);
  } else hits = candidates.filter(keep);

  if (order === 'relevance' && q.clauses.length > 0) hits = await byRelevance(db, docs, q, hits);
  else hits.sort((a, b) => (docs.dates[b] as number) - (docs.dates[a] as number) || b - a);

  let ids = hits.map((n) => docs.ids[n] as string);
  let capped = false;
  const phrases = q.clauses.filter((c) => c.kind === 'phrase');
  if (phrases.length > 0) {
    capped = ids.length > PHRASE_CHECKS;
    const checked = ids.slice(0, PHRASE_CHECKS);
    const ok = await checkPhrases(db, checked, phrases);
    ids = checked.filter((id) => ok.has(id));
  }
  return { ok: true, ids, highlight: q.highlight, capped };
}

/**
 * Relevance: each word weighs by how rare it is (idf), more where it is in the subject or names
 * the sender; equal scores newest first.
 */
async function byRelevance(db: HeronDb, docs: DocTable, q: SearchQuery, hits: number[]): Promise<number[]> {
  const score = new Map<number, number>(hits.map((n) => [n, 0]));
  const total = Math.max(1, docs.latest.size);
  for (const c of q.clauses) {
    if (c.kind === 'prefix') {
      for (const n of hits) score.set(n, (score.get(n) ?? 0) + 1);
      continue;
    }
    for (const t of c.terms) {
      const [plain, subject, from] = await Promise.all([postingsOf(db, FIELD_PREFIX[c.field] + t), postingsOf(db, `s:${t}`), postingsOf(db, `f:${t}`)]);
      const idf = Math.log(1 + total / Math.max(1, plain.length));
      const inSubject = new Set(subject);
      const inFrom = new Set(from);
      for (const n of hits) score.set(n, (score.get(n) ?? 0) + idf * (1 + (inSubject.has(n) ? 2 : 0) + (inFrom.has(n) ? 1 : 0)));
    }
  }
  return hits.sort((a, b) => (score.get(b) as number) - (score.get(a) as number) || (docs.dates[b] as number) - (docs.dates[a] as number));
}

/** Parses and runs; never throws for a query a person typed. */
export async function runSearch(db: HeronDb, docs: DocTable, request: SearchRequest): Promise<SearchAnswer> {
  const parsed = parseQuery(request.query, await db.folders.toArray());
  if (!parsed.ok) return parsed;
  return runParsed(db, docs, parsed.query, request.scope, request.order);
}
