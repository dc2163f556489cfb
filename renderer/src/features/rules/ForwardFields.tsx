/**
 * The "Forward to" action's fields: the addresses (comma or semicolon between them, as in
 * Compose), and whether the message goes inline or as an attachment. The text is kept as typed;
 * the rule holds the addresses it names, which the editor checks before saving (rule-draft.ts).
 */
import { useState } from 'react';
import type { RuleAction } from '../../../../shared/model/rule';

type ForwardAction = Extract<RuleAction, { kind: 'forward' }>;

/** The addresses typed, split and trimmed, empty pieces left out. */
export function forwardAddresses(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function ForwardFields({ index, action, onChange }: { index: number; action: ForwardAction; onChange(next: ForwardAction): void }) {
  const [text, setText] = useState(action.to.join(', '));
  return (
    <>
      <input
        type="text"
        aria-label={`Action ${index}: forward to`}
        placeholder="name@example.com"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange({ ...action, to: forwardAddresses(e.target.value) });
        }}
      />
      <select
        aria-label={`Action ${index}: forward as`}
        value={action.asAttachment ? 'attachment' : 'inline'}
        onChange={(e) => onChange({ ...action, asAttachment: e.target.value === 'attachment' })}
      >
        <option value="inline">inline, with its attachments</option>
        <option value="attachment">as an attachment</option>
      </select>
    </>
  );
}
