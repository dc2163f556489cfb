/**
 * Answers a query from the index: each clause's postings (read by term, a row per segment),
 * intersected; then the documents' dates, folders and flags (held in memory, doc-table.ts) filter
 * and order them. A phrase is matched by its words' positions in the index; a phrase within one
 * field (`subject:"…"`) is checked against the stored headers of its candidates, newest first.
 */
import { Dexie } from 'dexie';
import type { FolderKey } from '../../../../shared/model/message';
import type { HeronDb } from '../db';
import type { SearchTermRow } from './index-rows';
import { ATTACHMENT_TERM, peopleWords } from './doc-terms';
import type { DocTable } from './doc-table';
import { ATTACHED, GONE, STARRED, UNREAD } from './index-rows';
import { PACK, packKey, PACK_PREFIX, unpack } from './packs';
import { decodePositions, decodePostings, intersect, union } from './postings';
import type { TermPart } from './posting-cache';
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
/** Candidates whose headers a phrase within one field is checked against. */
export const PHRASE_CHECKS = 5_000;

const FIELD_PREFIX: Record<Field, string> = { any: '', from: 'f:', to: 't:', subject: 's:' };

function rowsBetween(db: HeronDb, from: string, to: string) {
  return db.searchTerms.where('[term+seg]').between([from, Dexie.minKey], [to, Dexie.maxKey], true, true);
}

/** Postings by segment, decoded in segment order (a term is in its own row or its pack, per segment). */
function decodeBySeg(parts: ReadonlyArray<readonly [number, Uint8Array, ...unknown[]]>): number[] {
  const sorted = [...parts].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [, bytes] of sorted) decodePostings(bytes, out);
  return out;
}

/** A term's lists in each segment, from its own rows and its packs, kept for the next query (posting-cache.ts). */
async function termEntry(db: HeronDb, docs: DocTable, term: string) {
  const cached = docs.postings.get(term);
  if (cached) return cached;
  const generation = docs.postings.generation;
  const key = packKey(term);
  const [own, packs] = await Promise.all([rowsBetween(db, term, term).toArray(), rowsBetween(db, key, key).toArray()]);
  const parts: TermPart[] = own.map((r: SearchTermRow) => [r.seg, r.docs, null]);
  for (const p of packs) for (const [, d, pos] of unpack(p, (t) => t === term)) parts.push([p.seg, d, pos]);
  return docs.postings.put(term, parts, generation);
}

async function termParts(db: HeronDb, docs: DocTable, term: string): Promise<readonly TermPart[]> {
  return (await termEntry(db, docs, term)).parts;
}

async function postingsOf(db: HeronDb, docs: DocTable, term: string): Promise<number[]> {
  const e = await termEntry(db, docs, term);
  if (e.decoded) return e.decoded;
  const list = decodeBySeg(e.parts);
  docs.postings.decoded(term, e, list);
  return list;
}

/**
 * Documents where the terms stand one after another, from their positions in the index. Positions
 * are decoded only in the segments that hold a candidate (a document with every word).
 */
async function phrasePostings(db: HeronDb, docs: DocTable, terms: readonly string[]): Promise<number[]> {
  const distinct = [...new Set(terms)];
  // The words' own positions are read in the same round as their postings: a second round trip costs more than the bytes.
  const [parts, lists, ownPositions] = await Promise.all([
    Promise.all(distinct.map((t) => termParts(db, docs, t))),
    Promise.all(distinct.map((t) => postingsOf(db, docs, t))),
    Promise.all(distinct.map((t) => db.searchPositions.where('[term+seg]').between([t, Dexie.minKey], [t, Dexie.maxKey], true, true).toArray())),
  ]);
  const list = [...lists].sort((a, b) => a.length - b.length).reduce((acc, l) => intersect(acc, l));
  if (list.length === 0) return [];
  const candidates = new Set(list);
  // The segments of the rarest word's parts that hold a candidate: a segment's documents are one run of numbers.
  const first = candidates.values().next().value as number;
  const last = list[list.length - 1] as number;
  // Positions are decoded only in the segments that hold a candidate; a packed term's are in its pack.
  const where = new Map<string, Map<number, number[]>>(distinct.map((t) => [t, new Map<number, number[]>()]));
  distinct.forEach((t, i) => {
    const apart = new Map((ownPositions[i] ?? []).map((r) => [r.seg, r.pos]));
    for (const [seg, d, pos] of parts[i] ?? []) {
      const numbers = decodePostings(d);
      if (!holdsCandidate(numbers, first, last, candidates)) continue;
      decodePositions(d, pos ?? apart.get(seg) ?? new Uint8Array(0), (n) => candidates.has(n), where.get(t), numbers);
    }
  });
  const starts0 = where.get(terms[0] as string) as Map<number, number[]>;
  const out: number[] = [];
  for (const d of candidates) {
    const starts = starts0.get(d) ?? [];
    if (starts.some((p) => terms.every((t, j) => (where.get(t)?.get(d) ?? []).includes(p + j)))) out.push(d);
  }
  return out.sort((a, b) => a - b);
}

/** Whether a segment's list holds a candidate: its range is checked first, then its numbers. */
function holdsCandidate(numbers: readonly number[], first: number, last: number, candidates: ReadonlySet<number>): boolean {
  const lo = numbers[0];
  const hi = numbers[numbers.length - 1];
  if (lo === undefined || hi === undefined || hi < first || lo > last) return false;
  return numbers.some((n) => candidates.has(n));
}

async function prefixPostings(db: HeronDb, stem: string): Promise<number[] | string> {
  // The packs of every term starting with the stem: one pack's prefix when the stem is as long, else all under it.
  const packFrom = PACK + stem.slice(0, PACK_PREFIX);
  const packTo = stem.length >= PACK_PREFIX ? packFrom : `${packFrom}\uffff`;
  const [keys, packs] = await Promise.all([rowsBetween(db, stem, `${stem}\uffff`).primaryKeys() as unknown as Promise<[string, number][]>, rowsBetween(db, packFrom, packTo).toArray()]);
  const packed = new Map<string, Array<readonly [number, Uint8Array]>>();
  for (const p of packs) for (const [t, bytes] of unpack(p, (t) => t.startsWith(stem))) (packed.get(t) ?? packed.set(t, []).get(t))?.push([p.seg, bytes]);
  const own = [...new Set(keys.map((k) => k[0]))];
  const terms = new Set([...own, ...packed.keys()]);
  if (terms.size > MAX_EXPANSION) return `More than ${MAX_EXPANSION} words start with “${stem.replace(/^[fts]:/, '')}”: type a few more letters before the *.`;
  // The words' own rows in one range read, not a request per word.
  const ownRows = own.length === 0 ? [] : await rowsBetween(db, stem, `${stem}\uffff`).toArray();
  for (const r of ownRows) (packed.get(r.term) ?? packed.set(r.term, []).get(r.term))?.push([r.seg, r.docs]);
  return union([...packed.values()].map(decodeBySeg));
}

async function clausePostings(db: HeronDb, docs: DocTable, c: TextClause): Promise<number[] | string> {
  const prefix = FIELD_PREFIX[c.field];
  if (c.kind === 'prefix') return prefixPostings(db, prefix + (c.terms[0] as string));
  if (c.kind === 'phrase' && c.field === 'any') return phrasePostings(db, docs, c.terms);
  const lists = await Promise.all(c.terms.map((t) => postingsOf(db, docs, prefix + t)));
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

/** Phrases within one field, checked against the stored headers (a phrase anywhere is matched by positions). */
async function checkPhrases(db: HeronDb, ids: readonly string[], phrases: readonly TextClause[]): Promise<Set<string>> {
  const rows = await db.messages.bulkGet([...ids]);
  const ok = new Set<string>();
  ids.forEach((id, i) => {
    const row = rows[i];
    if (!row) return;
    const texts: Record<Exclude<Field, 'any'>, () => string[]> = {
      subject: () => tokenize(row.subject),
      from: () => peopleWords(row.from ? [row.from] : []),
      to: () => peopleWords([...row.to, ...row.cc]),
    };
    if (phrases.every((p) => p.field === 'any' || containsRun(texts[p.field](), p.terms))) ok.add(id);
  });
  return ok;
}

async function accountsMatching(db: HeronDb, folded: string): Promise<Set<string>> {
  const accounts = await db.accounts.toArray();
  return new Set(accounts.filter((a) => [a.label, a.identity.name, a.identity.address].some((s) => fold(s).includes(folded))).map((a) => a.id));
}

/** Runs a parsed query over the documents. */
/** Where a query's time went, in ms by stage, summed over queries (bench:search's profile). */
export type QueryStages = Record<'postings' | 'filter' | 'order' | 'ids', number>;

export async function runParsed(db: HeronDb, docs: DocTable, q: SearchQuery, scope: SearchScope, order: SearchOrder, stages?: QueryStages): Promise<SearchAnswer> {
  let at = performance.now();
  const lap = (stage: keyof QueryStages) => {
    const now = performance.now();
    if (stages) stages[stage] += now - at;
    at = now;
  };
  let candidates: number[] | null = null;
  const lists: number[][] = [];
  for (const c of q.clauses) {
    const l = await clausePostings(db, docs, c);
    if (typeof l === 'string') return { ok: false, message: l };
    lists.push(l);
  }
  if (q.filters.hasAttachment) lists.push(await postingsOf(db, docs, ATTACHMENT_TERM));
  lists.sort((a, b) => a.length - b.length);
  for (const l of lists) candidates = candidates === null ? l : intersect(candidates, l);

  lap('postings');
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

  lap('filter');
  if (order === 'relevance' && q.clauses.length > 0) hits = await byRelevance(db, docs, q, hits);
  else hits = newestFirst(docs, hits);

  lap('order');
  let ids = hits.map((n) => docs.ids[n] as string);
  let capped = false;
  const phrases = q.clauses.filter((c) => c.kind === 'phrase' && c.field !== 'any');
  if (phrases.length > 0) {
    capped = ids.length > PHRASE_CHECKS;
    const checked = ids.slice(0, PHRASE_CHECKS);
    const ok = await checkPhrases(db, checked, phrases);
    ids = checked.filter((id) => ok.has(id));
  }
  lap('ids');
  return { ok: true, ids, highlight: q.highlight, capped };
}

/** Sort keys of up to this many hits pack a hit's index beside its date in one number. */
const PACKED_HITS = 1 << 20;

/**
 * Documents newest first, equal dates the later-indexed first. Each hit's key is its date in
 * seconds and its place among the (ascending) hits in one float, so the engine's native sort of a
 * Float64Array orders them — several times quicker than a comparator reading two arrays.
 */
export function newestFirst(docs: DocTable, hits: readonly number[]): number[] {
  if (hits.length > PACKED_HITS || !hits.every((n, i) => i === 0 || n > (hits[i - 1] as number))) {
    return [...hits].sort((a, b) => (docs.dates[b] as number) - (docs.dates[a] as number) || b - a);
  }
  const keys = new Float64Array(hits.length);
  for (let i = 0; i < hits.length; i++) {
    const seconds = Math.min(0xffffffff, Math.max(0, Math.floor((docs.dates[hits[i] as number] as number) / 1000)));
    keys[i] = seconds * PACKED_HITS + i;
  }
  keys.sort();
  const out = new Array<number>(hits.length);
  for (let i = 0; i < hits.length; i++) out[i] = hits[(keys[hits.length - 1 - i] as number) % PACKED_HITS] as number;
  // Within one second the milliseconds decide, as the comparator would: such runs are short.
  const byMs = (a: number, b: number) => (docs.dates[b] as number) - (docs.dates[a] as number) || b - a;
  for (let i = 0; i < out.length; ) {
    let j = i + 1;
    const second = Math.floor((docs.dates[out[i] as number] as number) / 1000);
    while (j < out.length && Math.floor((docs.dates[out[j] as number] as number) / 1000) === second) j++;
    if (j - i > 1) out.slice(i, j).sort(byMs).forEach((n, k) => (out[i + k] = n));
    i = j;
  }
  return out;
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
      const [plain, subject, from] = await Promise.all([postingsOf(db, docs, FIELD_PREFIX[c.field] + t), postingsOf(db, docs, `s:${t}`), postingsOf(db, docs, `f:${t}`)]);
      const idf = Math.log(1 + total / Math.max(1, plain.length));
      const inSubject = new Set(subject);
      const inFrom = new Set(from);
      for (const n of hits) score.set(n, (score.get(n) ?? 0) + idf * (1 + (inSubject.has(n) ? 2 : 0) + (inFrom.has(n) ? 1 : 0)));
    }
  }
  return hits.sort((a, b) => (score.get(b) as number) - (score.get(a) as number) || (docs.dates[b] as number) - (docs.dates[a] as number));
}

/** Parses and runs; never throws for a query a person typed. */
export async function runSearch(db: HeronDb, docs: DocTable, request: SearchRequest, stages?: QueryStages): Promise<SearchAnswer> {
  const parsed = parseQuery(request.query, await db.folders.toArray());
  if (!parsed.ok) return parsed;
  return runParsed(db, docs, parsed.query, request.scope, request.order, stages);
}
