import { describe, expect, it } from 'vitest';
import { buildApi } from './api';
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel, mainCalls, mainEvents } from './contract';

describe('buildApi', () => {
  it('exposes exactly one function per contract call and event, and nothing generic', () => {
    let asked = 0;
    const api = buildApi(async () => ({ ok: true, value: null }), () => () => undefined, () => void (asked += 1));
    expect(Object.keys(api).sort()).toEqual(['calls', 'connectStore', 'events']);
    // The one thing beside the calls and events: asking main for the store port, with nothing to pass.
    api.connectStore();
    expect(asked).toBe(1);
    expect(Object.keys(api.calls).sort()).toEqual([...CALL_NAMES].sort());
    expect(Object.keys(api.events).sort()).toEqual([...EVENT_NAMES].sort());
    expect(Object.isFrozen(api) && Object.isFrozen(api.calls) && Object.isFrozen(api.events)).toBe(true);
    for (const generic of ['invoke', 'send', 'on', 'call', 'emit']) expect(generic in api.calls || generic in api).toBe(false);
  });

  it('routes each call and subscription under its own name', async () => {
    const invoked: Array<[string, unknown]> = [];
    const subscribed: string[] = [];
    const api = buildApi(
      async (name, input) => {
        invoked.push([name, input]);
        return { ok: true, value: name };
      },
      (name) => {
        subscribed.push(name);
        return () => undefined;
      },
    );
    const calls = api.calls as unknown as Record<string, (input?: unknown) => Promise<unknown>>;
    for (const name of CALL_NAMES) expect(await calls[name]?.({ probe: name })).toEqual({ ok: true, value: name });
    expect(invoked).toEqual(CALL_NAMES.map((name) => [name, { probe: name }]));
    const events = api.events as unknown as Record<string, (l: () => void) => () => void>;
    for (const name of EVENT_NAMES) events[name]?.(() => undefined);
    expect(subscribed).toEqual(EVENT_NAMES);
  });

  it('derives distinct channels from the keys', () => {
    expect(CALL_NAMES).toEqual(Object.keys(mainCalls));
    expect(EVENT_NAMES).toEqual(Object.keys(mainEvents));
    const channels = [...CALL_NAMES.map(callChannel), ...EVENT_NAMES.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(callChannel('getAppInfo')).toBe('heron:call:getAppInfo');
  });
});
