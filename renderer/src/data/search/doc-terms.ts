/**
 * What the index keeps of one message: the terms of its subject, people, body text and attachment
 * names, plus field terms (`f:` sender, `t:` recipients, `s:` subject) for the operators and for
 * ranking. The text comes from what the store already holds (the body the fetch worker read),
 * never from parsing the bytes again.
 */
import { bodyText } from '../../../../shared/model/body-text';
import type { Address } from '../../../../shared/model/message';
import { addressTerms, tokenize } from './tokenize';

/** Body text past this many characters is not indexed (a log file pasted into a message). */
export const MAX_INDEXED_TEXT = 100_000;

export const ATTACHMENT_TERM = 'has:attachment';

/** The parts of a message the index reads. */
export interface SearchSource {
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  readonly attachmentNames: readonly string[];
  readonly hasAttachments: boolean;
}

/** Stands between the fields of the phrase words, so no phrase runs from one field into the next. */
export const FIELD_GAP = '\u0000';

export function peopleWords(people: readonly Address[]): string[] {
  return tokenize(people.map((a) => `${a.name} ${a.address}`).join(' '));
}

/** The words a phrase anywhere in a message runs through, in order: subject, sender, recipients, body. */
export function phraseWords(s: Pick<SearchSource, 'subject' | 'from' | 'to' | 'cc'>, body: string): string[] {
  return [...tokenize(s.subject), FIELD_GAP, ...peopleWords(s.from ? [s.from] : []), FIELD_GAP, ...peopleWords([...s.to, ...s.cc]), FIELD_GAP, ...tokenize(body)];
}

const NO_POSITIONS: readonly number[] = [];

function peopleTerms(people: readonly Address[], prefix: string, into: Map<string, readonly number[]>): void {
  for (const p of people) {
    for (const t of [...tokenize(p.name), ...addressTerms(p.address)]) {
      if (!into.has(t)) into.set(t, NO_POSITIONS);
      into.set(prefix + t, NO_POSITIONS);
    }
  }
}

/**
 * Every distinct term of a message, each with its positions among the phrase words (none for the
 * field terms, the whole addresses and the attachment names, which no phrase runs through).
 */
export function docTerms(s: SearchSource): Map<string, readonly number[]> {
  const terms = new Map<string, readonly number[]>();
  const words = phraseWords(s, bodyText(s, MAX_INDEXED_TEXT));
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === FIELD_GAP) continue;
    const at = terms.get(w) as number[] | undefined;
    if (at) at.push(i);
    else terms.set(w, [i]);
  }
  for (const t of tokenize(s.subject)) terms.set(`s:${t}`, NO_POSITIONS);
  peopleTerms(s.from ? [s.from] : [], 'f:', terms);
  peopleTerms([...s.to, ...s.cc], 't:', terms);
  for (const name of s.attachmentNames) for (const t of tokenize(name)) if (!terms.has(t)) terms.set(t, NO_POSITIONS);
  if (s.hasAttachments) terms.set(ATTACHMENT_TERM, NO_POSITIONS);
  return terms;
}
