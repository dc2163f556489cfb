import { describe, expect, it } from 'vitest';
import { child, childText, parseXml, XmlError } from './xml';

function errorOf(input: string, limits = {}): string {
  try {
    parseXml(input, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(XmlError);
    return (error as Error).message;
  }
  throw new Error('expected the parser to refuse the input');
}

describe('parseXml', () => {
  it('reads elements, attributes, text, comments, CDATA and the XML declaration', () => {
    const doc = parseXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><clientConfig version="1.1">\n' +
        "  <emailProvider id='example.com'><domain>example.com</domain><x a=\"1\" b='2'/>" +
        '<t><![CDATA[a<b&c]]> &amp; &lt;&gt;&quot;&apos; &#65;&#x42;</t></emailProvider>\n</clientConfig>\n',
    );
    expect(doc.name).toBe('clientConfig');
    expect(doc.attributes).toEqual({ version: '1.1' });
    const provider = child(doc, 'emailProvider');
    expect(provider?.attributes.id).toBe('example.com');
    expect(childText(provider!, 'domain')).toBe('example.com');
    expect({ ...child(provider!, 'x')?.attributes }).toEqual({ a: '1', b: '2' });
    expect(child(provider!, 't')?.text).toBe('a<b&c & <>"\' AB');
  });

  it('keeps a hostile __proto__ attribute as a plain key', () => {
    const doc = parseXml('<a __proto__="x" constructor="y"/>');
    expect(doc.attributes['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(doc.attributes)).toBeNull();
  });

  it('refuses a DOCTYPE, so no entity can be defined or expanded', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(errorOf(bomb)).toBe('A DOCTYPE is not allowed (autoconfig files never need one, and it can hide entity attacks) (line 1, column 22)');
    expect(errorOf('<!doctype x SYSTEM "file:///etc/passwd"><x/>')).toMatch(/^A DOCTYPE is not allowed/);
  });

  it('refuses unknown and external entities and bare ampersands', () => {
    expect(errorOf('<a>&xxe;</a>')).toBe('Unknown entity "&xxe;" (only the five predefined entities and &#…; are allowed) (line 1, column 4)');
    expect(errorOf('<a>fish & chips</a>')).toBe('An "&" must start an entity such as &amp; (line 1, column 9)');
    expect(errorOf('<a>&#0;</a>')).toMatch(/^Character reference "&#0;" is not a valid XML character/);
    expect(errorOf('<a>&#xD800;</a>')).toMatch(/is not a valid XML character/);
  });

  it('caps nesting depth, element count and size', () => {
    const deep = '<a>'.repeat(40) + '</a>'.repeat(40);
    expect(errorOf(deep)).toBe('Elements nested too deeply (more than 32 levels) (line 1, column 97)');
    expect(errorOf(`<r>${'<e/>'.repeat(5000)}</r>`)).toMatch(/^Too many elements \(more than 4096\)/);
    const huge = `<r>${'x'.repeat(300 * 1024)}</r>`;
    expect(errorOf(huge)).toBe(`The document is too large (${huge.length} characters; at most 262144 are read)`);
    expect(errorOf('<r>abc</r>', { maxChars: 5 })).toMatch(/^The document is too large/);
  });

  it('names what is wrong in malformed documents', () => {
    expect(errorOf('<a><b></a>')).toBe('Closing tag </a> does not match <b> (line 1, column 7)');
    expect(errorOf('<a>\n<b>')).toBe('Element <b> is never closed (line 2, column 4)');
    expect(errorOf('<a x="1" x="2"/>')).toMatch(/^Attribute "x" appears twice in <a>/);
    expect(errorOf('<a x=1/>')).toMatch(/^The value of "x" in <a> must be quoted/);
    expect(errorOf('<a x="<"/>')).toMatch(/^"<" in the value of "x" in <a>/);
    expect(errorOf('<a/><b/>')).toMatch(/^A second root element <b>/);
    expect(errorOf('hello <a/>')).toMatch(/^Text outside the root element/);
    expect(errorOf('')).toBe('The document has no root element');
    expect(errorOf('<a><!-- never closed</a>')).toMatch(/^Unclosed comment/);
    expect(errorOf('<a><![CDATA[x</a>')).toMatch(/^Unclosed CDATA section/);
    expect(errorOf('<a')).toMatch(/^Unclosed tag <a/);
    expect(errorOf('</a>')).toMatch(/^Closing tag <\/a> has no matching opening tag/);
    expect(errorOf('<a/><?xml version="1.0"?>')).toMatch(/^The XML declaration must come first/);
    expect(errorOf('<html><body>Not found</body>')).toBe('Element <html> is never closed (line 1, column 29)');
  });

  it('reports the line of an error on a later line', () => {
    expect(errorOf('<a>\n  <b>\n  </c>\n</a>')).toBe('Closing tag </c> does not match <b> (line 3, column 3)');
  });
});
