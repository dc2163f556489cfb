import { describe, expect, it } from 'vitest';
import type { MainHandlers } from '../../../shared/ipc/contract';
import { dispatchCall } from '../dispatch';
import { createMainServices } from '../services';
import { createHandlers } from './index';

function setup(openExternal: (url: string) => Promise<void> = async () => undefined) {
  const events: Array<[string, unknown]> = [];
  const opened: string[] = [];
  const services = createMainServices({
    userDataDir: '/tmp/heron-test',
    openExternal: async (url) => {
      opened.push(url);
      await openExternal(url);
    },
    emit: (name, payload) => events.push([name, payload]),
    runtime: 'harness',
    version: '9.8.7',
    platform: 'linux',
  });
  // Only the app calls are exercised; a feature's missing handler must not break this test.
  const handlers = createHandlers(services) as MainHandlers;
  return { services, handlers, events, opened };
}

describe('app handlers', () => {
  it('answers getAppInfo from the composition root', async () => {
    const { handlers } = setup();
    expect(await dispatchCall(handlers, 'getAppInfo', undefined)).toEqual({ ok: true, value: { name: 'Heron Mail', version: '9.8.7', runtime: 'harness', platform: 'linux' } });
  });

  it('opens only what the URL policy allows, in its normalised form', async () => {
    const { handlers, opened } = setup();
    expect(await dispatchCall(handlers, 'openExternal', { url: 'HTTPS://Bücher.example/a' })).toEqual({ ok: true, value: undefined });
    expect(await dispatchCall(handlers, 'openExternal', { url: 'javascript:alert(1)' })).toEqual({
      ok: false,
      error: { code: 'EFORBIDDEN', message: 'Links of type "javascript" are not opened.', retryable: false, detail: { field: 'url' } },
    });
    expect(opened).toEqual(['https://xn--bcher-kva.example/a']);
  });

  it('says so when the OS cannot open a link', async () => {
    const { handlers } = setup(async () => {
      throw new Error('no handler for https');
    });
    expect(await dispatchCall(handlers, 'openExternal', { url: 'https://a.example/' })).toEqual({
      ok: false,
      error: { code: 'EINTERNAL', message: 'The system could not open the link (no handler for https).', retryable: false },
    });
  });

  it('queues mailto links, nudges the renderer, and hands each out once', async () => {
    const { services, handlers, events } = setup();
    services.mailtoInbox.push('mailto:a@example.com?subject=Hi');
    services.mailtoInbox.push('mailto:a@example.com?subject=Hi');
    services.mailtoInbox.push('mailto:b@example.com');
    expect(events).toEqual([
      ['mailtoRequested', { pending: 1 }],
      ['mailtoRequested', { pending: 2 }],
    ]);
    expect(await dispatchCall(handlers, 'takePendingMailto', undefined)).toEqual({ ok: true, value: ['mailto:a@example.com?subject=Hi', 'mailto:b@example.com'] });
    expect(await dispatchCall(handlers, 'takePendingMailto', undefined)).toEqual({ ok: true, value: [] });
  });

  it('setPreferences turns new-mail notifications off and on in main, and refuses anything but true or false', async () => {
    const { services, handlers } = setup();
    expect(services.preferences.current).toEqual({ notifyNewMail: true });
    expect(await dispatchCall(handlers, 'setPreferences', { notifyNewMail: false })).toEqual({ ok: true, value: undefined });
    expect(services.preferences.current).toEqual({ notifyNewMail: false });
    const bad = await dispatchCall(handlers, 'setPreferences', { notifyNewMail: 'no' });
    expect(bad.ok === false && bad.error.code).toBe('EINVALID');
    expect(services.preferences.current).toEqual({ notifyNewMail: false });
    expect(await dispatchCall(handlers, 'setPreferences', { notifyNewMail: true })).toEqual({ ok: true, value: undefined });
    expect(services.preferences.current).toEqual({ notifyNewMail: true });
  });
});
