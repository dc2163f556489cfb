import { describe, expect, it } from 'vitest';
import type { MainHandlers } from '../../shared/ipc/contract';
import { HeronError } from '../../shared/ipc/result';
import { dispatchCall } from './dispatch';

/** Only the app calls matter here; the rest of the map is never reached. */
function handlersWith(openExternal: (input: { url: string }) => Promise<void>): MainHandlers {
  return {
    getAppInfo: async () => ({ name: 'Heron Mail', version: '1.2.3', runtime: 'harness', platform: 'linux' }),
    openExternal,
  } as unknown as MainHandlers;
}

describe('dispatchCall', () => {
  const seen: unknown[] = [];
  const handlers = handlersWith(async (input) => {
    seen.push(input);
  });

  it('runs a handler with the validated payload and wraps its answer', async () => {
    expect(await dispatchCall(handlers, 'getAppInfo', undefined)).toEqual({ ok: true, value: { name: 'Heron Mail', version: '1.2.3', runtime: 'harness', platform: 'linux' } });
    expect(await dispatchCall(handlers, 'openExternal', { url: 'https://example.com/' })).toEqual({ ok: true, value: undefined });
    expect(seen).toEqual([{ url: 'https://example.com/' }]);
  });

  it('refuses an unknown call, including names from the prototype', async () => {
    for (const name of ['deleteEverything', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await dispatchCall(handlers, name, undefined)).toEqual({ ok: false, error: { code: 'EINVALID', message: `Heron does not know the call "${name}".`, retryable: false } });
    }
  });

  it('caps the echoed name of an unknown call', async () => {
    const r = await dispatchCall(handlers, 'x'.repeat(5000), undefined);
    expect(r.ok === false && r.error.message).toBe(`Heron does not know the call "${'x'.repeat(64)}".`);
  });

  it.each([
    [{}, 'url', 'Invalid request to openExternal: url: must be text'],
    [{ url: 42 }, 'url', 'Invalid request to openExternal: url: must be text'],
    [{ url: '' }, 'url', 'Invalid request to openExternal: url: must not be empty'],
    [{ url: 'https://a.example/', extra: 1 }, 'extra', 'Invalid request to openExternal: extra: is not expected'],
    [{ url: 'https://a.example/\r\nX-Injected: 1' }, 'url', 'Invalid request to openExternal: url: must not contain line breaks'],
    [{ url: 'https://a.example/\n' }, 'url', 'Invalid request to openExternal: url: must not contain line breaks'],
    [{ url: 'https://a.example/\0' }, 'url', 'Invalid request to openExternal: url: must not contain NUL'],
    ['https://a.example/', '', 'Invalid request to openExternal: value: must be an object'],
  ])('refuses the bad payload %j with EINVALID naming the field', async (input, field, message) => {
    const before = seen.length;
    expect(await dispatchCall(handlers, 'openExternal', input)).toEqual({ ok: false, error: { code: 'EINVALID', message, retryable: false, detail: { field } } });
    expect(seen.length).toBe(before);
  });

  it('refuses a payload for a call that takes none', async () => {
    expect(await dispatchCall(handlers, 'getAppInfo', { sneaky: true })).toEqual({ ok: false, error: { code: 'EINVALID', message: 'Invalid request to getAppInfo: value: must be empty', retryable: false, detail: { field: '' } } });
  });

  it('passes a HeronError through with its code, retryable flag and detail', async () => {
    const h = handlersWith(async () => {
      throw new HeronError('ETEMPORARY', 'The server said to try later (-ERR [SYS/TEMP] busy).', { retryable: true, detail: { server: 'pop.example' } });
    });
    expect(await dispatchCall(h, 'openExternal', { url: 'https://a.example/' })).toEqual({
      ok: false,
      error: { code: 'ETEMPORARY', message: 'The server said to try later (-ERR [SYS/TEMP] busy).', retryable: true, detail: { server: 'pop.example' } },
    });
  });

  it('turns any other throw into EINTERNAL, never a rejection', async () => {
    const h = handlersWith(async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(await dispatchCall(h, 'openExternal', { url: 'https://a.example/' })).toEqual({
      ok: false,
      error: { code: 'EINTERNAL', message: 'Something went wrong inside Heron: cannot read properties of undefined', retryable: false },
    });
    const s = handlersWith(() => Promise.reject('a bare string'));
    expect(await dispatchCall(s, 'openExternal', { url: 'https://a.example/' })).toEqual({ ok: false, error: { code: 'EINTERNAL', message: 'Something went wrong inside Heron: a bare string', retryable: false } });
  });
});
