/**
 * Sanitizing in bounded steps, so a message of any size never holds the window's thread long
 * (the reader runs the steps between frames, see sanitize.ts `sanitizeHtml`).
 *
 * The HTML is parsed into an inert document (no browsing context: nothing runs, nothing loads)
 * by `document.write` in chunks — the browser's own parser, fed incrementally. The body's content
 * is then sanitized by DOMPurify in batches of sibling subtrees of bounded size. An element too
 * large for one batch is sanitized as a "shell": a shallow copy holding only a marker element;
 * where DOMPurify leaves the marker, the element's children go (they are sanitized in turn), so
 * every node meets DOMPurify exactly once, with the same result as one call on the whole. The
 * output is the concatenation of the serialized pieces, which is the serialization of the whole.
 */

export interface SliceHooks {
  /** DOMPurify on a container's content, in place: the content's sanitized serialization. */
  purify(container: Element): string;
  /** A subtree dropped with its element (the marker did not survive): count what it would fetch. */
  dropped(node: Element): void;
}

export interface SliceLimits {
  /** Characters of HTML parsed in one step. */
  readonly parseChars: number;
  /** Nodes sanitized in one step. */
  readonly batchNodes: number;
}

/** Body attributes that carry over to a wrapper (they are lost with the body element otherwise). */
const BODY_ATTRIBUTES = ['style', 'background', 'bgcolor'];

export function* sanitizeSteps(html: string, hooks: SliceHooks, limits: SliceLimits): Generator<void, string> {
  const doc = document.implementation.createHTMLDocument('');
  doc.open();
  // As DOMPurify's FORCE_BODY: an element first puts everything, <style> in <head> included, in
  // the body. No doctype, as DOMPurify parses it (quirks mode).
  doc.write(`<remove></remove>${html.slice(0, limits.parseChars)}`);
  for (let i = limits.parseChars; i < html.length; i += limits.parseChars) {
    yield;
    doc.write(html.slice(i, i + limits.parseChars));
  }
  doc.close();
  const body = doc.body;
  if (body === null) return '';
  body.firstChild?.remove();

  const out: string[] = [];
  const marker = `heron-slot-${crypto.randomUUID()}`;
  const stack: Array<{ next: Node | null; end: string }> = [{ next: body.firstChild, end: '' }];
  const wrapper = doc.createElement('div');
  for (const name of BODY_ATTRIBUTES) {
    const v = body.getAttribute(name);
    if (v !== null) wrapper.setAttribute(name, v);
  }
  if (wrapper.attributes.length > 0) {
    const shell = sanitizeShell(wrapper, marker, hooks);
    out.push(shell.start);
    (stack[0] as { end: string }).end = shell.end;
    yield;
  }

  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { next: Node | null; end: string };
    if (frame.next === null) {
      out.push(frame.end);
      stack.pop();
      continue;
    }
    const batch: Node[] = [];
    let count = 0;
    let large: Element | null = null;
    let node: Node | null = frame.next;
    while (node !== null) {
      const room = limits.batchNodes - count;
      const size = sizeOf(node);
      if (size <= room) {
        batch.push(node);
        count += size;
      } else if (batch.length > 0) {
        break;
      } else if (!(node instanceof Element) || node.firstElementChild === null) {
        // Text and comments only below: no smaller piece to cut, and DOMPurify's checks on an
        // element without element children need them all.
        batch.push(node);
      } else {
        large = node;
      }
      node = node.nextSibling;
      if (large !== null || count >= limits.batchNodes || batch.length > 0 && size > room) break;
    }
    // Read before the batch moves: the next sibling still in the document.
    frame.next = node;
    if (batch.length > 0) out.push(sanitizeBatch(batch, doc, hooks));
    if (large !== null) {
      const shell = sanitizeShell(large, marker, hooks);
      out.push(shell.start);
      if (shell.kept) stack.push({ next: large.firstChild, end: shell.end });
      else hooks.dropped(large);
    }
    yield;
  }
  return out.join('');
}

function sanitizeBatch(nodes: readonly Node[], doc: Document, hooks: SliceHooks): string {
  const container = doc.createElement('div');
  for (const n of nodes) container.appendChild(n);
  return hooks.purify(container);
}

/** The element's sanitized start and end tags, and whether its children are kept. */
function sanitizeShell(element: Element, marker: string, hooks: SliceHooks): { start: string; end: string; kept: boolean } {
  const doc = element.ownerDocument;
  const shell = element.cloneNode(false) as Element;
  const slot = doc.createElement('span');
  slot.id = marker;
  shell.appendChild(slot);
  const container = doc.createElement('div');
  container.appendChild(shell);
  const html = hooks.purify(container);
  const slotHtml = `<span id="${marker}"></span>`;
  const at = html.indexOf(slotHtml);
  if (at < 0) return { start: html, end: '', kept: false };
  return { start: html.slice(0, at), end: html.slice(at + slotHtml.length), kept: true };
}

/**
 * Elements in the subtree, itself included (text is cheap to sanitize). Counted natively: walking
 * the nodes from script would give each one a JavaScript wrapper, and a large message's wrappers
 * are what makes the garbage collector pause the window.
 */
function sizeOf(node: Node): number {
  return node instanceof Element ? 1 + node.getElementsByTagName('*').length : 1;
}
