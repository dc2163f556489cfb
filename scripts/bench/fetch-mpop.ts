/**
 * bench:fetch's reference contender: Debian's mpop getting the same mailbox over POP3S with
 * pipelining into an mbox (on disk unless the work directory is on tmpfs), under `/usr/bin/time -v`
 * when present so its peak RSS is its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DovecotInstance } from '../../e2e/servers';

export interface MpopResult {
  ms: number;
  peakRss: number | null;
  /** Where the mbox was: mpop fsyncs every message, which costs nothing on tmpfs. */
  storage: 'tmpfs' | 'disk';
}

const TMPFS_MAGIC = 0x01021994;

export async function runMpop(dovecot: DovecotInstance, work: string, caFile: string, user: { name: string; password: string }, count: number): Promise<MpopResult> {
  const dir = await mkdtemp(path.join(work, 'mpop-'));
  const mbox = path.join(dir, 'mbox');
  const storage = statfsSync(dir).type === TMPFS_MAGIC ? 'tmpfs' : 'disk';
  const config = path.join(dir, 'mpoprc');
  await writeFile(
    config,
    [
      'defaults', 'tls on', 'tls_starttls off', `tls_trust_file ${caFile}`, 'pipelining on', 'keep on', 'received_header off',
      `uidls_file ${path.join(dir, 'uidls')}`, '', 'account bench', 'host 127.0.0.1', `port ${dovecot.pop3sPort}`, 'auth user',
      `user ${user.name}`, `password ${user.password}`, `delivery mbox ${mbox}`, '',
    ].join('\n'),
  );
  await chmod(config, 0o600); // mpop refuses a password file others can read
  const hasTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = hasTime ? spawn('/usr/bin/time', ['-v', 'mpop', '-C', config, '-q', 'bench'], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn('mpop', ['-C', config, '-q', 'bench'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(err);
      else reject(new Error(`mpop exited with ${code}: ${err.replace(/\n\tCommand being timed:[\s\S]*$/, '').trim().slice(-400)}`));
    });
  });
  const ms = performance.now() - started;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const text = readFileSync(mbox);
  let delivered = text.subarray(0, 5).toString() === 'From ' ? 1 : 0;
  const marker = Buffer.from('\n\nFrom ');
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) delivered += 1;
  await rm(dir, { recursive: true, force: true });
  if (delivered !== count) throw new Error(`mpop delivered ${delivered} of ${count} messages`);
  return { ms, peakRss: rss ? Number(rss[1]) * 1024 : null, storage };
}
