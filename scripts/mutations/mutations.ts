/**
 * The deliberate bugs `npm run test:mutations` introduces, one row each: for every promise in the
 * README's "What it promises" and every invariant the fault matrix claims, a bug that breaks it and
 * the tests that must fail because of it. A row is plain data — add one when you claim a new
 * invariant. `search` must occur exactly once in `file` (a row whose code moved fails loudly
 * instead of proving nothing); `expect` names tests (a substring of "describe > test") that must
 * each fail with the bug in place, and pass without it.
 */

export interface Mutation {
  /** The README promise or invariant the bug breaks. */
  readonly promise: string;
  /** The bug, in words. */
  readonly name: string;
  readonly file: string;
  readonly search: string;
  readonly replace: string;
  /** Test files to run (vitest unless `runner` says otherwise); nothing else runs. */
  readonly tests: readonly string[];
  readonly runner?: 'vitest' | 'playwright';
  /** Run only the tests whose name matches this pattern (vitest -t, Playwright --grep). */
  readonly grep?: string;
  /** Tests that must fail, each a substring of "describe > … > test title". */
  readonly expect: readonly string[];
}

const NO_LOSS = 'No mail is lost or duplicated; deleted from the server only after it is durably stored';
const HOSTILE = 'Mail content is hostile: HTML never runs script, remote images blocked until allowed, strict CSP';
const TLS = 'TLS by default, with verified certificates and no silent downgrade';
const SECRETS = 'Passwords stay in the main process, encrypted, and are never logged';
const WORDS = 'Errors say what happened, quoting the server';
const ONE_BAD = 'One message a server cannot or will not send stops no other mail, and is shown for what it is (issue 16)';

export const MUTATIONS: readonly Mutation[] = [
  // — No mail lost or duplicated —
  {
    promise: NO_LOSS,
    name: 'drop the POP-state write from the commit',
    file: 'renderer/src/data/fetch-store.ts',
    search: '        addPopEntries(db, batch.accountId, entries),\n',
    replace: '        undefined,\n',
    tests: ['e2e/fetch-matrix/connection.test.ts'],
    expect: ['the connection dropped > keep forever: dropped at the first RETR', 'the connection dropped > delete after download: dropped at RETR 5, after batch 1'],
  },
  {
    promise: NO_LOSS,
    name: 'DELE before the commit: the worker counts a batch as stored without waiting for its acknowledgement',
    file: 'electron/core/fetch/batch-runner.ts',
    search: '      outcome = await answer;\n',
    replace: '      void answer;\n      outcome = { committed: true };\n',
    tests: ['e2e/fetch-matrix/pipeline.test.ts', 'e2e/fetch-matrix/connection.test.ts'],
    expect: ['delete mode: acknowledgements reach main only after the next batch', 'the store fails > delete after download: the commit of batch 1 fails'],
  },
  {
    promise: NO_LOSS,
    name: 'DELE before the commit: main acknowledges each batch itself as it forwards it to the window',
    file: 'electron/main/fetch/service.ts',
    search: "        emit('fetchBatch', { fetchId, accountId: account.id, batchId: message.batchId, bytes: message.bytes, index: message.index });\n",
    replace:
      "        emit('fetchBatch', { fetchId, accountId: account.id, batchId: message.batchId, bytes: message.bytes, index: message.index });\n" +
      "        running.worker.postMessage({ type: 'ack', fetchId, batchId, outcome: { committed: true } });\n",
    tests: ['e2e/fetch-matrix/pipeline.test.ts', 'e2e/fetch-matrix/connection.test.ts'],
    expect: ['delete mode: acknowledgements reach main only after the next batch', 'the store fails > delete after download: the commit of batch 2 fails'],
  },
  {
    promise: NO_LOSS,
    name: 'a killed worker leaves its fetch running: main never reports it ended',
    file: 'electron/main/fetch/service.ts',
    search: "    worker.on('exit', (code) => this.finish(running, null, crashed(account, `exit code ${code}`), []));\n",
    replace: '',
    tests: ['e2e/fetch-matrix/worker.test.ts'],
    grep: 'delete after download: killed at (PASS|RETR 5)',
    expect: ['the worker thread killed > delete after download: killed at PASS', 'the worker thread killed > delete after download: killed at RETR 5'],
  },
  {
    promise: NO_LOSS,
    name: 'a failed commit is taken as stored (the session goes on to DELE)',
    file: 'electron/core/fetch/batch-runner.ts',
    search: '    if (!outcome.committed) {\n',
    replace: '    if (!outcome.committed && false) {\n',
    tests: ['e2e/fetch-matrix/connection.test.ts'],
    expect: ['the store fails > delete after download: the commit of batch 1 fails', 'the store fails > keep 0 days: the disk is full at batch 3'],
  },
  {
    promise: NO_LOSS,
    name: 'commit without strict durability',
    file: 'renderer/src/data/db.ts',
    search: "super(name, { chromeTransactionDurability: 'strict' });",
    replace: "super(name, { chromeTransactionDurability: 'relaxed' });",
    tests: ['e2e/fetch-matrix/pipeline.test.ts'],
    expect: ['every transaction that stores fetched mail is opened with strict durability'],
  },
  {
    promise: NO_LOSS,
    name: 'Get mail plans without the POP state the store kept',
    file: 'renderer/src/features/fetch/controller.ts',
    search: '      const popState = await popStateFor(deps.db, accountId);\n',
    replace: '      const popState = (await popStateFor(deps.db, accountId)).slice(0, 0);\n',
    tests: ['e2e/fetch-matrix/pipeline.test.ts'],
    expect: ['keep mode: every message stored once, byte for byte, with its POP state; the next Get mail downloads nothing'],
  },
  {
    promise: NO_LOSS,
    name: 'raw bytes not kept: the stored copy loses its last line break',
    file: 'renderer/src/data/fetch-store.ts',
    search: 'putRawChunk(db, rawChunk, messages.map((m) => ({ id: m.id, raw: m.raw }))),',
    replace: 'putRawChunk(db, rawChunk, messages.map((m) => ({ id: m.id, raw: m.raw.subarray(0, Math.max(0, m.raw.byteLength - 2)) }))),',
    tests: ['e2e/fetch-matrix/pipeline.test.ts', 'e2e/fetch-matrix/worker.test.ts'],
    expect: ['keep mode: every message stored once, byte for byte', 'the worker thread killed > keep forever: killed at RETR 5'],
  },
  {
    promise: NO_LOSS,
    name: 'keep N days skips its boundary (exactly N days keeps the message)',
    file: 'electron/core/fetch/plan.ts',
    search: 'now - downloadedAt >= policy.keepDays * DAY_MS',
    replace: 'now - downloadedAt > policy.keepDays * DAY_MS',
    tests: ['electron/core/fetch/plan.test.ts', 'e2e/fetch-matrix/keep-days.test.ts'],
    expect: ['keep N days at the boundary > keep 7 days, downloaded 7 days exactly ago', 'keep N days through the pipeline > keep 14 days, checked 14 days exactly after the download'],
  },
  {
    promise: NO_LOSS,
    name: 'keep N days deletes a millisecond early',
    file: 'electron/core/fetch/plan.ts',
    search: 'now - downloadedAt >= policy.keepDays * DAY_MS',
    replace: 'now - downloadedAt + 1 >= policy.keepDays * DAY_MS',
    tests: ['electron/core/fetch/plan.test.ts', 'e2e/fetch-matrix/keep-days.test.ts'],
    expect: ['keep N days at the boundary > keep 1 day, downloaded 1 day − 1 ms ago', 'keep N days through the pipeline > keep 1 day, checked 1 day − 1 ms after the download'],
  },

  // — Mail content is hostile —
  {
    promise: HOSTILE,
    name: 'the sanitizer lets <script> through',
    file: 'renderer/src/features/reader/sanitize.ts',
    search: '  FORBID_TAGS,\n',
    replace: "  FORBID_TAGS,\n  ADD_TAGS: ['script'],\n",
    tests: ['e2e/xss.spec.ts'],
    runner: 'playwright',
    grep: 'sanitizer alone',
    expect: ['sanitizer alone): script-tag'],
  },
  {
    promise: HOSTILE,
    name: 'the sanitizer keeps event handler attributes',
    file: 'renderer/src/features/reader/sanitize.ts',
    search: "  ADD_ATTR: ['background', 'srcset', 'lowsrc', 'dynsrc', 'poster'],\n",
    replace: "  ADD_ATTR: ['background', 'srcset', 'lowsrc', 'dynsrc', 'poster', 'onerror', 'onload', 'ontoggle', 'onfocus', 'onanimationstart'],\n",
    tests: ['e2e/xss.spec.ts'],
    runner: 'playwright',
    grep: 'sanitizer alone',
    expect: ['sanitizer alone): details-ontoggle'],
  },
  {
    promise: HOSTILE,
    name: 'remote images load without the person allowing them',
    file: 'renderer/src/features/reader/sanitize-policy.ts',
    search: '    if (ctx.allowRemote && /^https:\\/\\//i.test(url) && host !== \'\') return url;\n',
    replace: "    if (/^https?:\\/\\//i.test(url) && host !== '') return url;\n",
    tests: ['renderer/src/features/reader/sanitize-policy.test.ts'],
    expect: ['imageUrl > http remote', 'imageUrl > https remote'],
  },
  {
    promise: HOSTILE,
    name: "the app's CSP allows inline script",
    file: 'electron/main/csp.ts',
    search: `"default-src 'none'; script-src 'self'; `,
    replace: `"default-src 'none'; script-src 'self' 'unsafe-inline'; `,
    tests: ['electron/main/csp.test.ts'],
    expect: ['allows no remote origin except https images'],
  },

  // — TLS —
  {
    promise: TLS,
    name: 'certificate verification off (an unverified peer is accepted)',
    file: 'electron/core/tls/verify.ts',
    search: '  if (socket.authorized) return { ...info, authorized: true, pinned: false };\n',
    replace: '  if (socket.authorized || !socket.authorized) return { ...info, authorized: true, pinned: false };\n',
    tests: ['electron/core/pop3/security.test.ts'],
    expect: ['a self-signed server is ECERT with its fingerprint', 'a certificate for another host name is ECERT'],
  },
  {
    promise: TLS,
    name: 'autoconfig over HTTPS with rejectUnauthorized false',
    file: 'electron/core/autoconfig/https-fetch.ts',
    search: '      rejectUnauthorized: true,\n',
    replace: '      rejectUnauthorized: false,\n',
    tests: ['electron/core/autoconfig/https-fetch.test.ts'],
    expect: ['refuses an unknown CA'],
  },
  {
    promise: TLS,
    name: 'STARTTLS downgrade allowed: POP3 goes on in clear when the server does not offer STLS',
    file: 'electron/core/pop3/connect.ts',
    search: "    if (security === 'starttls') {\n",
    replace: "    if (security === 'starttls' && capa.caps.stls) {\n",
    tests: ['electron/core/pop3/security.test.ts'],
    expect: ['a server that does not advertise STLS is ETLS before any credential'],
  },
  {
    promise: TLS,
    name: 'STARTTLS downgrade allowed: SMTP sends without TLS when STARTTLS is missing',
    file: 'electron/core/smtp/client.ts',
    search: "      requireTLS: server.security === 'starttls',\n",
    replace: '      requireTLS: false,\n',
    tests: ['electron/core/smtp/client.test.ts'],
    expect: ['a server that does not offer STARTTLS is an error before AUTH, never a plaintext send'],
  },

  // — Passwords —
  {
    promise: SECRETS,
    name: 'a stored password in a log line',
    file: 'electron/main/fetch/service.ts',
    search: "  return account.incoming.auth === 'xoauth2' ? { token: secret } : { password: secret };\n",
    replace: "  console.info(`Getting mail for ${account.address} as ${account.incoming.username}:${secret}`);\n  return account.incoming.auth === 'xoauth2' ? { token: secret } : { password: secret };\n",
    tests: ['electron/main/no-secret-leak.test.ts'],
    expect: ['fetching, downloading a whole message, sending and both connection tests answer, emit and log no password'],
  },
  {
    promise: SECRETS,
    name: "a server's echo of the password goes to the window (answers not masked)",
    file: 'electron/main/handlers/index.ts',
    search: '  const scrubber = deps.scrubber;\n',
    replace: '  const scrubber = undefined as typeof deps.scrubber;\n',
    tests: ['electron/main/no-secret-leak.test.ts'],
    expect: ['fetching, downloading a whole message, sending and both connection tests answer, emit and log no password'],
  },
  {
    promise: SECRETS,
    name: "a server's echo of the password goes to the window in an event (events not masked)",
    file: 'electron/main/services.ts',
    search: '  const emit: MainEmit = (name, payload) => options.emit(name, scrubber.scrub(payload));\n',
    replace: '  const emit: MainEmit = (name, payload) => options.emit(name, payload);\n',
    tests: ['electron/main/no-secret-leak.test.ts'],
    expect: ['fetching, downloading a whole message, sending and both connection tests answer, emit and log no password'],
  },
  {
    promise: SECRETS,
    name: 'the password shown in the protocol transcript (PASS not masked)',
    file: 'electron/core/log/redact.ts',
    search: '      if (/^APOP/i.test(verb)) return `${verb} ${MASK}`;\n      return `${verb} ${MASK}`;\n',
    replace: '      if (/^APOP/i.test(verb)) return `${verb} ${MASK}`;\n      return line;\n',
    tests: ['electron/core/log/redact.test.ts'],
    expect: ['masks PASS and APOP digests'],
  },
  {
    promise: SECRETS,
    name: 'the password saved to disk unencrypted',
    file: 'electron/main/secrets/file-secret-store.ts',
    search: "      ciphertext = this.cipher.encrypt(secret).toString('base64');\n",
    replace: "      ciphertext = Buffer.from(secret).toString('base64');\n",
    tests: ['electron/main/secrets/file-secret-store.test.ts'],
    expect: ['the file holds neither the password nor its base64 or hex'],
  },

  // — Errors in words —
  {
    promise: WORDS,
    name: "POP3 errors drop the server's words",
    file: 'electron/core/pop3/errors.ts',
    search: '  const said = `(POP3: ${response})`;\n',
    replace: "  const said = '(POP3 error)';\n",
    tests: ['electron/core/pop3/auth.test.ts'],
    expect: ['wrong password, then the server hangs up: EAUTH, not ECONNECTION'],
  },

  // — One bad message stops no other mail (issue 16) —
  {
    promise: ONE_BAD,
    name: 'a RETR answered -ERR fails the whole download again (the batch before it thrown away)',
    file: 'electron/core/pop3/retrieve.ts',
    search: "          if (reply.status.kind === 'err') return { msg, data: null, problem: { kind: 'refused', error: errorFromReply(conn.host, command, reply.status, false) } };\n",
    replace: "          if (reply.status.kind === 'err') throw errorFromReply(conn.host, command, reply.status, false);\n",
    tests: ['electron/core/pop3/hostile.test.ts', 'electron/core/fetch/hostile.test.ts'],
    expect: ['-ERR Message is corrupt to one RETR (pipelined)', 'RETR answered "-ERR Message is corrupt"'],
  },
  {
    promise: ONE_BAD,
    name: 'a message that failed is tried again at every check, without bound',
    file: 'shared/model/pop-state.ts',
    search: "  return failure.reason !== 'too-big' && failure.attempts < MAX_DOWNLOAD_ATTEMPTS;\n",
    replace: "  return failure.reason !== 'too-big';\n",
    tests: ['electron/core/fetch/plan.test.ts', 'electron/core/fetch/hostile.test.ts'],
    expect: ['failed checks it is left on the server (skip), never deleted, in every mode', 'is tried again by the next checks, 3 in all'],
  },
  {
    promise: ONE_BAD,
    name: 'a message whose reply broke a session is tried again among the others, not alone',
    file: 'electron/core/fetch/plan.ts',
    search: "  return reason === 'mismatch' || reason === 'lost' ? { isolated: true } : {};\n",
    replace: '  return {};\n',
    tests: ['electron/core/fetch/plan.test.ts', 'e2e/fetch-matrix/hostile.test.ts'],
    expect: ['is tried again isolated', 'keep forever: every good message stored once'],
  },
  {
    promise: ONE_BAD,
    name: 'a message that failed is not recorded in the POP state',
    file: 'renderer/src/data/fetch-store.ts',
    search: '    await recordFailures(db, accountId, done.failed ?? []);\n',
    replace: '',
    tests: ['renderer/src/data/fetch-store.test.ts', 'e2e/fetch-matrix/hostile.test.ts'],
    expect: ['a failure is recorded on a new failed entry', 'keep forever: every good message stored once'],
  },
  {
    promise: ONE_BAD,
    name: '"Try again" leaves the attempts as they were',
    file: 'renderer/src/data/fetch-store.ts',
    search: '    await changePopEntries(db, [accountId], again.map((e) => e.localId), (e) => (e.failure ? { ...e, failure: { ...e.failure, attempts: 0 } } : e));\n',
    replace: '',
    tests: ['renderer/src/data/fetch-store.test.ts', 'e2e/fetch-matrix/hostile.test.ts'],
    expect: ['"Try again" gives every failed message its attempts back', 'keep forever: every good message stored once'],
  },
  {
    promise: NO_LOSS,
    name: 'the size limit applies to LIST only: a message listed at 2 KB streams 300 MB into memory and is stored',
    file: 'electron/core/pop3/delivery.ts',
    search: '      if (this.received > 2 * size + 2) return',
    replace: '      if (this.received > 2 * size + 2 && false) return',
    tests: ['electron/core/pop3/hostile.test.ts'],
    expect: ['LIST says 2 KB, RETR streams 300 MB: reading stops at twice the listed size'],
  },
  {
    promise: NO_LOSS,
    name: "the account's headers-only limit is not applied to what arrives",
    file: 'electron/core/fetch/session.ts',
    search: "a.kind === 'fetch' && policy.headersOnlyOverBytes !== null ? policy.headersOnlyOverBytes : Infinity",
    replace: 'Infinity',
    tests: ['electron/core/fetch/hostile.test.ts'],
    expect: ["the account's headers-only limit applies to what arrives"],
  },
  {
    promise: NO_LOSS,
    name: 'a message cut at the limit is stored as if whole (and deleted after download)',
    file: 'electron/core/fetch/batch-runner.ts',
    search: '          const copyId = head !== null && action.uid !== null ? await this.add(action, head, true) : undefined;\n',
    replace: '          const copyId = head !== null && action.uid !== null ? await this.add(action, head, false) : undefined;\n',
    tests: ['e2e/fetch-matrix/hostile.test.ts'],
    grep: 'delete after download: every good',
    expect: ['delete after download: every good message stored once'],
  },
  {
    promise: NO_LOSS,
    name: 'a status line inside pipelined data is taken as mail (a RETR that never ends swallows the next reply)',
    file: 'electron/core/pop3/delivery.ts',
    search: '    const swallowed = this.end !== null && this.behind() ? this.scan(chunk, before, false) : null;\n',
    replace: '    const swallowed = null as DeliveryProblem | null;\n',
    tests: ['electron/core/pop3/hostile.test.ts', 'electron/core/fetch/hostile.test.ts'],
    expect: ['a RETR that never ends swallows the next reply', 'a RETR that never terminates: what came before is stored'],
  },
  {
    promise: NO_LOSS,
    name: '"+OK n octets" is not checked against LIST (a reply meant for another RETR is taken for this one)',
    file: 'electron/core/pop3/delivery.ts',
    search: "    if (listed !== undefined && !sizesAgree(size, listed)) return { kind: 'mismatch', why: 'announced', received: 0, expected: listed };\n",
    replace: '',
    tests: ['electron/core/pop3/hostile.test.ts', 'electron/core/pop3/delivery.test.ts'],
    expect: ['a reply announcing another size than LIST', 'an announced size that disagrees with LIST'],
  },
  {
    promise: NO_LOSS,
    name: 'a message that ended early (a dot line the server did not stuff) is handed over before the reply after it begins',
    file: 'electron/core/pop3/retrieve.ts',
    search: "        if (after !== null && after.code === 'EPROTOCOL') item =",
    replace: "        if (after !== null && after.code === 'EPROTOCOL' && false) item =",
    tests: ['electron/core/fetch/hostile.test.ts'],
    expect: ['a dot line the server did not stuff ends a message early'],
  },
  {
    promise: NO_LOSS,
    name: 'a message whose UIDL is listed twice is deleted on the strength of what Heron remembers',
    file: 'electron/core/fetch/plan.ts',
    search: '(listedTimes.get(action.uid) ?? 0) > 1',
    replace: '(listedTimes.get(action.uid) ?? 0) > 99',
    tests: ['electron/core/fetch/plan.test.ts'],
    expect: ['keeps both once both are stored; never deletes either on the strength of memory', 'with equal sizes, matches as many as are remembered'],
  },
  {
    promise: ONE_BAD,
    name: 'a server without CAPA is never asked for UIDL (keep mode refused)',
    file: 'electron/core/pop3/session.ts',
    search: '    const wantUidl = needUidl || client.capabilities.uidl || !client.capabilitiesKnown;\n',
    replace: '    const wantUidl = needUidl || client.capabilities.uidl;\n',
    tests: ['electron/core/pop3/listing.test.ts', 'electron/core/fetch/hostile.test.ts'],
    expect: ['a server without CAPA that answers UIDL', 'keep mode on a server without CAPA that answers UIDL'],
  },
  {
    promise: ONE_BAD,
    name: 'UIDL answered -ERR fails a delete-mode fetch',
    file: 'electron/core/pop3/session.ts',
    search: '(!needUidl && refused(error) ? null : Promise.reject(error))',
    replace: '(Promise.reject(error))',
    tests: ['electron/core/pop3/listing.test.ts', 'electron/core/fetch/hostile.test.ts'],
    expect: ['UIDL answered -ERR when the caller can go on without it', 'delete mode with UIDL answered -ERR'],
  },
  {
    promise: ONE_BAD,
    name: 'a UIDL over 70 characters makes the listing unreadable',
    file: 'electron/core/pop3/listing.ts',
    search: "  if (!m || m[2] === '') return null;\n",
    replace: "  if (!m || m[2] === '' || (m[2] as string).length > 70) return null;\n",
    tests: ['electron/core/pop3/listing.test.ts', 'electron/core/fetch/hostile.test.ts'],
    expect: ['UIDLs over 70 characters, with spaces, non-ASCII or control bytes', 'UIDLs over 70 characters, with spaces or outside ASCII'],
  },
  {
    promise: ONE_BAD,
    name: 'the APOP timestamp found by a backtracking pattern (quadratic in a hostile greeting)',
    file: 'electron/core/pop3/auth.ts',
    search: 'export function apopTimestamp(greeting: string): string | null {\n',
    replace: 'export function apopTimestamp(greeting: string): string | null {\n  if (greeting.length >= 0) return /<[^<>\\s]+@[^<>\\s]+>/.exec(greeting)?.[0] ?? null;\n',
    tests: ['electron/core/pop3/auth.test.ts'],
    grep: 'hostile greeting',
    expect: ['is found after a 1 MB run that has no end'],
  },
  {
    promise: NO_LOSS,
    name: 'the session waits for a commit that never answers, whatever its signal says',
    file: 'electron/core/fetch/session.ts',
    search: '  if (!signal) return answer;\n',
    replace: '  if (signal || !signal) return answer;\n',
    tests: ['electron/core/fetch/session.test.ts'],
    grep: 'cancelling',
    expect: ['an abort while a commit is pending ends the session at once'],
  },
];
