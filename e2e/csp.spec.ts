import { test, expect } from './harness/fixtures';

// The policy arrives twice (response header and meta tag, as in the app); each reports, so
// the assertion is on the distinct violations.
test('the CSP blocks an injected inline script and an inline event handler, and reports both', async ({ app }) => {
  await expect(app.getByRole('navigation', { name: 'Folders' })).toBeVisible();
  const outcome = await app.evaluate(async () => {
    const w = window as unknown as { __pwned?: string[] };
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}|${e.blockedURI}`));
    const script = document.createElement('script');
    script.textContent = "(window.__pwned ??= []).push('inline script')";
    document.body.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', "(window.__pwned ??= []).push('onerror')");
    img.setAttribute('src', 'data:image/png;base64,broken');
    document.body.append(img);
    // Violation events are queued as tasks: wait until both kinds arrived (bounded).
    for (let i = 0; i < 50 && new Set(violations).size < 2; i++) await new Promise((r) => setTimeout(r, 20));
    return { pwned: w.__pwned ?? [], violations: [...new Set(violations)] };
  });
  expect(outcome.pwned).toEqual([]);
  expect(outcome.violations.sort()).toEqual(['script-src-attr|inline', 'script-src-elem|inline']);
});
