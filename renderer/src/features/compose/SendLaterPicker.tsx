/** Send later: a few presets (tomorrow morning …) and a date and time of the person's choosing. */
import { useId, useState } from 'react';
import { formatSendTime, fromLocalInput, laterPresets, toLocalInput } from './send-hold';

export function SendLaterPicker({ onChoose, onCancel }: { onChoose: (at: number) => void; onCancel: () => void }) {
  const id = useId();
  const [now] = useState(() => Date.now());
  const presets = laterPresets(now);
  const [custom, setCustom] = useState(() => toLocalInput(presets.find((p) => p.label === 'Tomorrow morning')?.at ?? now + 3600_000));
  const [problem, setProblem] = useState<string | null>(null);
  const chooseCustom = () => {
    const at = fromLocalInput(custom);
    if (at === null) return setProblem('Enter a date and a time.');
    if (at <= Date.now()) return setProblem('That time has passed; choose one in the future, or press Send.');
    onChoose(at);
  };
  return (
    <div
      className="send-later"
      role="dialog"
      aria-label="Send later"
      onKeyDown={(e) => {
        // Esc closes the picker, not the message.
        if (e.key === 'Escape') {
          e.stopPropagation();
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <p className="send-later-title">Send this message later. It waits in the Outbox until then, also while Heron is closed.</p>
      <ul className="send-later-presets">
        {presets.map((p) => (
          <li key={p.label}>
            <button type="button" className="button" onClick={() => onChoose(p.at)}>
              {p.label} <span className="compose-hint">{formatSendTime(p.at, now)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="send-later-custom">
        <label htmlFor={`${id}-at`}>Date and time</label>
        <input
          id={`${id}-at`}
          type="datetime-local"
          value={custom}
          min={toLocalInput(now)}
          onChange={(e) => (setProblem(null), setCustom(e.target.value))}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <button type="button" className="button button-primary" onClick={chooseCustom}>
          Schedule
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {problem ? (
        <p className="field-error" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
