/** The person's side of the junk filter: marking mail junk or not junk (which trains it and files the mail). */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../data/db';
import { junkRepo } from '../../data/junk-repo';
import { rulesRepo } from '../../data/rules-repo';
import type { RuleLogEntry } from '../../../../shared/model/rule';

export function markJunk(ids: readonly string[]): Promise<void> {
  return junkRepo(getDb()).markJunk(ids);
}

export function markNotJunk(ids: readonly string[]): Promise<void> {
  return junkRepo(getDb()).markNotJunk(ids);
}

/** What rules and the junk filter did to a message, oldest first. */
export function useRuleLog(messageId: string | null): RuleLogEntry[] | undefined {
  return useLiveQuery(() => (messageId === null ? Promise.resolve([]) : rulesRepo(getDb()).logOf(messageId)), [messageId]);
}
