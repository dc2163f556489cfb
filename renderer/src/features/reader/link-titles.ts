/**
 * The reader's frame runs no script, so a link's real target cannot be shown on hover by code.
 * Instead every link gets a title (the browser's own tooltip) naming where it really goes —
 * "Opens https://evil.example/…" under text that says "https://bank.example". Works on the
 * sanitizer's output in an inert document (DOMParser runs nothing and loads nothing).
 */
export function withLinkTitles(srcdoc: string): { srcdoc: string; links: number } {
  const doc = new DOMParser().parseFromString(srcdoc, 'text/html');
  let links = 0;
  for (const a of Array.from(doc.querySelectorAll('a[href], area[href]'))) {
    const href = a.getAttribute('href') ?? '';
    if (href.startsWith('#')) continue;
    links += 1;
    a.setAttribute('title', `Opens ${href.length > 300 ? `${href.slice(0, 300)}…` : href}`);
  }
  return { srcdoc: `<!doctype html>${doc.documentElement.outerHTML}`, links };
}
