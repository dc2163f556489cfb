/**
 * A small, strict XML parser for the subset autoconfig files use: elements, attributes, text,
 * comments, CDATA, the five predefined entities and numeric character references.
 *
 * Autoconfig XML comes from the network, so it is hostile: a DOCTYPE (and with it every
 * entity-expansion trick) is refused outright, input size, nesting depth and element count are
 * capped, and anything malformed throws an XmlError naming what is wrong and where.
 */

export interface XmlElement {
  readonly name: string;
  /** Prototype-less, so a hostile attribute named `__proto__` is just a key. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (not its descendants'), entities decoded, CDATA included. */
  readonly text: string;
}

export interface XmlLimits {
  /** Characters of input; default 256 KiB (a real config is a few KiB). */
  readonly maxChars?: number;
  readonly maxDepth?: number;
  readonly maxElements?: number;
}

export class XmlError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(line > 0 ? `${message} (line ${line}, column ${column})` : message);
    this.name = 'XmlError';
    this.line = line;
    this.column = column;
  }
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const WS = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Building {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function parseXml(input: string, limits: XmlLimits = {}): XmlElement {
  const maxChars = limits.maxChars ?? 256 * 1024;
  const maxDepth = limits.maxDepth ?? 32;
  const maxElements = limits.maxElements ?? 4096;
  if (input.length > maxChars) {
    throw new XmlError(`The document is too large (${input.length} characters; at most ${maxChars} are read)`, 0, 0);
  }
  let pos = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Building[] = [];
  let root: XmlElement | null = null;
  let elements = 0;

  const fail = (message: string, at = pos): never => {
    const before = input.slice(0, at);
    const line = before.split('\n').length;
    throw new XmlError(message, line, at - before.lastIndexOf('\n'));
  };

  const skipWs = () => {
    WS.lastIndex = pos;
    WS.exec(input);
    pos = WS.lastIndex;
  };

  const readName = (what: string): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(input);
    if (!m) return fail(`Expected ${what}`);
    pos = NAME.lastIndex;
    return m[0];
  };

  const decode = (raw: string, start: number): string => {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string, offset: number) => {
      if (!whole.endsWith(';')) return fail('An "&" must start an entity such as &amp;', start + offset);
      const named = PREDEFINED[ref];
      if (named !== undefined) return named;
      const num = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (!num) return fail(`Unknown entity "&${ref};" (only the five predefined entities and &#…; are allowed)`, start + offset);
      const code = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2] ?? '', 10);
      const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!allowed) return fail(`Character reference "&${ref};" is not a valid XML character`, start + offset);
      return String.fromCodePoint(code);
    });
  };

  const addText = (text: string, at: number) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
    else if (text.trim() !== '') fail('Text outside the root element', at);
  };

  while (pos < input.length) {
    const lt = input.indexOf('<', pos);
    if (lt === -1) {
      addText(decode(input.slice(pos), pos), pos);
      pos = input.length;
      break;
    }
    if (lt > pos) {
      const raw = input.slice(pos, lt);
      if (raw.includes(']]>')) fail('"]]>" is not allowed in text', pos + raw.indexOf(']]>'));
      addText(decode(raw, pos), pos);
    }
    pos = lt;
    if (input.startsWith('<!--', pos)) {
      const end = input.indexOf('-->', pos + 4);
      if (end === -1) fail('Unclosed comment');
      pos = end + 3;
    } else if (input.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const end = input.indexOf(']]>', pos + 9);
      if (end === -1) fail('Unclosed CDATA section');
      addText(input.slice(pos + 9, end), pos);
      pos = end + 3;
    } else if (/^<!DOCTYPE/i.test(input.slice(pos, pos + 9))) {
      // No DTD means no entity definitions, so no billion-laughs and no external entities.
      fail('A DOCTYPE is not allowed (autoconfig files never need one, and it can hide entity attacks)');
    } else if (input.startsWith('<!', pos)) {
      fail('Unexpected "<!" markup');
    } else if (input.startsWith('<?', pos)) {
      const end = input.indexOf('?>', pos + 2);
      if (end === -1) fail('Unclosed processing instruction');
      const isDecl = /^<\?xml[ \t\r\n?]/i.test(input.slice(pos, pos + 6));
      if (isDecl && (root !== null || stack.length > 0 || input.slice(0, pos).replace(/^\uFEFF/, '').trim() !== '')) {
        fail('The XML declaration must come first');
      }
      pos = end + 2;
    } else if (input.startsWith('</', pos)) {
      const tagStart = pos;
      pos += 2;
      const name = readName('an element name after "</"');
      skipWs();
      if (input[pos] !== '>') fail(`Expected ">" to close </${name}`);
      pos += 1;
      const open = stack.pop();
      if (!open) fail(`Closing tag </${name}> has no matching opening tag`, tagStart);
      else if (open.name !== name) fail(`Closing tag </${name}> does not match <${open.name}>`, tagStart);
      else finish(open);
    } else {
      const tagStart = pos;
      pos += 1;
      const name = readName('an element name after "<"');
      if (root !== null && stack.length === 0) fail(`A second root element <${name}> (a document has exactly one)`);
      elements += 1;
      if (elements > maxElements) fail(`Too many elements (more than ${maxElements})`, tagStart);
      if (stack.length + 1 > maxDepth) fail(`Elements nested too deeply (more than ${maxDepth} levels)`, tagStart);
      const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
      for (;;) {
        const hadWs = pos;
        skipWs();
        const c = input[pos];
        if (c === '>' || c === '/') break;
        if (c === undefined) fail(`Unclosed tag <${name}`);
        if (hadWs === pos) fail(`Expected a space before the attribute in <${name}>`);
        const attr = readName(`an attribute name in <${name}>`);
        skipWs();
        if (input[pos] !== '=') fail(`Attribute "${attr}" in <${name}> has no value`);
        pos += 1;
        skipWs();
        const quote = input[pos];
        if (quote !== '"' && quote !== "'") fail(`The value of "${attr}" in <${name}> must be quoted`);
        const end = input.indexOf(quote as string, pos + 1);
        if (end === -1) fail(`Unclosed value of "${attr}" in <${name}>`);
        const raw = input.slice(pos + 1, end);
        if (raw.includes('<')) fail(`"<" in the value of "${attr}" in <${name}>`);
        if (Object.hasOwn(attributes, attr)) fail(`Attribute "${attr}" appears twice in <${name}>`);
        attributes[attr] = decode(raw, pos + 1).replace(/[\t\r\n]/g, ' ');
        pos = end + 1;
      }
      const building: Building = { name, attributes, children: [], text: '' };
      if (input[pos] === '/') {
        if (input[pos + 1] !== '>') fail(`Expected "/>" in <${name}>`);
        pos += 2;
        finish(building);
      } else {
        pos += 1;
        stack.push(building);
      }
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) fail(`Element <${unclosed.name}> is never closed`);
  if (root === null) throw new XmlError('The document has no root element', 0, 0);
  return root;

  function finish(element: Building): void {
    const done: XmlElement = element;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(done);
    else root = done;
  }
}

/** The first child element with this name. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** Trimmed text of the first child with this name, or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
  const c = child(element, name);
  return c === undefined ? undefined : c.text.trim();
}
