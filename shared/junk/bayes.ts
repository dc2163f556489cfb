/**
 * The junk filter's arithmetic (issue 19, "Junk filter"): Gary Robinson's word probabilities
 * combined with Fisher's chi-square method, as Thunderbird's nsBayesianFilter and SpamBayes do.
 *
 * Each known word gets a spam probability f(w) from how often it appeared in mail the person
 * called junk and mail they called good, pulled toward 0.5 when it was seen rarely (Robinson's
 * s and x). The most decisive words (furthest from 0.5) are combined twice with Fisher's
 * inverse chi-square, once for "spammy" and once for "hammy"; the score is (S − H + 1) / 2, so
 * evidence both ways lands near 0.5: unsure, rather than a guess.
 *
 * The model is plain data (counts per word), stored locally (renderer/src/data/junk-repo.ts).
 */

export interface JunkModel {
  /** Messages trained as good and as junk. */
  good: number;
  junk: number;
  /** word → [times in good mail, times in junk]. */
  readonly words: Map<string, [number, number]>;
}

export type JunkVerdict = 'junk' | 'unsure' | 'good';

export interface JunkClue {
  readonly word: string;
  /** The word's spam probability f(w). */
  readonly probability: number;
}

export interface JunkScore {
  /** 0 = surely good, 1 = surely junk. */
  readonly score: number;
  readonly verdict: JunkVerdict;
  /** The most decisive words, most decisive first (what the reader shows). */
  readonly clues: readonly JunkClue[];
}

export interface JunkThresholds {
  /** At or above: junk. */
  readonly junk: number;
  /** Below: good; between: unsure. */
  readonly good: number;
}

export const DEFAULT_THRESHOLDS: JunkThresholds = { junk: 0.9, good: 0.2 };

/** Robinson's strength of the background belief x, and that belief. */
const S = 0.45;
const X = 0.5;
/** Words closer to 0.5 than this say nothing. */
const MIN_DISTANCE = 0.1;
const MAX_CLUES = 150;
/** Until the person trained this many of each, the filter does not judge. */
export const MIN_TRAINED = 1;

export function emptyModel(): JunkModel {
  return { good: 0, junk: 0, words: new Map() };
}

/** Adds (`by` 1) or removes (`by` −1) one message's words as good or junk. */
export function train(model: JunkModel, words: readonly string[], as: 'good' | 'junk', by: 1 | -1 = 1): void {
  if (as === 'good') model.good = Math.max(0, model.good + by);
  else model.junk = Math.max(0, model.junk + by);
  countWords(model, words, as, by);
}

/** Adds or removes words of a message already counted (words a newer tokenizer reads in it). */
export function countWords(model: JunkModel, words: readonly string[], as: 'good' | 'junk', by: 1 | -1 = 1): void {
  const i = as === 'good' ? 0 : 1;
  for (const w of new Set(words)) {
    const counts = model.words.get(w) ?? [0, 0];
    counts[i] = Math.max(0, counts[i] + by);
    if (counts[0] === 0 && counts[1] === 0) model.words.delete(w);
    else model.words.set(w, counts);
  }
}

export function wordProbability(model: JunkModel, good: number, junk: number): number {
  const g = good / Math.max(1, model.good);
  const b = junk / Math.max(1, model.junk);
  const p = g + b === 0 ? X : b / (g + b);
  const n = good + junk;
  return (S * X + n * p) / (S + n);
}

/** Fisher: the probability that a chi-square with `v` (even) degrees of freedom reaches `x2`. */
export function chi2Q(x2: number, v: number): number {
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < v / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

export function trained(model: JunkModel): boolean {
  return model.good >= MIN_TRAINED && model.junk >= MIN_TRAINED;
}

export function classify(model: JunkModel, words: readonly string[], thresholds: JunkThresholds = DEFAULT_THRESHOLDS): JunkScore {
  const clues: JunkClue[] = [];
  for (const w of new Set(words)) {
    const counts = model.words.get(w);
    if (counts === undefined) continue;
    const f = wordProbability(model, counts[0], counts[1]);
    if (Math.abs(f - 0.5) >= MIN_DISTANCE) clues.push({ word: w, probability: f });
  }
  clues.sort((a, b) => Math.abs(b.probability - 0.5) - Math.abs(a.probability - 0.5) || a.word.localeCompare(b.word));
  const used = clues.slice(0, MAX_CLUES);
  if (used.length === 0) return { score: 0.5, verdict: verdictOf(0.5, thresholds), clues: [] };
  let lnSpam = 0;
  let lnHam = 0;
  for (const c of used) {
    lnSpam += Math.log(1 - c.probability);
    lnHam += Math.log(c.probability);
  }
  const n = used.length;
  const spam = 1 - chi2Q(-2 * lnSpam, 2 * n);
  const ham = 1 - chi2Q(-2 * lnHam, 2 * n);
  const score = (spam - ham + 1) / 2;
  return { score, verdict: verdictOf(score, thresholds), clues: used };
}

function verdictOf(score: number, t: JunkThresholds): JunkVerdict {
  if (score >= t.junk) return 'junk';
  return score < t.good ? 'good' : 'unsure';
}

/**
 * The words that pushed the score the way it went, for people: "free", "viagra" — a subject or
 * sender word without its mark, once, and no header or shape tokens ("received-ip:…", "skip:…").
 */
export function decisiveWords(score: JunkScore, max = 8): string[] {
  const towardJunk = score.score >= 0.5;
  const words = new Set<string>();
  for (const c of score.clues) {
    if (words.size === max) break;
    if (towardJunk ? c.probability <= 0.5 : c.probability >= 0.5) continue;
    const word = c.word.replace(/^(subject|from):/, '');
    if (!word.includes(':')) words.add(word);
  }
  return [...words];
}
