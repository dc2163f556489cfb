/**
 * The list fields of a fetched message: the fast header parse, before the commit. The full
 * parse (parse-bodies.ts) is a separate module so a fetch never loads the MIME parser.
 */
import type { FetchedHeaders } from '../../../shared/ipc/calls/fetch';
import { parseHeaders } from '../mime/headers';

export function readListHeaders(raw: Buffer): FetchedHeaders {
  return parseHeaders(raw, { receivedAt: Date.now() }).meta;
}
