import { describe, expect, it } from 'vitest';
import { chi2Q, classify, decisiveWords, emptyModel, train, wordProbability } from './bayes';
import { lazyHeaders } from '../rules/headers';
import { junkTokens } from './tokenize';

const spam = [
  'Cheap viagra pills, buy now and claim your free prize',
  'You won a free prize! Claim your lottery winnings now',
  'Buy cheap pills online, no prescription, free shipping',
];
const ham = [
  'Hi Alice, the quarterly report is attached, see you at the meeting',
  'Meeting moved to Thursday; the report needs one more review',
  'Lunch on Friday? The team wants to discuss the report',
];

function tokens(text: string) {
  return junkTokens({ subject: '', from: 'x@test.domain', text, html: null });
}

describe('chi2Q', () => {
  it('is the survival function of the chi-square distribution for even degrees of freedom', () => {
    expect(chi2Q(0, 2)).toBe(1);
    expect(chi2Q(2, 2)).toBeCloseTo(Math.exp(-1), 12);
    // Table value: P(X² ≥ 9.488 | v = 4) = 0.05.
    expect(chi2Q(9.488, 4)).toBeCloseTo(0.05, 3);
  });
});

describe('the filter', () => {
  it("pulls a rarely seen word toward 0.5 (Robinson's s = 0.45, x = 0.5)", () => {
    const m = emptyModel();
    m.good = 10;
    m.junk = 10;
    expect(wordProbability(m, 0, 1)).toBeCloseTo((0.45 * 0.5 + 1) / 1.45, 12);
    expect(wordProbability(m, 0, 10)).toBeGreaterThan(0.95);
  });

  it('learns from a few messages each way, and says which words decided', () => {
    const m = emptyModel();
    for (const s of spam) train(m, tokens(s), 'junk');
    for (const h of ham) train(m, tokens(h), 'good');
    const bad = classify(m, tokens('Claim your free viagra prize now'));
    expect(bad.verdict).toBe('junk');
    expect(decisiveWords(bad)).toEqual(expect.arrayContaining(['free', 'prize', 'claim', 'viagra']));
    const good = classify(m, tokens('The report for the meeting on Thursday'));
    expect(good.verdict).toBe('good');
    expect(decisiveWords(good)).toEqual(expect.arrayContaining(['report', 'meeting']));
  });

  it('says only words a person reads: a subject word once without its mark, no header or shape tokens', () => {
    const clue = (word: string, probability: number) => ({ word, probability });
    const score = {
      score: 0.99,
      verdict: 'junk' as const,
      clues: [clue('received-ip:203.0', 0.999), clue('subject:free', 0.99), clue('free', 0.98), clue('charset:koi8-r', 0.97), clue('skip:h30', 0.96), clue('report', 0.02), clue('from:prize', 0.95), clue('url:prize.example', 0.94), clue('casino', 0.93)],
    };
    expect(decisiveWords(score)).toEqual(['free', 'prize', 'casino']);
    expect(decisiveWords(score, 2)).toEqual(['free', 'prize']);
  });
  it('evidence both ways is unsure, and words never seen are no evidence', () => {
    const m = emptyModel();
    for (const s of spam) train(m, tokens(s), 'junk');
    for (const h of ham) train(m, tokens(h), 'good');
    expect(classify(m, tokens('free prize report meeting')).verdict).toBe('unsure');
    expect(classify(m, tokens('zebra xylophone')).score).toBe(0.5);
  });

  it('untraining undoes training exactly (a message moved back out of Junk)', () => {
    const m = emptyModel();
    train(m, tokens(ham[0]!), 'good');
    const before = JSON.stringify([m.good, m.junk, [...m.words]]);
    train(m, tokens(spam[0]!), 'junk');
    train(m, tokens(spam[0]!), 'junk', -1);
    expect(JSON.stringify([m.good, m.junk, [...m.words]])).toBe(before);
  });
});

describe('tokens', () => {
  it('marks subject and sender words, keeps link hosts, and counts a word once', () => {
    const t = junkTokens({ subject: 'Free FREE offer', from: 'Deals <deals@promo.example.com>', text: 'see http://click.promo.example.com/x free', html: null });
    expect(t).toEqual(expect.arrayContaining(['subject:free', 'subject:offer', 'from-domain:promo.example.com', 'url:click.promo.example.com', 'url:example.com', 'free']));
    expect(t.filter((w) => w === 'subject:free')).toHaveLength(1);
  });
  it("reads the header evidence SpamBayes reads: charset, transfer encoding, recipients, the relays' networks, missing headers", () => {
    const raw = Uint8Array.from(
      'Received: from relay (relay [198.51.100.23]) by mx.test.domain\r\nReceived: from mx (mx [192.0.2.1])\r\n' +
        'From: a@b.example\r\nTo: x@test.domain, y@test.domain\r\nCc: z@test.domain\r\nSubject: hi\r\n' +
        'Content-Type: text/plain; charset="Windows-1252"\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\nbody\r\n',
      (c) => c.charCodeAt(0),
    );
    const t = junkTokens({ subject: 'hi', from: 'a@b.example', text: 'body', html: null, header: lazyHeaders(() => raw) });
    expect(t).toEqual(expect.arrayContaining(['charset:windows-1252', 'encoding:quoted-printable', 'recipients:3', 'received-ip:198.51', 'received-ip:198.51.100', 'received-ip:192.0.2', 'has-not:date', 'has-not:message-id']));
    expect(t.filter((w) => w.startsWith('received-ip:'))).toHaveLength(4);
  });
});
