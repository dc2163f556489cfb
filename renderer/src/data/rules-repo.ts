/**
 * The person's rules (shared/model/rule.ts): kept in `rules`, in order, and each message's rule
 * log in `ruleLog`. Rules are written by the window (Settings); the store worker reads them for
 * each fetched batch (rules-arrival.ts), so an edit applies to the next batch.
 */
import type { Rule, RuleLogEntry } from '../../../shared/model/rule';
import type { HeronDb } from './db';

export function rulesRepo(db: HeronDb) {
  return {
    async list(): Promise<Rule[]> {
      return db.rules.orderBy('order').toArray();
    },
    /** Saves a new or edited rule; an edit clears the problem it had (the person changed it). */
    async save(rule: Rule): Promise<void> {
      const { problem: _problem, ...rest } = rule;
      await db.rules.put(rest);
    },
    /** Adds rules after the existing ones (an import), keeping their relative order. */
    async append(rules: readonly Rule[]): Promise<void> {
      await db.transaction('rw', db.rules, async () => {
        const last = await db.rules.orderBy('order').last();
        const start = (last?.order ?? 0) + 1;
        await db.rules.bulkPut(rules.map((r, i) => ({ ...r, order: start + i })));
      });
    },
    async remove(id: string): Promise<void> {
      await db.rules.delete(id);
    },
    async setEnabled(id: string, enabled: boolean): Promise<void> {
      await db.rules.update(id, { enabled });
    },
    /** Moves a rule one place up (−1) or down (+1), swapping with its neighbour. */
    async move(id: string, by: -1 | 1): Promise<void> {
      await db.transaction('rw', db.rules, async () => {
        const rules = await db.rules.orderBy('order').toArray();
        const i = rules.findIndex((r) => r.id === id);
        const j = i + by;
        const a = rules[i];
        const b = rules[j];
        if (!a || !b) return;
        // Orders may repeat after imports: renumber the whole list so the swap is exact.
        const next = rules.map((r, k) => ({ ...r, order: k + 1 }));
        next[i] = { ...a, order: j + 1 };
        next[j] = { ...b, order: i + 1 };
        await db.rules.bulkPut(next);
      });
    },
    logOf(messageId: string): Promise<RuleLogEntry[]> {
      return db.ruleLog.where('messageId').equals(messageId).sortBy('at');
    },
  };
}

/** Records the problems rules met (by rule id) on the rules, for Settings to show. */
export async function recordRuleProblems(db: HeronDb, problems: ReadonlyMap<string, string>, at: number): Promise<void> {
  if (problems.size === 0) return;
  const rules = await db.rules.bulkGet([...problems.keys()]);
  const changed = rules.flatMap((r) => {
    const message = r ? problems.get(r.id) : undefined;
    return r && message !== undefined && r.problem?.message !== message ? [{ ...r, problem: { at, message } }] : [];
  });
  if (changed.length > 0) await db.rules.bulkPut(changed);
}
