/**
 * Rules' forwards, after the commit (issue 19): a forward a rule asked for waits in
 * `ruleForwards`, committed with the message it forwards (fetch-store.ts, rules-stored.ts). Here
 * the window makes each into a forward draft and queues it like any message, through main, which
 * builds the bytes and puts them in the Outbox; the store drops the wait in that same commit
 * (outbox-repo.ts `enqueue`), so a forward is never queued twice, and one that waits survives a
 * restart. The Outbox sends it through the account's own server, with its retries, and shows a
 * failure like any other; the message's rule log says what became of it (rule-forward-log.ts).
 */
import type { PendingForward, RuleLogEntry } from '../../../../shared/model/rule';
import type { HeronDb } from '../../data/db';
import { createForwardDraft } from '../compose/session';

export interface RuleForwardDeps {
  readonly db: HeronDb;
  /** Puts a draft's message in the Outbox (main builds it; the store commits it): queueDraft, in the app. */
  readonly queue: (draftId: string) => Promise<void>;
  readonly now?: () => number;
}

function retryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'retryable' in error && (error as { retryable: unknown }).retryable === true;
}

/** Queues every forward that waits, oldest first. Answers how many went to the Outbox. */
export async function queueRuleForwards(deps: RuleForwardDeps): Promise<number> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const waiting = (await db.ruleForwards.toArray()).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  let queued = 0;
  for (const f of waiting) {
    try {
      // A draft made before a restart is the same forward: it is queued, not made again.
      const draft = (await db.drafts.get(`d-${f.id}`)) ?? (await createForwardDraft(db, f.messageId, f.asAttachment, now(), f));
      await deps.queue(draft.id);
      queued += 1;
    } catch (error) {
      // Queued meanwhile (another pass got there first): nothing was lost.
      if (!(await db.ruleForwards.get(f.id))) continue;
      // The store or main was busy: the next pass tries again.
      if (retryable(error)) continue;
      await giveUp(db, f, error instanceof Error ? error.message : String(error), now());
    }
  }
  return queued;
}

/** A forward that cannot be made (its message is gone, its account, its address refused): said in the rule log, never silently dropped. */
async function giveUp(db: HeronDb, f: PendingForward, why: string, at: number): Promise<void> {
  const entry: RuleLogEntry = { id: `${f.messageId}:${f.id}:given-up`, messageId: f.messageId, at, trigger: f.trigger, ruleId: f.ruleId, ruleName: f.ruleName, did: [], error: `The forward to ${f.to.join(', ')} could not be queued: ${why}` };
  await db.transaction('rw', [db.ruleForwards, db.ruleLog, db.drafts], async () => {
    if (!(await db.ruleForwards.get(f.id))) return;
    await db.ruleForwards.delete(f.id);
    await db.ruleLog.put(entry);
    const draft = await db.drafts.get(`d-${f.id}`);
    if (draft && draft.outboxId === null) await db.drafts.delete(draft.id);
  });
}
