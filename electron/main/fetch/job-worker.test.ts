import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../../core/fetch/worker-protocol';
import { JobWorker } from './job-worker';
import type { WorkerLike } from './service';

/** A worker that answers 'attached' jobs with their bytes as text after a tick, and can be made to die. */
class FakeWorker extends EventEmitter {
  terminated = false;
  refs: string[] = [];
  postMessage(message: ToWorker): void {
    if (message.type !== 'attached') return;
    setImmediate(() => {
      if (this.terminated) return;
      // The fake's answer is the text it was given (a real worker answers the message read).
      this.emit('message', { type: 'job', jobId: message.jobId, value: new TextDecoder().decode(message.raw).split(','), error: null } as unknown as FromWorker);
    });
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    this.emit('exit', 1);
    return 1;
  }
  ref(): void {
    this.refs.push('ref');
  }
  unref(): void {
    this.refs.push('unref');
  }
  die(): void {
    this.terminated = true;
    this.emit('exit', 9);
  }
}

function setup(idleMs = 10_000) {
  const spawned: FakeWorker[] = [];
  const jobs = new JobWorker(() => {
    const w = new FakeWorker();
    spawned.push(w);
    return w as unknown as WorkerLike;
  }, idleMs);
  const parse = (jobId: string, ids: string[]) => jobs.run<string[]>({ type: 'attached', jobId, raw: new TextEncoder().encode(ids.join(',')) });
  return { jobs, spawned, parse };
}

describe('JobWorker', () => {
  it('runs jobs, several at once, in one worker kept between them; the worker holds the process only while busy', async () => {
    const { jobs, spawned, parse } = setup();
    expect(await Promise.all([parse('j1', ['a']), parse('j2', ['b', 'c'])])).toEqual([['a'], ['b', 'c']]);
    expect(await parse('j3', ['d'])).toEqual(['d']);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.refs.at(-1)).toBe('unref');
    await jobs.stop();
    expect(spawned[0]!.terminated).toBe(true);
  });

  it('a worker that dies fails the jobs it had with a clear error; the next job gets a fresh worker', async () => {
    const { jobs, spawned, parse } = setup();
    const lost = parse('j1', ['a']);
    spawned[0]!.die();
    await expect(lost).rejects.toMatchObject({ code: 'EINTERNAL', message: 'The mail worker stopped (exit code 9).' });
    expect(await parse('j2', ['b'])).toEqual(['b']);
    expect(spawned).toHaveLength(2);
    await jobs.stop();
  });

  it('an idle worker is ended after a while', async () => {
    const { spawned, parse } = setup(20);
    await parse('j1', ['a']);
    await new Promise((r) => setTimeout(r, 60));
    expect(spawned[0]!.terminated).toBe(true);
    expect(await parse('j2', ['b'])).toEqual(['b']);
    expect(spawned).toHaveLength(2);
  });
});
