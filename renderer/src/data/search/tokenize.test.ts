import { describe, expect, it } from 'vitest';
import { addressTerms, fold, tokenize } from './tokenize';
import { htmlText } from '../../../../shared/model/body-text';
import { docTerms } from './doc-terms';

describe('tokenize', () => {
  it('folds case and diacritics, so resume finds Résumé', () => {
    expect(fold('Résumé')).toBe('resume');
    expect(tokenize('Your Résumé, NAÏVE café — Straße Ørsted Łódź')).toEqual(['your', 'resume', 'naive', 'cafe', 'strasse', 'orsted', 'lodz']);
  });

  it('cuts Chinese and Japanese text without spaces into overlapping pairs, and keeps a lone character', () => {
    expect(tokenize('会议纪要')).toEqual(['会议', '议纪', '纪要']);
    expect(tokenize('東京で会議')).toEqual(['東京', '京で', 'で会', '会議']);
    expect(tokenize('猫')).toEqual(['猫']);
    expect(tokenize('Report東京2024')).toEqual(['report', '東京', '2024']);
  });

  it('reads quoted reply lines like any other text: the > is no word', () => {
    expect(tokenize('> On Monday Ada wrote:\n>> the invoice is attached\n')).toEqual(['on', 'monday', 'ada', 'wrote', 'the', 'invoice', 'is', 'attached']);
  });

  it('keeps an address whole, its local part, its domain and every word in it', () => {
    expect(addressTerms('Ada.Lovelace@Example.org')).toEqual(['ada.lovelace@example.org', 'ada.lovelace', 'example.org', 'ada', 'lovelace', 'example', 'org']);
    expect(addressTerms('')).toEqual([]);
  });

  it('cuts plain ASCII text into its words and numbers, as the Unicode path does', () => {
    const text = 'Invoice #2025-07 for Q3: 1,200 EUR (ref ab12cd), see http://x.example/p?id=9';
    expect(tokenize(text)).toEqual(['invoice', '2025', '07', 'for', 'q3', '1', '200', 'eur', 'ref', 'ab12cd', 'see', 'http', 'x', 'example', 'p', 'id', '9']);
    // The same words with an accent somewhere take the Unicode path to the same terms.
    expect(tokenize(`${text} é`)).toEqual([...tokenize(text), 'e']);
  });

  it('leaves out runs longer than a word (encoded blobs)', () => {
    expect(tokenize(`ok ${'a'.repeat(41)} fine`)).toEqual(['ok', 'fine']);
  });
});

describe('docTerms', () => {
  it('indexes subject, people, body, attachment names and the field terms the operators use', () => {
    const terms = docTerms({
      from: { name: 'Zoë Quinn', address: 'zoe@quinn.dev' },
      to: [{ name: '', address: 'team@example.com' }],
      cc: [],
      subject: 'Budget 2025',
      text: null,
      html: '<style>p{color:red}</style><p>Caf&eacute; &amp; <b>r&eacute;sum&#233;</b></p>',
      attachmentNames: ['Plan-Q3.pdf'],
      hasAttachments: true,
    });
    for (const t of ['budget', 's:budget', 'zoe', 'f:zoe', 'f:zoe@quinn.dev', 'f:quinn.dev', 't:team@example.com', 'team', 'resume', 'plan', 'q3', 'pdf', 'has:attachment']) expect([...terms.keys()]).toContain(t);
    expect([...terms.keys()]).not.toContain('color');
    // Positions among the phrase words: subject, a gap, sender, a gap, recipients, a gap, body.
    expect(terms.get('budget')).toEqual([0]);
    expect(terms.get('zoe')).toEqual([3, 5]);
    expect(terms.get('cafe')).toEqual([13]);
    expect(terms.get('resume')).toEqual([14]);
    expect(terms.get('s:budget')).toEqual([]);
    expect(terms.get('plan')).toEqual([]);
  });

  it('reads an HTML body as text without its tags or scripts', () => {
    expect(htmlText('<script>alert(1)</script><div>Hi&nbsp;there</div>').trim()).toBe('Hi there');
  });
});
