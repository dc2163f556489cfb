/** The search index's rows (schema.ts): derived data, rebuilt from the stored messages at any time. */

/**
 * One term's postings within one segment: the ascending document numbers, gap-encoded (postings.ts).
 * The term's word positions in each of them are in a row of their own (SearchPositionsRow, same
 * key), read only by a phrase: a common word's positions are several times its postings. A pack
 * row (packs.ts) holds several rare terms and their positions: `terms` in order, each one's
 * postings ending at its `ends` entry in `docs` and its positions at its `posEnds` entry in `pos`.
 */
export interface SearchTermRow {
  readonly term: string;
  readonly seg: number;
  readonly docs: Uint8Array;
  /** A pack's positions; a term's own row keeps them in SearchPositionsRow. */
  readonly pos?: Uint8Array;
  readonly terms?: readonly string[];
  readonly ends?: readonly number[];
  readonly posEnds?: readonly number[];
}

/** The index's row shapes: an index written in another format is dropped and built again. */
export const INDEX_FORMAT = 3;

/** A term's own row's positions (per document, their number, then the gaps between them). */
export interface SearchPositionsRow {
  readonly term: string;
  readonly seg: number;
  readonly pos: Uint8Array;
}

/** Document flags, a bit each. */
export const UNREAD = 1;
export const STARRED = 2;
export const ATTACHED = 4;
/** Only the headers are stored: completing the message indexes it again. */
export const PARTIAL = 8;
/** Deleted, or indexed again under a newer number. */
export const GONE = 16;

/** Documents `block * BLOCK` … `block * BLOCK + BLOCK - 1`, a field to an array. */
export interface SearchDocsRow {
  readonly block: number;
  readonly ids: string[];
  readonly dates: number[];
  readonly accounts: string[];
  readonly folders: string[];
  readonly flags: number[];
}

export interface SearchMetaRow {
  readonly key: 'state';
  /** The next document number to give out. */
  readonly nextDoc: number;
  /** The last segment written to. */
  readonly seg: number;
  /** INDEX_FORMAT when written; absent before formats were numbered. */
  readonly format?: number;
}
