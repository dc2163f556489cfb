/**
 * The outbox runner: drains due items per account through `sendMessages` (several per call, so
 * main reuses one connection), applies each outcome as it arrives, and sleeps until the next item
 * is due, or until the network comes back. Everything it touches is injected (repo, send call,
 * accounts, clock, online signal) so a test drives it with a fake clock.
 *
 * Never a silent second copy: items are marked 'sending' on disk before main sees them; a call
 * that fails after main may have started (bridge timeout, main crashed) leaves every item without
 * an outcome 'uncertain', for the person to decide.
 */
import type { SendProgress, SendResult, SendStateDto } from '../../../../shared/ipc/calls/send';
import type { Result, SerializedError } from '../../../../shared/ipc/result';
import type { OutgoingServer } from '../../../../shared/model/account';
import type { Envelope, SendOutcome } from '../../../../shared/model/draft';
import { FIRST_RETRY_MS } from '../../../../shared/model/outbox';
import type { OutboxRepo } from '../../data/outbox-repo';
import { log } from '../../log/logger';

export interface RunnerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** An Outbox item as main sends it: main has its bytes (it built them; the store keeps them too). */
export interface SendItem {
  readonly id: string;
  readonly envelope: Envelope;
}

export interface RunnerDeps {
  readonly repo: OutboxRepo;
  readonly send: (input: { accountId: string; outgoing: OutgoingServer; items: SendItem[] }) => Promise<Result<SendResult>>;
  /** What main knows of items this window finds 'sending' at start (a reload while main went on). */
  readonly sendState?: (ids: string[]) => Promise<Result<SendStateDto>>;
  /** Outgoing settings of an account (null: the account is gone; its items wait). */
  readonly outgoing: (accountId: string) => Promise<OutgoingServer | null>;
  /** Subscribes to main's per-item progress; returns the unsubscribe. */
  readonly onProgress?: (listener: (p: SendProgress) => void) => () => void;
  /** Fires when the network comes back (window 'online'). */
  readonly onOnline?: (listener: () => void) => () => void;
  /** Fires when the machine wakes from sleep (main's powerMonitor 'resume', relayed as `systemResumed`). */
  readonly onResume?: (listener: () => void) => () => void;
  readonly clock?: RunnerClock;
  readonly random?: () => number;
  /** Items per call and bytes per call (one connection each); defaults 25 and 64 MiB. */
  readonly batch?: { readonly max?: number; readonly maxBytes?: number };
}

export interface OutboxRunner {
  /** Settles items left 'sending' (from main's answer, else "may have been sent"), then drains. */
  start(): Promise<void>;
  /** Something was queued or retried: drain now. Resolves when this pass is done. */
  kick(): Promise<void>;
  stop(): void;
}

const realClock: RunnerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * The runner looks at least this often while something waits: a timer set before the machine
 * slept can fire late, so a message due meanwhile still goes within a minute of waking even if
 * the wake-up event never came.
 */
export const MAX_SLEEP_MS = 60_000;

export function createOutboxRunner(deps: RunnerDeps): OutboxRunner {
  const clock = deps.clock ?? realClock;
  const max = deps.batch?.max ?? 25;
  const maxBytes = deps.batch?.maxBytes ?? 64 * 1024 * 1024;
  let timer: unknown = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const unsubscribe: (() => void)[] = [];

  const apply = (outcome: SendOutcome) => deps.repo.applyOutcome(outcome, clock.now(), deps.random);

  async function sendAccount(accountId: string): Promise<void> {
    // Bounded: each pass claims at least one item or stops; the outbox cannot grow while we drain it.
    for (let round = 0; round < 1000 && !stopped; round++) {
      const outgoing = await deps.outgoing(accountId);
      if (!outgoing) return;
      const claimed = await deps.repo.claimDue(accountId, clock.now(), { max, maxBytes });
      if (claimed.length === 0) return;
      const items: SendItem[] = claimed.map((row) => ({ id: row.id, envelope: row.envelope }));
      const ids = claimed.map((r) => r.id);
      const answer = await deps.send({ accountId, outgoing, items });
      if (answer.ok) {
        for (const outcome of answer.value.outcomes) await apply(outcome);
        // An outcome main never reported (should not happen): the item may have gone out.
        const missing = ids.filter((id) => !answer.value.outcomes.some((o) => o.id === id));
        for (const id of missing) await apply(uncertain(id, 'Heron lost track of this message while sending it.'));
        // Whatever failed for the connection as a whole stops this account's round (the rest waits for its backoff).
        if (answer.value.outcomes.some((o) => o.status !== 'sent' && !o.attempted)) return;
        continue;
      }
      await handleCallFailure(ids, answer.error);
      return;
    }
  }

  /**
   * The call as a whole failed. Main refuses ENOSECRET, ESIGNIN, EBUSY and EINVALID before any network
   * work, so those items were never tried; any other failure may have happened mid-queue.
   */
  async function handleCallFailure(ids: readonly string[], error: SerializedError): Promise<void> {
    const now = clock.now();
    switch (error.code) {
      case 'EBUSY':
        await deps.repo.release(ids, 'waiting-retry', error, now + 5_000);
        return;
      case 'ENOSECRET':
      case 'ESIGNIN':
      case 'EINVALID':
        // Needs the person (enter the password, fix the account); the item keeps its place.
        await deps.repo.release(ids, 'failed', error, 0);
        return;
      default:
        for (const id of ids) {
          await apply(uncertain(id, `Heron could not tell whether this message was sent (${error.message}). Check with a recipient, then choose “Send again” or “Mark as sent”.`));
        }
    }
  }

  /**
   * Items left 'sending' by a window that stopped: main may still know what became of them (it
   * went on); what it does not know may have been sent, and waits for the person.
   */
  async function recover(): Promise<void> {
    const left = (await deps.repo.sending()).map((r) => r.id).slice(0, 1000);
    let stillSending: readonly string[] = [];
    if (left.length > 0 && deps.sendState) {
      const answer = await deps.sendState(left).catch(() => null);
      if (answer?.ok) {
        for (const outcome of answer.value.outcomes) await apply(outcome);
        stillSending = answer.value.sending;
      }
    }
    await deps.repo.recoverInterrupted(stillSending);
  }

  async function pass(): Promise<void> {
    do {
      again = false;
      const accounts = await deps.repo.accountsDue(clock.now());
      for (const accountId of accounts) {
        if (stopped) return;
        await sendAccount(accountId);
      }
    } while (again && !stopped);
    schedule(await deps.repo.nextWakeUp());
  }

  function schedule(at: number | null): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (stopped || at === null) return;
    const ms = Math.min(Math.max(at - clock.now(), 0), MAX_SLEEP_MS);
    timer = clock.setTimeout(() => {
      timer = null;
      void kick();
    }, ms);
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        // A store failure: try again after the first backoff step rather than spin.
        log.error('The outbox runner failed', error);
        schedule(clock.now() + FIRST_RETRY_MS);
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    async start() {
      stopped = false;
      // Listening first: an outcome main reports while this window settles its items is not missed.
      if (deps.onProgress) {
        unsubscribe.push(
          deps.onProgress((p) => {
            void apply(p.outcome);
          }),
        );
      }
      await recover();
      // Back online, or awake: retries are due now; a message held until a time keeps it.
      const wake = () => void deps.repo.sendNow(clock.now()).then(() => kick());
      if (deps.onOnline) unsubscribe.push(deps.onOnline(wake));
      if (deps.onResume) unsubscribe.push(deps.onResume(wake));
      await kick();
    },
    kick,
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      for (const u of unsubscribe.splice(0)) u();
    },
  };
}

function uncertain(id: string, message: string): SendOutcome {
  return { id, status: 'uncertain', attempted: true, error: { code: 'EUNCERTAIN', message, retryable: false }, perRecipient: [] };
}
