/**
 * The journeys' mailbox: mail nobody at Heron would write by hand for a fixture, in the shapes real
 * servers deliver (non-ASCII headers and bodies, attachments, HTML-only, inline images, a thread
 * with folded References, Message-IDs with the punctuation big providers use, broken MIME). Senders
 * are users of the test domain, so an answer to any of them is delivered by the real Postfix.
 */
import { createHash } from 'node:crypto';

export interface JourneyMail {
  /** A short key the specs use to find the message. */
  readonly key: string;
  /** The subject as the list and the reader show it (decoded). */
  readonly subject: string;
  /** Text the reader must show. */
  readonly shows: string;
  /** The Message-ID without angle brackets, or null when the message has none. */
  readonly messageId: string | null;
  readonly bytes: Buffer;
}

/** Deterministic bytes (a PDF that is not one, a PNG that is one): the same on every run. */
export function fixedBytes(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < length; i += block.length) {
    block.copy(out, i, 0, Math.min(block.length, length - i));
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

export const REPORT_PDF = fixedBytes('journey report.pdf', 48_213);
// 1×1 transparent PNG.
export const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const b64 = (buf: Buffer): string => buf.toString('base64').replace(/.{76}/g, '$&\n');
const utf8 = (s: string): Buffer => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'utf8');
const latin1 = (s: string): Buffer => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');

export const PLAN_ROOT_ID = 'CAF=8Qm+root_1@mail.test.domain';
export const PLAN_REPLY_ID = 'CAF=8Qm+reply.2@mail.test.domain';

export function journeyMailbox(): JourneyMail[] {
  return [
    {
      key: 'plain',
      subject: 'Überraschung für Alice — 日本語の件名',
      shows: 'Liebe Alice, die Überraschung ist fertig. 日本語の本文もあります。',
      messageId: 'plain.1743@mail.test.domain',
      bytes: utf8(`Return-Path: <bob@test.domain>
From: =?UTF-8?Q?Bob_B=C3=A4cker?= <bob@test.domain>
To: Alice Test <alice@test.domain>
Subject: =?UTF-8?B?w5xiZXJyYXNjaHVuZyBmw7xyIEFsaWNlIOKAlCDml6XmnKzoqp7jga7ku7blkI0=?=
Date: Mon, 16 Mar 2026 09:15:00 +0100
Message-ID: <plain.1743@mail.test.domain>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Liebe Alice, die Überraschung ist fertig. 日本語の本文もあります。

Bis bald,
Bob
`),
    },
    {
      key: 'thread',
      subject: 'Re: Project plan',
      shows: 'Agreed on the second milestone',
      messageId: PLAN_REPLY_ID,
      bytes: utf8(`From: Carol Chen <carol@test.domain>
To: Alice Test <alice@test.domain>, Bob Bäcker <bob@test.domain>
Cc: Dan <dan@test.domain>
Subject: Re: Project plan
Date: Tue, 17 Mar 2026 14:02:11 -0700
Message-ID: <${PLAN_REPLY_ID}>
In-Reply-To: <${PLAN_ROOT_ID}>
References: <older.thread.start@lists.test.domain>
 <${PLAN_ROOT_ID}>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1_plan"

--b1_plan
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

Agreed on the second milestone. Let's move the review to Friday =E2=80=94 ok=
ay?

> Bob wrote: the first milestone slips a week.
--b1_plan
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3D=
utf-8"></head><body><p>Agreed on the second milestone. Let's move the review =
to Friday =E2=80=94 okay?</p><blockquote>Bob wrote: the first milestone slips=
 a week.</blockquote></body></html>
--b1_plan--
`),
    },
    {
      key: 'html-only',
      subject: 'Your invoice is ready',
      shows: 'Thank you for your order',
      messageId: '0100018e.a1b2c3d4@mailer.test.domain',
      bytes: utf8(`From: "Shop at Test" <carol@test.domain>
To: alice@test.domain
Subject: Your invoice is ready
Date: Wed, 18 Mar 2026 08:00:00 +0000
Message-ID: <0100018e.a1b2c3d4@mailer.test.domain>
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8

<!doctype html><html><body><table><tr><td><h2>Thank you for your order</h2>
<p>Invoice <b>#2026-0318</b> is attached to your account. Total: 42,00&nbsp;€</p></td></tr></table></body></html>
`),
    },
    {
      key: 'attachments',
      subject: 'Quarterly report with the logo',
      shows: 'The report is attached',
      messageId: 'report-q1.77@test.domain',
      bytes: utf8(`From: Bob Bäcker <bob@test.domain>
To: alice@test.domain
Subject: Quarterly report with the logo
Date: Thu, 19 Mar 2026 11:30:00 +0000
Message-ID: <report-q1.77@test.domain>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=UTF-8

<p>The report is attached. <img src="cid:logo.77@test.domain" alt="logo"></p>
--rel
Content-Type: image/png
Content-ID: <logo.77@test.domain>
Content-Disposition: inline; filename="logo.png"
Content-Transfer-Encoding: base64

${b64(PIXEL_PNG)}
--rel--
--mix
Content-Type: application/pdf; name="report.pdf"
Content-Disposition: attachment; filename="report.pdf"
Content-Transfer-Encoding: base64

${b64(REPORT_PDF)}
--mix--
`),
    },
    {
      key: 'cp1252',
      subject: 'Café prices – 5 € each',
      shows: 'Grüße aus München: der Kaffee kostet 5 € – „wirklich“.',
      messageId: 'cp1252-9@test.domain',
      bytes: Buffer.concat([
        latin1(`From: =?windows-1252?Q?J=FCrgen_M=FCller?= <bob@test.domain>
To: alice@test.domain
Subject: =?windows-1252?Q?Caf=E9_prices_=96_5_=80_each?=
Date: Fri, 20 Mar 2026 12:00:00 +0100
Message-ID: <cp1252-9@test.domain>
MIME-Version: 1.0
Content-Type: text/plain; charset=windows-1252
Content-Transfer-Encoding: 8bit

`),
        // "Grüße aus München: der Kaffee kostet 5 € – „wirklich“." in windows-1252 (€ 0x80, – 0x96, „ 0x84, “ 0x93).
        Buffer.from(
          '4772fc df 6520 617573 204dfc6e6368656e3a 20646572 204b6166666565 206b6f73746574 2035 2080 2096 2084 7769726b6c696368 93 2e 0d0a'.replace(
            / /g,
            '',
          ),
          'hex',
        ),
      ]),
    },
    {
      key: 'broken',
      subject: 'Broken structure',
      shows: 'A body whose boundary never closes',
      messageId: null,
      bytes: utf8(`From: carol@test.domain
Subject: Broken structure
Date: Sat, 21 Mar 2026 07:00:00 +0000
Content-Type: multipart/mixed; boundary="never"

--never
Content-Type: text/plain; charset=utf-8

A body whose boundary never closes
`),
    },
  ];
}

export function mailByKey(key: string): JourneyMail {
  const m = journeyMailbox().find((x) => x.key === key);
  if (!m) throw new Error(`no journey mail ${key}`);
  return m;
}
