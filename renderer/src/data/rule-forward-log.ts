/**
 * What became of a rule's forward, for the rule log of the message it forwards: sent, or not
 * (with the server's words, as the Outbox shows them). A try that will be repeated says nothing
 * yet; its final outcome does.
 */
import type { OutboxItem } from '../../../shared/model/draft';
import type { PendingForward, RuleLogEntry } from '../../../shared/model/rule';

export function forwardOutcomeLog(rule: PendingForward | undefined, next: Pick<OutboxItem, 'status' | 'lastError'>, now: number): RuleLogEntry | null {
  if (!rule) return null;
  const base = { id: `${rule.messageId}:${rule.id}:${next.status}:${now}`, messageId: rule.messageId, at: now, trigger: rule.trigger, ruleId: rule.ruleId, ruleName: rule.ruleName };
  const to = rule.to.join(', ');
  if (next.status === 'sent') return { ...base, did: [`Forwarded to ${to}`] };
  if (next.status === 'failed' || next.status === 'uncertain') {
    return { ...base, did: [], error: `The forward to ${to} was not sent: ${next.lastError?.message ?? 'the server did not take it'} It waits in the Outbox.` };
  }
  return null;
}
