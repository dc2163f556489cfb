// Benchmark: header-only parsing (the fetch pipeline's commit path) and full parsing, over
// 10,000 generated messages of 4–12 KB. `npx tsx scripts/bench/mime.ts [count]`. Prints messages/s.
import { parseHeaders } from '../../electron/core/mime/headers';
import { parseMessage } from '../../electron/core/mime/parse';

const count = Number(process.argv[2] ?? 10_000);
const FULL_SAMPLE = Math.min(count, 1_000);

function makeMessage(i: number): Buffer {
  const size = 4096 + ((i * 7919) % 8192);
  const head = [
    'Return-Path: <sender@example.org>',
    'Received: from mx.example.org (mx.example.org [192.0.2.1]) by pop.example.net with ESMTPS id abc; Tue, 3 Jun 2025 10:00:00 +0000',
    `From: =?utf-8?Q?S=C3=A9bastien_${i}?= <sender${i}@example.org>`,
    'To: "Bob Example" <bob@example.net>, carol@example.net',
    `Subject: =?utf-8?B?${Buffer.from(`Réunion numéro ${i} — ordre du jour`).toString('base64')}?=`,
    'Date: Tue, 3 Jun 2025 10:00:00 +0200',
    `Message-ID: <${i}.bench@example.org>`,
    `References: <root@example.org> <${i - 1}.bench@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
  ].join('\r\n');
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  const text = line.repeat(Math.max(1, Math.floor((size - head.length) / 2 / line.length)));
  const html = `--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>${text.replace(/\r\n/g, '<br>')}</p>\r\n--b--\r\n`;
  return Buffer.from(head + '\r\n' + text + html);
}

const messages = Array.from({ length: count }, (_, i) => makeMessage(i));
const bytes = messages.reduce((n, m) => n + m.length, 0);
console.log(`${count} messages, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${Math.round(bytes / count)} bytes on average`);

{
  // Warm up, then measure.
  for (let i = 0; i < Math.min(500, count); i++) parseHeaders(messages[i]!, { receivedAt: 0 });
  const started = performance.now();
  let subjects = 0;
  for (const m of messages) subjects += parseHeaders(m, { receivedAt: 0 }).meta.subject.length > 0 ? 1 : 0;
  const seconds = (performance.now() - started) / 1000;
  if (subjects !== count) throw new Error(`only ${subjects} of ${count} subjects read`);
  console.log(`parseHeaders: ${Math.round(count / seconds)} messages/s (${seconds.toFixed(2)} s)`);
}

{
  const started = performance.now();
  for (let i = 0; i < FULL_SAMPLE; i++) await parseMessage(messages[i]!, { receivedAt: 0, maxMessageBytes: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  console.log(`parseMessage: ${Math.round(FULL_SAMPLE / seconds)} messages/s over ${FULL_SAMPLE} (${seconds.toFixed(2)} s)`);
}
