/**
 * bench:search's mail: deterministic, generated message by message (nothing held for the whole
 * store), shaped like a person's years of mail: Zipf-distributed words from a vocabulary of
 * about 30,000 (common English, names, invented terms, numbers), accented words, a few messages
 * in Chinese or Japanese, quoted replies, recipients, attachments with names, dates over five
 * years. The same index gives the same message in the page and in the worker.
 */

const COMMON = `the of and to a in is it you that he was for on are with as i his they be at one have this from or had by not word but what some we can out other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side been now find any new work part take get place made live where after back little only round man year came show every good me give our under name very through just form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set three want air well also play small end put home read hand port large spell add even land here must big high such follow act why ask men change went light kind off need house picture try us again animal point mother world near build self earth father head stand own page should country found answer school grow study still learn plant cover food sun four between state keep eye never last let thought city tree cross farm hard start might story saw far sea draw left late run while press close night real life few north open seem together next white children begin got walk example ease paper group always music those both mark often letter until mile river car feet care second book carry took science eat room friend began idea fish mountain stop once base hear horse cut sure watch color face wood main enough plain girl usual young ready above ever red list though feel talk bird soon body dog family direct pose leave song measure door product black short numeral class wind question happen complete ship area half rock order fire south problem piece told knew pass since top whole king space heard best hour better true during hundred five remember step early hold west ground interest reach fast verb sing listen six table travel less morning ten simple several vowel toward war lay against pattern slow center love person money serve appear road map rain rule govern pull cold notice voice unit power town fine certain fly fall lead cry dark machine note wait plan figure star box noun field rest correct able pound done beauty drive stood contain front teach week final gave green oh quick develop ocean warm free minute strong special mind behind clear tail produce fact street inch multiply nothing course stay wheel full force blue object decide surface deep moon island foot system busy test record boat common gold possible plane stead dry wonder laugh thousand ago ran check game shape equate hot miss brought heat snow tire bring yes distant fill east paint language among invoice report meeting budget quarterly review deadline project schedule contract proposal release customer account payment shipping delivery conference agenda minutes draft migration server backup`.split(/\s+/);
const ACCENTED = ['résumé', 'café', 'naïve', 'Zürich', 'München', 'Grüße', 'façade', 'crème', 'Ångström', 'São', 'señor', 'déjà', 'coöperate', 'Ærø', 'Łódź', 'Straße'];
const CJK = ['会议纪要已经发送，请查收。', '明天下午三点开会讨论预算。', '東京での打ち合わせは来週です。', '請求書を添付しました。ご確認ください。', '项目进度报告见附件。'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'John', 'Radia', 'Tim', 'Katherine', 'Dennis', 'Sophie', 'Zoë', 'Jürgen', 'Hélène', 'Yuki', 'Wei', 'Priya', 'Olu', 'Mateo', 'Ingrid'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen', 'Backus', 'Perlman', 'Berners-Lee', 'Johnson', 'Ritchie', 'Wilson', 'Müller', 'Dubois', 'Tanaka', 'Zhang', 'Sharma', 'Adeyemi', 'García', 'Larsen', 'Quinn'];
const DOMAINS = ['example.org', 'mail.example.com', 'corp.example.net', 'university.example.edu', 'shop.example', 'lists.example.org'];
const EXT = ['pdf', 'docx', 'xlsx', 'png', 'jpg', 'zip', 'csv', 'pptx'];
const SYL = ['ka', 'lo', 'mer', 'tin', 'vo', 'ra', 'sel', 'dor', 'phi', 'qua', 'zen', 'bri', 'cal', 'nex', 'tor', 'ul', 'vi', 'gra', 'mon', 'shi'];

export const YEARS = 5;
export const END = Date.UTC(2026, 0, 1);
const SPAN = YEARS * 365 * 86_400_000;

/**
 * mulberry32, seeded per message, so message i is the same wherever it is made. (e2e/servers/
 * messages.ts has the same one, but that module needs Node's Buffer at load; this runs in a page.)
 */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The vocabulary: common words first (most frequent), then invented terms (the long tail). */
export const VOCABULARY: readonly string[] = (() => {
  const words = [...COMMON];
  const r = rng(7);
  while (words.length < 30_000) {
    let w = '';
    const n = 2 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) w += SYL[Math.floor(r() * SYL.length)];
    words.push(w);
  }
  return words;
})();

/** Zipf(1) over the vocabulary, by inverting the harmonic CDF approximately. */
function zipfWord(r: () => number): string {
  const n = VOCABULARY.length;
  const h = Math.log(n) + 0.5772;
  const k = Math.min(n - 1, Math.floor(Math.exp(r() * h - 0.5772)) - 1);
  return VOCABULARY[Math.max(0, k)] as string;
}

export interface BenchMail {
  readonly id: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly to: ReadonlyArray<{ readonly name: string; readonly address: string }>;
  readonly subject: string;
  readonly text: string;
  readonly date: number;
  readonly attachments: readonly string[];
}

function person(r: () => number): { name: string; address: string } {
  const first = FIRST[Math.floor(r() * FIRST.length)] as string;
  const last = LAST[Math.floor(r() * LAST.length)] as string;
  const domain = DOMAINS[Math.floor(r() * DOMAINS.length)] as string;
  const local = `${first}.${last}`.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z.-]/g, '');
  return { name: `${first} ${last}`, address: `${local}@${domain}` };
}

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(r() < 0.01 ? (ACCENTED[Math.floor(r() * ACCENTED.length)] as string) : r() < 0.02 ? String(Math.floor(r() * 10_000)) : zipfWord(r));
  const s = out.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

/** Message number `i` of the bench's store (ids sort in arrival order; dates mostly rise with it). */
export function benchMail(i: number, total: number): BenchMail {
  const r = rng(i * 2654435761);
  const paragraphs: string[] = [];
  const n = 2 + Math.floor(r() * 5);
  for (let p = 0; p < n; p++) {
    const sentences: string[] = [];
    const m = 2 + Math.floor(r() * 5);
    for (let s = 0; s < m; s++) sentences.push(sentence(r, 6 + Math.floor(r() * 14)));
    paragraphs.push(sentences.join(' '));
  }
  if (r() < 0.03) paragraphs.push(CJK[Math.floor(r() * CJK.length)] as string);
  const from = person(r);
  if (r() < 0.3) paragraphs.push(`On a weekday, ${from.name} wrote:\n> ${sentence(r, 12)}\n> ${sentence(r, 10)}`);
  const attachments = r() < 0.1 ? [`${zipfWord(r)}-${Math.floor(r() * 100)}.${EXT[Math.floor(r() * EXT.length)] as string}`] : [];
  const to = [person(r), ...(r() < 0.3 ? [person(r)] : [])];
  // Mostly in arrival order, with some jitter (mail arrives late, imports are out of order).
  const date = Math.round(END - SPAN + (SPAN * i) / total + (r() - 0.5) * 3 * 86_400_000);
  const subject = `${r() < 0.3 ? 'Re: ' : ''}${sentence(r, 3 + Math.floor(r() * 5)).slice(0, -1)}`;
  return { id: `m${String(i).padStart(7, '0')}`, from, to, subject, text: paragraphs.join('\n\n'), date, attachments };
}
