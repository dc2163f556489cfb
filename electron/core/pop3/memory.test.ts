import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Pop3Client } from './index';
import { fakeServers } from './testing/helpers';

const servers = fakeServers();
afterEach(() => servers.closeAll());

const MB = 1024 * 1024;

/** 64 KiB of mail-like lines, some starting with a dot so that stuffing runs on the hot path. */
function block(): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 64 * 1024 - 200; i += 1) {
    const line = i % 50 === 0 ? `.${'d'.repeat(70)}\r\n` : `${'abcdefghij'.repeat(7)}${i % 10}\r\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''));
}

describe('streaming a 100 MB message', () => {
  it('RETR of 100 MB as a stream: exact bytes, peak memory growth under 64 MB', async () => {
    const unit = block();
    const header = Buffer.from('Subject: big\r\n\r\n');
    const count = Math.ceil((100 * MB) / unit.length);
    const size = header.length + unit.length * count;
    const expected = createHash('sha256').update(header);
    for (let i = 0; i < count; i += 1) expected.update(unit);
    const server = await servers.start({
      messages: [
        {
          size,
          // Generated lazily: the server never holds the message either.
          *chunks() {
            yield header;
            for (let i = 0; i < count; i += 1) yield unit;
          },
        },
      ],
    });
    const client = await Pop3Client.connect({ host: server.host, port: server.port, security: 'none' });
    await client.login({ method: 'user', username: 'alice', password: 'secret', allowPlaintextPassword: true });
    expect(await client.list()).toEqual([{ msg: 1, size }]);

    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakBuffers = before.arrayBuffers;
    let received = 0;
    const hash = createHash('sha256');
    for await (const chunk of client.retrieve(1, { maxBytes: size })) {
      hash.update(chunk as Buffer);
      received += (chunk as Buffer).length;
      if ((received & 0xfffff) < 70_000) {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
      }
    }
    expect(received).toBe(size);
    expect(hash.digest('hex')).toBe(expected.digest('hex'));
    expect(peakRss - before.rss).toBeLessThan(64 * MB);
    expect(peakBuffers - before.arrayBuffers).toBeLessThan(64 * MB);
    console.log(`100 MB RETR: peak RSS growth ${((peakRss - before.rss) / MB).toFixed(1)} MB, buffers ${((peakBuffers - before.arrayBuffers) / MB).toFixed(1)} MB`);
    await client.quit();
  });
});
