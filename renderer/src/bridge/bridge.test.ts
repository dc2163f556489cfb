import { describe, expect, it, vi } from 'vitest';
import { buildApi } from '../../../shared/ipc/api';
import { ok } from '../../../shared/ipc/result';
import { createBridge } from './bridge';

const info = { name: 'Heron Mail', version: '0.1.0', runtime: 'harness' as const, platform: 'linux' };

describe('bridge', () => {
  it('passes the payload through and answers main’s Result', async () => {
    const invoke = vi.fn(async () => ok(info));
    const bridge = createBridge(buildApi(invoke, () => () => {}));
    expect(await bridge.call('getAppInfo')).toEqual({ ok: true, value: info });
    expect(await bridge.call('openExternal', { url: 'https://example.com/' })).toEqual({ ok: true, value: info });
    expect(invoke.mock.calls).toEqual([
      ['getAppInfo', undefined],
      ['openExternal', { url: 'https://example.com/' }],
    ]);
  });

  it('turns a call that never answers into ETIMEDOUT', async () => {
    vi.useFakeTimers();
    try {
      const bridge = createBridge(buildApi(() => new Promise(() => {}), () => () => {}), { timeoutMs: 5_000 });
      const pending = bridge.call('getAppInfo');
      await vi.advanceTimersByTimeAsync(5_000);
      const result = await pending;
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'ETIMEDOUT',
          message: 'Heron’s main process did not answer “getAppInfo” within 5 seconds.',
          retryable: true,
          detail: { call: 'getAppInfo', timeoutMs: 5_000 },
        },
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns a rejected IPC promise into a failure instead of throwing', async () => {
    const bridge = createBridge(buildApi(async () => Promise.reject(new Error('channel closed')), () => () => {}));
    const result = await bridge.call('getAppInfo');
    expect(result).toEqual({ ok: false, error: { code: 'EINTERNAL', message: 'Something went wrong inside Heron: channel closed', retryable: false } });
  });

  it('answers a clear failure when no preload API is present', async () => {
    const bridge = createBridge(undefined);
    expect(bridge.connected).toBe(false);
    const result = await bridge.call('getAppInfo');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('EINTERNAL');
  });

  it('subscribing to an event the API does not offer registers nothing', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const api = buildApi(
      async () => ok(null),
      (name, listener) => {
        listeners.set(name, listener);
        return () => listeners.delete(name);
      },
    );
    const bridge = createBridge(api);
    // The contract has no events yet; the typed surface still accepts none, so reach the runtime path.
    const sub = (bridge.subscribe as (n: string, l: (p: unknown) => void) => () => void)('nope', () => {});
    sub();
    expect(listeners.size).toBe(0);
  });
});
