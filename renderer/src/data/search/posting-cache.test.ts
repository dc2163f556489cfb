import { describe, expect, it } from 'vitest';
import { DocTable } from './doc-table';
import { PostingCache } from './posting-cache';
import { newestFirst } from './run-search';

const part = (bytes: number) => [0, new Uint8Array(bytes), new Uint8Array(0)] as const;

describe('PostingCache', () => {
  it('drops the least recently used terms past its bound, decoded lists counted', () => {
    const cache = new PostingCache(100);
    const a = cache.put('a', [part(40)], 0);
    cache.put('b', [part(40)], 0);
    cache.get('a');
    cache.decoded('a', a, [1, 2]);
    expect(cache.size).toBe(96);
    cache.put('c', [part(40)], 0);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.decoded).toEqual([1, 2]);
    expect(cache.get('c')).toBeDefined();
  });

  it('does not keep rows read before a clear (the index was written meanwhile)', () => {
    const cache = new PostingCache();
    const generation = cache.generation;
    cache.clear();
    expect(cache.put('a', [part(4)], generation).parts).toHaveLength(1);
    expect(cache.get('a')).toBeUndefined();
    cache.put('a', [part(4)], cache.generation);
    expect(cache.get('a')).toBeDefined();
  });
});

describe('newestFirst', () => {
  it('orders as the comparator does: newest first to the millisecond, equal dates the later document first', () => {
    const docs = new DocTable();
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 3000; i++) docs.add(`m${i}`, Date.UTC(2024, 0, 1) + rand(5000) * 250 + (rand(4) === 0 ? 0 : rand(1000)), 'a', 'inbox', 0);
    const hits = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 3 !== 1);
    const expected = [...hits].sort((a, b) => (docs.dates[b] as number) - (docs.dates[a] as number) || b - a);
    expect(newestFirst(docs, hits)).toEqual(expected);
  });
});
