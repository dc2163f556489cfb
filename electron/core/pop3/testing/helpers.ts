/** Shared bits for the POP3 tests (and the fetch-pipeline fault matrix). */
import type { Readable } from 'node:stream';
import { startFakePop3, type FakePop3, type FakePop3Options } from './fake-server';

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Starts fake servers and closes them all in `closeAll` (call it from afterEach). */
export function fakeServers(): { start(options?: FakePop3Options): Promise<FakePop3>; closeAll(): Promise<void> } {
  const started: FakePop3[] = [];
  return {
    async start(options = {}) {
      const s = await startFakePop3(options);
      started.push(s);
      return s;
    },
    async closeAll() {
      for (const s of started.splice(0)) await s.close();
    },
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean; detail?: Record<string, unknown> }> {
  try {
    await p;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection, but the promise resolved');
}
