import { describe, expect, it } from 'vitest';
import { stripPrefixes, subjectKey } from './subject';

describe('stripPrefixes', () => {
  it.each([
    ['Re: Lunch', 'Lunch'],
    ['RE: Lunch', 'Lunch'],
    ['re:Lunch', 'Lunch'],
    ['Fwd: Lunch', 'Lunch'],
    ['FW: Lunch', 'Lunch'],
    ['AW: WG: Lunch', 'Lunch'],
    ['SV: Lunch', 'Lunch'],
    ['VS: Lunch', 'Lunch'],
    ['Ynt: Lunch', 'Lunch'],
    ['Odp: Lunch', 'Lunch'],
    ['回复: Lunch', 'Lunch'],
    ['回复：Lunch', 'Lunch'],
    ['答复: Lunch', 'Lunch'],
    ['轉寄: Lunch', 'Lunch'],
    ['Ré : Lunch', 'Lunch'],
    ['Re[2]: Lunch', 'Lunch'],
    ['Re(3): Re: Lunch', 'Lunch'],
    ['Отв: Lunch', 'Lunch'],
    ['TR: RE: Fwd: Lunch', 'Lunch'],
  ])('%s → %s', (subject, base) => {
    expect(stripPrefixes(subject)).toEqual({ base, prefixed: true });
  });

  it('leaves subjects that only look like prefixes', () => {
    expect(stripPrefixes('Your order')).toEqual({ base: 'Your order', prefixed: false });
    expect(stripPrefixes('Reading list: week 3')).toEqual({ base: 'Reading list: week 3', prefixed: false });
    expect(stripPrefixes('Renew: your plan')).toEqual({ base: 'Renew: your plan', prefixed: false });
    expect(stripPrefixes('I: am late')).toEqual({ base: 'I: am late', prefixed: false });
  });

  it('stops after a hundred prefixes', () => {
    const subject = 'Re: '.repeat(150) + 'x';
    expect(stripPrefixes(subject).base).toBe('Re: '.repeat(50) + 'x');
  });
});

describe('subjectKey', () => {
  it('folds case and whitespace', () => {
    expect(subjectKey('RE:  Quarterly   Report ')).toBe('quarterly report');
    expect(subjectKey('Re: ')).toBe('');
  });
});
