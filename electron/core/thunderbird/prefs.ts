/**
 * Thunderbird's `prefs.js` (Mozilla's preference file): statements
 * `user_pref("name", value);` (also `pref(` and `sticky_pref(`), in any order, the value a string
 * in single or double quotes with `\\ \" \' \n \r \xHH \uHHHH` escapes, a number, true or false;
 * comments `//`, `#` and `/* … *\/`. A statement that cannot be read is left out and counted; it
 * never stops the others. Later statements win, as in Thunderbird.
 */

export type PrefValue = string | number | boolean;

export interface Prefs {
  readonly values: ReadonlyMap<string, PrefValue>;
  /** Statements that could not be read. */
  readonly unreadable: number;
}

export function parsePrefs(text: string): Prefs {
  const values = new Map<string, PrefValue>();
  let unreadable = 0;
  const p = new PrefsLexer(text);
  for (;;) {
    p.skipSpace();
    if (p.done()) break;
    const start = p.at;
    try {
      const name = p.ident();
      if (name !== 'user_pref' && name !== 'pref' && name !== 'sticky_pref') throw new Error(`unknown statement ${name}`);
      p.expect('(');
      const key = p.string();
      p.expect(',');
      const value = p.value();
      p.skipSpace();
      // Attributes after the value (`, locked`, `, sticky`) change nothing Heron reads.
      while (p.peek() === ',') {
        p.expect(',');
        p.ident();
        p.skipSpace();
      }
      p.expect(')');
      p.expect(';');
      values.set(key, value);
    } catch {
      unreadable += 1;
      p.recover(start);
    }
  }
  return { values, unreadable };
}

/** A string pref; absent or of another type gives `fallback`. */
export function prefString(prefs: Prefs, name: string, fallback = ''): string {
  const v = prefs.values.get(name);
  return typeof v === 'string' ? v : fallback;
}

/** An integer pref (Thunderbird also writes some numbers as strings). */
export function prefInt(prefs: Prefs, name: string, fallback: number): number {
  const v = prefs.values.get(name);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return fallback;
}

export function prefBool(prefs: Prefs, name: string, fallback: boolean): boolean {
  const v = prefs.values.get(name);
  return typeof v === 'boolean' ? v : fallback;
}

/** A comma-separated list pref (`mail.accountmanager.accounts`), empty items dropped. */
export function prefList(prefs: Prefs, name: string): string[] {
  return prefString(prefs, name)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

class PrefsLexer {
  at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string {
    return this.text[this.at] ?? '';
  }

  skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\ufeff') this.at += 1;
      else if (c === '#' || this.text.startsWith('//', this.at)) this.skipPast('\n');
      else if (this.text.startsWith('/*', this.at)) this.skipPast('*/');
      else return;
    }
  }

  private skipPast(end: string): void {
    const i = this.text.indexOf(end, this.at);
    this.at = i === -1 ? this.text.length : i + end.length;
  }

  expect(c: string): void {
    this.skipSpace();
    if (this.peek() !== c) throw new Error(`expected ${c}`);
    this.at += 1;
  }

  ident(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at, this.at + 64));
    if (m === null) throw new Error('expected a name');
    this.at += m[0].length;
    return m[0];
  }

  value(): PrefValue {
    this.skipSpace();
    const c = this.peek();
    if (c === '"' || c === "'") return this.string();
    const m = /^(true|false|[+-]?\d+)/.exec(this.text.slice(this.at, this.at + 32));
    if (m === null) throw new Error('expected a value');
    this.at += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : Number(m[0]);
  }

  string(): string {
    this.skipSpace();
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") throw new Error('expected a string');
    this.at += 1;
    let out = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) throw new Error('unterminated string');
      this.at += 1;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.at];
      this.at += 1;
      if (e === 'n') out += '\n';
      else if (e === 'r') out += '\r';
      else if (e === 'x') out += String.fromCharCode(this.hex(2));
      else if (e === 'u') out += String.fromCharCode(this.hex(4));
      else if (e === '\\' || e === '"' || e === "'") out += e;
      else throw new Error('unknown escape');
    }
  }

  private hex(digits: number): number {
    const h = this.text.slice(this.at, this.at + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(h)) throw new Error('bad escape');
    this.at += digits;
    return parseInt(h, 16);
  }

  /** After an unreadable statement: on past its `;` (outside strings), or to the next line. */
  recover(start: number): void {
    const semicolon = this.text.indexOf(';', start);
    const newline = this.text.indexOf('\n', start);
    const ends = [semicolon, newline].filter((i) => i !== -1);
    this.at = ends.length === 0 ? this.text.length : Math.min(...ends) + 1;
  }
}
