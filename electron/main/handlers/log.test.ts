import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RENDERER_LOG_CHARS } from '../../../shared/ipc/calls/log';
import { dispatchCall } from '../dispatch';
import type { SecretScrubber } from '../secrets/secret-scrubber';
import { createMainServices } from '../services';
import { createHandlers } from './index';
import { createLogHandlers } from './log';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function app() {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'heron-log-handler-'));
  dirs.push(userDataDir);
  const services = createMainServices({ userDataDir, openExternal: async () => undefined, emit: () => undefined, runtime: 'harness', version: '1.0.0', platform: 'linux' });
  const logFile = () => readFileSync(path.join(userDataDir, 'logs', 'heron.log'), 'utf8');
  return { services, handlers: createHandlers(services), logFile };
}

describe('writeLog (the window\u2019s warnings and errors into main\u2019s log file)', () => {
  it('writes the line into <userData>/logs/heron.log under the renderer scope', async () => {
    const { handlers, logFile } = app();
    expect(await dispatchCall(handlers, 'writeLog', { level: 'error', message: 'Could not store fetched messages: EQUOTA: The disk is full.' })).toEqual({ ok: true, value: undefined });
    expect(logFile()).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR renderer: Could not store fetched messages: EQUOTA: The disk is full\.\n$/);
  });

  it('refuses a message over the size cap, and a level the window may not write', async () => {
    const { handlers } = app();
    expect(await dispatchCall(handlers, 'writeLog', { level: 'warn', message: 'x'.repeat(MAX_RENDERER_LOG_CHARS) })).toEqual({ ok: true, value: undefined });
    const tooLong = await dispatchCall(handlers, 'writeLog', { level: 'warn', message: 'x'.repeat(MAX_RENDERER_LOG_CHARS + 1) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'EINVALID', detail: { field: 'message' } } });
    expect(await dispatchCall(handlers, 'writeLog', { level: 'info', message: 'chatter' })).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
  });

  it('masks a stored password the window quotes', async () => {
    const { services, handlers, logFile } = app();
    // As when the stored password is handed to a protocol engine (secrets/bindings.ts).
    (services.scrubber as SecretScrubber).note('Canary-Pw-41c9');
    await dispatchCall(handlers, 'writeLog', { level: 'warn', message: 'The server said: -ERR bad password Canary-Pw-41c9' });
    expect(logFile()).toContain('renderer: The server said: -ERR bad password ****');
    expect(logFile()).not.toContain('Canary-Pw-41c9');
  });

  it('writes at most `perMinute` lines a minute and then says how many it left out', async () => {
    const written: string[] = [];
    let now = 0;
    const { writeLog } = createLogHandlers({ logger: { warn: (m) => written.push(`warn ${m}`), error: (m) => written.push(`error ${m}`) }, perMinute: 3, now: () => now });
    for (let i = 1; i <= 5; i += 1) await writeLog({ level: 'error', message: `flood ${i}` });
    now = 60_000;
    await writeLog({ level: 'error', message: 'later' });
    expect(written).toEqual(['error flood 1', 'error flood 2', 'error flood 3', 'warn 2 more lines from the window were left out', 'error later']);
  });
});
