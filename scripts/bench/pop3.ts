/**
 * `npm run bench:pop3`: how fast Heron's POP3 engine drains a real mailbox, next to Debian's mpop
 * and a bare pipelined TLS reader (the practical limit), same Dovecot, same mailbox, same run.
 *
 * Workloads: 10,000 messages of 5–10 KB, then 500 messages of 1 MB, over POP3S on loopback.
 * Each contender runs as its own child process so its peak RSS is its own (GNU time's maximum
 * resident set size, or VmHWM polled from /proc without it).
 *
 *   npm run bench:pop3 -- [--small 10000] [--large 500] [--mpop-delivery mbox|maildir]
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dovecotAvailable, mpopAvailable, startDovecot, type DovecotInstance } from '../../e2e/servers';
import {
  bundled, contender, fmt, intOption, lastJsonLine, loadNote, measure, option, printTable, rateOf, ratio, root, rssSource, seedMailbox, versionOf,
  type Measured, type Row,
} from './measure';

const USER = { name: 'bench', password: 'bench-pw' };

const SMALL = intOption('small', 10_000, 0, 100_000);
const LARGE = intOption('large', 500, 0, 2_000);
const MPOP_DELIVERY = option('mpop-delivery', 'mbox');
if (MPOP_DELIVERY !== 'mbox' && MPOP_DELIVERY !== 'maildir') throw new Error('--mpop-delivery must be mbox or maildir');

async function nodeClient(mode: 'heron' | 'bare' | 'warm', dovecot: DovecotInstance, count: number, caFile: string): Promise<Measured> {
  const args = [await bundled('scripts/bench/pop3-clients.ts'), mode, String(dovecot.pop3sPort), USER.name, USER.password, String(count), caFile];
  return measure(process.execPath, args, 30 * 60_000).then(({ stdout, peakRssKiB, cpuSeconds }) => {
    const outcome = lastJsonLine<{ messages: number; bytes: number; ms: number }>(stdout);
    if (mode !== 'warm' && outcome.messages !== count) throw new Error(`${mode} fetched ${outcome.messages} of ${count} messages`);
    return { ms: outcome.ms, peakRssKiB, cpuSeconds, messages: outcome.messages, bytes: outcome.bytes };
  });
}

async function mpop(dovecot: DovecotInstance, count: number, work: string, caFile: string): Promise<Measured> {
  const dir = await mkdtemp(path.join(work, 'mpop-'));
  const target = path.join(dir, MPOP_DELIVERY === 'mbox' ? 'mbox' : 'maildir');
  if (MPOP_DELIVERY === 'maildir') for (const sub of ['tmp', 'new', 'cur']) await mkdir(path.join(target, sub), { recursive: true });
  const config = path.join(dir, 'mpoprc');
  await writeFile(
    config,
    [
      'defaults', 'tls on', 'tls_starttls off', `tls_trust_file ${caFile}`, 'pipelining on', 'keep on', 'received_header off',
      `uidls_file ${path.join(dir, 'uidls')}`, '', 'account bench', 'host 127.0.0.1', `port ${dovecot.pop3sPort}`, 'auth user',
      `user ${USER.name}`, `password ${USER.password}`, `delivery ${MPOP_DELIVERY} ${target}`, '',
    ].join('\n'),
  );
  await chmod(config, 0o600); // mpop refuses a password file others can read
  const { ms, peakRssKiB, cpuSeconds } = await measure('mpop', ['-C', config, '-q', 'bench'], 30 * 60_000);
  const delivered = MPOP_DELIVERY === 'maildir' ? (await readdir(path.join(target, 'new'))).length : countMbox(readFileSync(target));
  await rm(dir, { recursive: true, force: true });
  if (delivered !== count) throw new Error(`mpop delivered ${delivered} of ${count} messages`);
  return { ms, peakRssKiB, cpuSeconds, messages: delivered, bytes: null };
}

/** Messages in an mbox: "From " at the start of the file or after a blank line (mpop quotes body lines as ">From "). */
function countMbox(mbox: Buffer): number {
  let n = mbox.subarray(0, 5).toString() === 'From ' ? 1 : 0;
  const marker = Buffer.from('\n\nFrom ');
  for (let at = mbox.indexOf(marker); at !== -1; at = mbox.indexOf(marker, at + 1)) n += 1;
  return n;
}

function report(title: string, count: number, wireBytes: number, rows: Row[]): void {
  const mib = wireBytes / 1024 / 1024;
  console.log(`\n${title}: ${fmt(count)} messages, ${fmt(mib, 1)} MiB on the wire (POP3S, TLS 1.3, loopback)`);
  console.log(`  ${loadNote()}`);
  printTable(count, mib, rows);
  const heron = rateOf(rows, 'Heron', count);
  console.log(`  ratios (messages/s): Heron/mpop ${ratio(heron, rateOf(rows, 'mpop', count))}, Heron/bare ${ratio(heron, rateOf(rows, 'bare', count))}`);
}

async function main(): Promise<void> {
  if (!dovecotAvailable.available) {
    console.error(`bench:pop3 needs a real Dovecot: ${dovecotAvailable.reason}`);
    process.exit(2);
  }
  const heronMissing = existsSync(path.join(root, 'electron/core/pop3/index.ts')) ? null : 'the POP3 engine (electron/core/pop3) has not landed yet';
  const mpopVersion = mpopAvailable.available ? (/mpop version (\S+)/.exec(await versionOf('mpop')) ?? [])[1] ?? '?' : null;
  console.log(`bench:pop3 — ${os.cpus().length} cores, Node ${process.version}, peak RSS via ${rssSource}`);
  if (heronMissing) console.log(`Heron column unavailable: ${heronMissing}.`);

  const work = await mkdtemp(path.join(os.tmpdir(), 'heron-bench-'));
  const dovecot = await startDovecot({ users: [USER] });
  const caFile = path.join(work, 'ca.crt');
  await writeFile(caFile, dovecot.ca);
  const stopAll = async () => {
    await dovecot.stop();
    await rm(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const workloads = [
      { title: 'small', count: SMALL, size: (i: number) => 5_200 + ((i * 7_919) % 4_700) },
      { title: 'large', count: LARGE, size: () => 1_000_000 },
    ].filter((w) => w.count > 0);
    for (const w of workloads) {
      console.log(`\nseeding ${fmt(w.count)} ${w.title} messages…`);
      const seeded = performance.now();
      const wireBytes = await seedMailbox(dovecot, USER.name, w.count, w.size);
      console.log(`  seeded in ${fmt((performance.now() - seeded) / 1000, 1)} s; warming Dovecot's index`);
      await nodeClient('warm', dovecot, w.count, caFile);
      // A fast wrong answer is no answer: Heron must hand over exactly the mailbox's bytes, and the
      // bare reader must have read at least them (plus status lines and dot-stuffing).
      const exactly = (m: Measured): Measured => {
        if (m.bytes !== wireBytes) throw new Error(`Heron returned ${m.bytes} bytes, the mailbox holds ${wireBytes}`);
        return m;
      };
      const atLeast = (m: Measured): Measured => {
        if ((m.bytes ?? 0) < wireBytes) throw new Error(`the bare reader stopped after ${m.bytes} bytes of ${wireBytes}`);
        return m;
      };
      const rows = [
        await contender(`mpop ${mpopVersion ?? ''} (pipelining, ${MPOP_DELIVERY})`, () =>
          mpopVersion === null ? Promise.reject(new Error(mpopAvailable.reason)) : mpop(dovecot, w.count, work, caFile),
        ),
        await contender('Heron (openSession + retrieveMany)', () =>
          heronMissing ? Promise.reject(new Error(heronMissing)) : nodeClient('heron', dovecot, w.count, caFile).then(exactly),
        ),
        await contender('bare pipelined TLS reader (node)', () => nodeClient('bare', dovecot, w.count, caFile).then(atLeast)),
      ];
      report(w.title === 'small' ? 'Small messages (5–10 KB)' : 'Large messages (1 MB)', w.count, wireBytes, rows);
    }
    console.log('\nNotes: mpop writes every message to disk (page cache); Heron and the bare reader only count bytes.');
    console.log('Node contenders include V8\'s baseline (~40–50 MiB) in their peak RSS.');
    console.log('CPU is user + system time of the contender\'s whole process (GNU time), start-up included.');
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
