/**
 * "Renderer cannot obtain a stored password through any contract call." Builds main the way the
 * app does (createMainServices + createHandlers, a real encrypted store with both passwords of an
 * account saved), then invokes EVERY call in the contract through dispatchCall with a valid-looking
 * payload (synthesized from the schema, so calls added later are covered without editing this
 * file), an invalid one and a hostile one, and asserts that no answer, no error and no event
 * carries the password in any form (plain, base64 at any alignment, hex, URL, JSON).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, mainCalls, type CallName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { containsSecret } from '../core/log/scrub';
import { dispatchCall } from './dispatch';
import { createHandlers } from './handlers/index';
import { TestCipher } from './secrets/testing/test-cipher';
import { mapStrings, synthesizePayload } from './secrets/testing/payload-synth';
import { createMainServices } from './services';

const ACCOUNT = 'acct_1';
const SECRETS = ['Canary-Incoming-Pw-7f1e9a', 'Canary-Outgoing-Pw-c04d2b'] as const;
/** A call that hangs is recorded, not awaited forever (discovery, for one, may take 15 s). */
const CALL_DEADLINE_MS = 20_000;
/** Events a call starts (a fetch failing in its worker) may arrive after it answered. */
const SETTLE_MS = 1_500;

type Kind = 'valid' | 'invalid' | 'hostile';

interface Outcome {
  readonly call: CallName;
  readonly kind: Kind;
  readonly payloadValid: boolean;
  readonly result: Result<unknown> | { timedOut: true };
}

const dirs: string[] = [];
const worlds: Array<{ stop: () => Promise<void> }> = [];

afterAll(async () => {
  await Promise.all(worlds.map((w) => w.stop().catch(() => undefined)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** JSON with bytes spelled out as text, so a password inside a Uint8Array is found too. */
function render(value: unknown): string {
  return JSON.stringify(value, (_key, x: unknown) =>
    x instanceof Uint8Array ? `${Buffer.from(x).toString('latin1')} ${Buffer.from(x).toString('utf8')}` : x,
  );
}

/** One main process per invocation, so a call that changes state cannot hide another's leak. */
async function world(events: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'heron-leak-'));
  dirs.push(dir);
  const services = createMainServices({
    userDataDir: dir,
    openExternal: async () => undefined,
    emit: (name, payload) => events.push(`${name} ${render(payload)}`),
    runtime: 'harness',
    version: '0.0.0',
    secretCipher: new TestCipher(),
  });
  await services.credentials.store.set(ACCOUNT, 'incoming', SECRETS[0], { persist: true });
  await services.credentials.store.set(ACCOUNT, 'outgoing', SECRETS[1], { persist: true });
  // Stop whatever the call started (fetch workers); the types expose only what handlers use.
  const fetchService = (services.fetch as unknown as { service?: { stopAll?: () => Promise<void> } }).service;
  worlds.push({ stop: async () => fetchService?.stopAll?.() });
  return { dir, handlers: createHandlers(services) };
}

async function invoke(call: CallName, kind: Kind, events: string[]): Promise<Outcome> {
  const { dir, handlers } = await world(events);
  const synth = synthesizePayload(mainCalls[call].input, { accountId: ACCOUNT, scratchDir: dir });
  let payload: unknown = synth.value;
  if (kind === 'invalid') {
    payload = typeof synth.value === 'object' && synth.value !== null && !Array.isArray(synth.value) ? { ...synth.value, unexpected: 1 } : { unexpected: 1 };
  } else if (kind === 'hostile') {
    // The password the person is typing, with a line break: the boundary must refuse it without quoting it.
    payload = mapStrings(synth.value, () => `${SECRETS[0]}\r\n`);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), CALL_DEADLINE_MS);
  });
  try {
    const result = await Promise.race([dispatchCall(handlers, call, payload), deadline]);
    return { call, kind, payloadValid: synth.valid, result };
  } finally {
    clearTimeout(timer);
  }
}

describe('no contract call gives the renderer a stored password', () => {
  it(`every call (${CALL_NAMES.length} now), with valid, invalid and hostile payloads, answers without the password`, { timeout: 90_000 }, async () => {
    const events: string[] = [];
    const kinds: Kind[] = ['valid', 'invalid', 'hostile'];
    const outcomes = await Promise.all(CALL_NAMES.flatMap((call) => kinds.map((kind) => invoke(call, kind, events))));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

    const leaks: string[] = [];
    for (const o of outcomes) {
      const text = render(o.result);
      if (o.kind !== 'hostile' && containsSecret(text, SECRETS)) leaks.push(`${o.call} (${o.kind}): ${text.slice(0, 300)}`);
      // A hostile payload carries the password itself; the boundary's refusal must not quote it.
      // (A handler may quote back what it was sent, e.g. a bad host name; that is the renderer's own input.)
      if (o.kind === 'hostile' && 'ok' in o.result && !o.result.ok && o.result.error.message.startsWith('Invalid request to') && containsSecret(text, SECRETS)) {
        leaks.push(`${o.call} (hostile): ${text.slice(0, 300)}`);
      }
    }
    for (const e of events) if (containsSecret(e, SECRETS)) leaks.push(`event ${e.slice(0, 300)}`);
    expect(leaks).toEqual([]);

    // The test proves something only if payloads really reach the handlers.
    const valid = new Map(outcomes.filter((o) => o.kind === 'valid').map((o) => [o.call, o.payloadValid]));
    expect([...valid.entries()].filter(([, ok]) => !ok).map(([call]) => call)).toEqual([]);
    const invalid = outcomes.filter((o) => o.kind === 'invalid');
    for (const o of invalid) expect(o.result, o.call).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
  });

  it('the credentials calls answered status for the stored passwords (the store under test really held them)', async () => {
    const events: string[] = [];
    const { handlers } = await world(events);
    for (const slot of ['incoming', 'outgoing'] as const) {
      expect(await dispatchCall(handlers, 'hasPassword', { accountId: ACCOUNT, slot })).toEqual({
        ok: true,
        value: { stored: true, persisted: true, readable: true },
      });
    }
    expect(events).toEqual([]);
  });
});
