import { describe, expect, it } from 'vitest';
import { followResults } from './use-reader-follows';

describe('followResults', () => {
  it('clears the reader when a new query leaves out the open message', () => {
    expect(followResults({ key: 'q1', ids: ['a', 'b'] }, 'q2', ['c', 'd'], 'a')).toEqual({ ids: ['c', 'd'], clear: true });
    expect(followResults(null, 'q1', ['c'], 'a')).toEqual({ ids: ['c'], clear: true });
  });

  it('leaves the reader alone when the open message is among the results, or nothing is open', () => {
    expect(followResults(null, 'q1', ['a', 'b'], 'b')).toEqual({ ids: ['a', 'b'], clear: false });
    expect(followResults(null, 'q1', ['a'], null)).toEqual({ ids: ['a'], clear: false });
  });

  it('keeps a message opened from the results at its place while the same query is up (read under is:unread)', () => {
    expect(followResults({ key: 'q', ids: ['a', 'b', 'c', 'd'] }, 'q', ['a', 'd'], 'c')).toEqual({ ids: ['a', 'c', 'd'], clear: false });
    expect(followResults({ key: 'q', ids: ['a', 'b'] }, 'q', ['b'], 'a')).toEqual({ ids: ['a', 'b'], clear: false });
  });
});
