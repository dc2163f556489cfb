/**
 * Thunderbird's memory of a POP3 mailbox, `popstate.dat` in the account's folder (comm-central
 * mailnews/local/src/Pop3Client.sys.mjs; the C++ client before it, nsPop3Protocol.cpp, wrote the
 * same format with one section per host and user):
 *
 *     # POP3 State File
 *     # This is a generated file!  Do not edit.
 *
 *     *pop.example.com alice
 *     k UIDL-1 1700000000
 *
 * `#` lines are comments; `*host user` starts a section; each line after it is a status letter,
 * the UIDL and when the message was downloaded (Unix seconds). Statuses: `k` kept on the server
 * after download, `d` to be deleted from the server at the next check, `b` too big (headers only),
 * `f` headers only, the whole message asked for.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PopStateEntry, PopStatus } from '../../../shared/model/pop-state';

export type PopstateFlag = 'k' | 'd' | 'b' | 'f';

export interface PopstateLine {
  readonly flag: PopstateFlag;
  readonly uidl: string;
  /** Epoch ms; null when the line has no date. */
  readonly downloadedAt: number | null;
}

export interface PopstateSection {
  readonly host: string;
  readonly user: string;
  readonly lines: readonly PopstateLine[];
}

export interface Popstate {
  readonly sections: readonly PopstateSection[];
  /** Lines that could not be read (an unknown status, no UIDL, outside a section). */
  readonly unreadable: number;
}

export function parsePopstate(text: string): Popstate {
  const sections: Array<{ host: string; user: string; lines: PopstateLine[] }> = [];
  let current: (typeof sections)[number] | null = null;
  let unreadable = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      // The user runs to the end of the line: it may hold spaces.
      const m = /^\*([^ \t]+)[ \t]+(.+)$/.exec(line);
      current = m === null ? null : { host: m[1] as string, user: (m[2] as string).trim(), lines: [] };
      if (current === null) unreadable += 1;
      else sections.push(current);
      continue;
    }
    const [flag, uidl, seconds] = line.replace(/\t/g, ' ').split(' ').filter((s) => s !== '');
    if (current === null || uidl === undefined || (flag !== 'k' && flag !== 'd' && flag !== 'b' && flag !== 'f')) {
      unreadable += 1;
      continue;
    }
    const at = seconds !== undefined && /^\d{1,12}$/.test(seconds) ? Number(seconds) * 1000 : null;
    current.lines.push({ flag, uidl, downloadedAt: at });
  }
  return { sections, unreadable };
}

/** The account folder's popstate.dat, or null when there is none (nothing downloaded yet, or another client). */
export async function readPopstate(accountDir: string): Promise<Popstate | null> {
  try {
    return parsePopstate(await readFile(path.join(accountDir, 'popstate.dat'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The lines for one server: its own section (host and user as Thunderbird has them); without one,
 * every section's lines, as Thunderbird's current client reads the file. A UIDL listed twice keeps
 * its last line.
 */
export function linesFor(state: Popstate, host: string, user: string): PopstateLine[] {
  const own = state.sections.find((s) => s.host.toLowerCase() === host.toLowerCase() && s.user === user);
  const lines = own?.lines ?? state.sections.flatMap((s) => s.lines);
  return [...new Map(lines.map((l) => [l.uidl, l])).values()];
}

/** What Heron remembers for each Thunderbird status (see shared/model/pop-state.ts). */
const STATUS: Record<PopstateFlag, PopStatus> = {
  // Downloaded in full, still on the server.
  k: 'stored',
  // The person deleted it in Thunderbird (or a filter asked): removed from the server when the account says so.
  d: 'deleted-here',
  // Headers only; `f` is one the person asked to download whole, which Heron's "Download now" does.
  b: 'headers-only',
  f: 'headers-only',
};

export interface PopStateImport {
  readonly accountId: string;
  /** The local id to remember for a UIDL (the imported copy's id when one came with X-UIDL). */
  readonly localIdFor: (uidl: string) => string;
  /** The message's size when known (from an imported copy); Thunderbird does not record it. */
  readonly sizeFor?: (uidl: string) => number | undefined;
  /** For lines without a date: keep-N-days then counts from the import. */
  readonly now: number;
}

/**
 * Thunderbird's lines as Heron's POP state: nothing Thunderbird downloaded is downloaded again,
 * and "keep N days" counts from Thunderbird's download dates. A size Thunderbird never recorded is
 * 0: the planner matches by UIDL alone when the server lists it once, and fetches rather than
 * guesses when it lists it more than once.
 */
export function popStateEntries(lines: readonly PopstateLine[], options: PopStateImport): PopStateEntry[] {
  return lines.map((line) => ({
    accountId: options.accountId,
    uidl: line.uidl,
    localId: options.localIdFor(line.uidl),
    downloadedAt: line.downloadedAt ?? options.now,
    status: STATUS[line.flag],
    size: options.sizeFor?.(line.uidl) ?? 0,
  }));
}
