/**
 * `npm run bench:outbox-faults`: the Outbox's fault-injection run at full size — 1,000 randomized
 * sends (undo window, Send later, at once) through the real runner, store and send service on
 * fake-indexeddb and real sockets, with crashes of the window and of the whole app, sleeps with
 * and without the wake-up event, and the network lost at each SMTP step (e2e/outbox-faults/
 * simulate.ts). Prints its counts and exits non-zero if a message was lost, sent twice or sent
 * before its time, or a window that crashed while main was on the wire asked the person about it. The test suite runs a smaller seeded run (e2e/outbox-faults/faults.test.ts).
 *
 *   npm run bench:outbox-faults -- [--sends 1000] [--seed 2026]
 */
import 'fake-indexeddb/auto';
import { formatCounts, runOutboxFaults } from '../../e2e/outbox-faults/simulate';
import { intOption } from './measure';

const SENDS = intOption('sends', 1_000, 1, 20_000);
const SEED = intOption('seed', 2026, 0, 2 ** 31);

const started = performance.now();
const counts = await runOutboxFaults({ sends: SENDS, seed: SEED });
console.log(`outbox fault run, seed ${SEED}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(formatCounts(counts));
const broken = counts.lost + counts.duplicates + counts.early + counts.uncertainAfterWindowCrashOnWire > 0 || counts.delivered !== SENDS;
console.log(
  broken
    ? 'FAILED: a message was lost, sent twice or sent before its time, or a window crash left the person a question main could answer'
    : 'ok: every message went once, at or after its time',
);
process.exit(broken ? 1 : 0);
