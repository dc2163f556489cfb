import { describe, expect, it } from 'vitest';
import { decodePostings, encodePostings, intersect, PostingBuilder, union } from './postings';

describe('postings', () => {
  it('round-trips ascending numbers, small and large gaps', () => {
    const docs = [0, 1, 2, 130, 20_000, 2_000_000, 2_000_001];
    expect(decodePostings(encodePostings(docs))).toEqual(docs);
  });

  it('costs a byte per posting for a common word', () => {
    const b = new PostingBuilder();
    for (let i = 0; i < 1000; i += 2) b.add(i);
    expect(b.encoded().byteLength).toBe(500);
    expect(b.count).toBe(500);
  });

  it('intersects and unions', () => {
    expect(intersect([1, 3, 5, 7], [3, 4, 7, 9])).toEqual([3, 7]);
    expect(union([[1, 5], [2, 5, 9], []])).toEqual([1, 2, 5, 9]);
  });
});
