import { describe, expect, it } from 'vitest';
import { containsSecret, scrubSecrets, secretForms } from './scrub';

describe('scrubSecrets', () => {
  it('masks the plain value wherever it occurs', () => {
    expect(scrubSecrets('-ERR bad password hunter2!! (hunter2)', ['hunter2'])).toBe('-ERR bad password ****!! (****)');
  });

  it('masks base64, unpadded base64, base64url and hex forms', () => {
    const secret = 'pa?ss>wörd';
    const b64 = Buffer.from(secret).toString('base64');
    const url = Buffer.from(secret).toString('base64url');
    const hex = Buffer.from(secret).toString('hex');
    expect(scrubSecrets(`a ${b64} b ${url} c ${hex} d ${hex.toUpperCase()}`, [secret])).toBe('a **** b **** c **** d ****');
  });

  it('masks the secret inside an AUTH PLAIN blob at every byte alignment', () => {
    for (const user of ['al', 'ali', 'alic']) {
      const blob = Buffer.from(`\0${user}\0correct horse battery`).toString('base64');
      const scrubbed = scrubSecrets(`C: AUTH PLAIN ${blob}`, ['correct horse battery']);
      expect(scrubbed).toContain('****');
      expect(containsSecret(scrubbed, ['correct horse battery'])).toBe(false);
      // At most one partial character of the secret's bits may remain on each side of the mask.
      const left = scrubbed.slice('C: AUTH PLAIN '.length).split('****')[0] ?? '';
      expect(left.length).toBeLessThanOrEqual(Math.ceil(((user.length + 2) * 8) / 6) + 1);
    }
  });

  it('masks URL-encoded and JSON-escaped forms', () => {
    const secret = 'a "quoted" & slashed\\ one';
    const text = `${encodeURIComponent(secret)} | ${JSON.stringify({ p: secret })}`;
    expect(scrubSecrets(text, [secret])).toBe('**** | {"p":"****"}');
  });

  it('masks the longer of two overlapping secrets whole', () => {
    expect(scrubSecrets('x secret-long y secret z', ['secret', 'secret-long'])).toBe('x **** y **** z');
  });

  it('ignores empty secrets instead of masking between every character', () => {
    expect(scrubSecrets('nothing to hide', [''])).toBe('nothing to hide');
    expect(secretForms('')).toEqual([]);
  });

  it('leaves text without secrets unchanged, and does not use short shifted cores', () => {
    expect(scrubSecrets('+OK Dovecot ready.', ['hunter2'])).toBe('+OK Dovecot ready.');
    // A 2-byte secret's shifted cores are 1-2 characters: they would match by chance, so only whole forms count.
    expect(secretForms('ab').every((f) => f.length >= 2)).toBe(true);
    expect(scrubSecrets('Ymxh YWI= 6162', ['ab'])).toBe('Ymxh **** ****');
  });
});
