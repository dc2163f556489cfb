import { describe, expect, it } from 'vitest';
import { decodePositions, decodePostings, encodePostings, intersect, PostingBuilder, union } from './postings';

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

  it("keeps each document's word positions, and reads only the documents asked for", () => {
    const b = new PostingBuilder();
    b.add(3, [0, 7, 300]);
    b.add(9, []);
    b.add(200, [1, 2]);
    b.add(70_000, [129, 20_000]);
    expect([...decodePositions(b.encoded(), b.positions(), () => true)]).toEqual([[3, [0, 7, 300]], [9, []], [200, [1, 2]], [70_000, [129, 20_000]]]);
    expect([...decodePositions(b.encoded(), b.positions(), (d) => d === 200 || d === 70_000)]).toEqual([[200, [1, 2]], [70_000, [129, 20_000]]]);
  });

  it('intersects and unions', () => {
    expect(intersect([1, 3, 5, 7], [3, 4, 7, 9])).toEqual([3, 7]);
    expect(union([[1, 5], [2, 5, 9], []])).toEqual([1, 2, 5, 9]);
  });
});
