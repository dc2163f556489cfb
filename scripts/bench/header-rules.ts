/**
 * Header-only rules as a person writes them (addresses, subjects, a list header, a size), the same
 * set for bench:junk (the engine alone) and bench:fetch --rules (during a real fetch).
 */
import type { Rule } from '../../shared/model/rule';

export function headerRules(count: number): Rule[] {
  return Array.from({ length: count }, (_, i): Rule => ({
    id: `r${i}`,
    name: `rule ${i}`,
    enabled: true,
    order: i,
    accountId: null,
    triggers: { arrival: true, manual: false, sending: false },
    junkPhase: 'after',
    match: i % 2 === 0 ? 'all' : 'any',
    conditions: [
      [{ field: 'from', operator: 'contains', value: `sender${i}@` }],
      [{ field: 'subject', operator: 'matches', value: `^(re: )?report ${i}\\b` }],
      [{ field: 'header', header: 'List-Id', operator: 'contains', value: `list${i}.example` }],
      [{ field: 'recipients', operator: 'is', value: `team${i}@example.org` }],
      [{ field: 'size', operator: 'greater-than', value: String(5000 + i) }, { field: 'subject', operator: 'begins-with', value: `[list${i}]` }],
    ][i % 5] as Rule['conditions'],
    actions: [{ kind: 'move', folderId: 'trash' }, { kind: 'star' }],
  }));
}
