import { describe, expect, it } from 'vitest';
import { matchRanges } from './highlight';

describe('matchRanges', () => {
  it('marks the folded word where it starts a word, in the original text', () => {
    const text = 'Attached: my Résumé (RESUME-2).';
    expect(matchRanges(text, ['resume']).map(([s, e]) => text.slice(s, e))).toEqual(['Résumé', 'RESUME']);
    expect(matchRanges('presumed', ['resume'])).toEqual([]);
  });

  it('marks a phrase and unspaced script anywhere, merging overlaps', () => {
    const text = '会议纪要: the quarterly report';
    expect(matchRanges(text, ['议纪', '会议', 'quarterly report']).map(([s, e]) => text.slice(s, e))).toEqual(['会议纪', 'quarterly report']);
  });
});
