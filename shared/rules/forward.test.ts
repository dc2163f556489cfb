import { describe, expect, it } from 'vitest';
import { forwardRefusal } from './forward';

const headers = (h: Record<string, string[]>) => ({ header: (name: string) => h[name.toLowerCase()] ?? [] });

describe('the forward loop guard (RFC 3834 §5)', () => {
  it('forwards mail a person wrote: no Auto-Submitted, or Auto-Submitted: no', () => {
    expect(forwardRefusal(headers({}))).toBeNull();
    expect(forwardRefusal(headers({ 'auto-submitted': ['No'] }))).toBeNull();
    expect(forwardRefusal(headers({ 'auto-submitted': [' no ; comment'] }))).toBeNull();
  });

  it('never forwards auto-replies, auto-generated mail or another forward, whatever the case or parameters', () => {
    expect(forwardRefusal(headers({ 'auto-submitted': ['auto-replied'] }))).toBe('it was sent automatically (Auto-Submitted: auto-replied)');
    expect(forwardRefusal(headers({ 'auto-submitted': ['Auto-Generated'] }))).toBe('it was sent automatically (Auto-Submitted: auto-generated)');
    expect(forwardRefusal(headers({ 'auto-submitted': ['auto-forwarded; owner-email="a@b.example"'] }))).toBe('it was sent automatically (Auto-Submitted: auto-forwarded)');
    // One "no" among several does not make an automatic message a person's.
    expect(forwardRefusal(headers({ 'auto-submitted': ['no', 'auto-replied'] }))).toBe('it was sent automatically (Auto-Submitted: auto-replied)');
  });

  it("never forwards a message Heron forwarded, even when a relay dropped Auto-Submitted", () => {
    expect(forwardRefusal(headers({ 'x-heron-forwarded': ['rule'] }))).toBe('Heron forwarded this message itself');
  });
});
