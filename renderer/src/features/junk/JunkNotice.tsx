/**
 * Above a message the filter judged, or that sits in Junk: why (the score and the most decisive
 * words), and that links and remote content are off here; "Not junk" puts it back.
 */
import type { MessageRow } from '../../data/rows';
import type { RuleLogEntry } from '../../../../shared/model/rule';
import { markNotJunk } from './use-junk';

export function JunkNotice({ meta, log }: { meta: MessageRow; log: readonly RuleLogEntry[] }) {
  const judged = [...log].reverse().find((e) => e.trigger === 'junk' && e.ruleId === null && e.ruleName === 'Junk filter');
  const inJunk = meta.folder === 'junk';
  const unsure = !inJunk && judged?.did[0]?.startsWith('Unsure') === true;
  if (!inJunk && !unsure) return null;
  const words = judged?.words ?? [];
  const why =
    meta.junk?.trained === 'junk'
      ? 'You marked this message as junk.'
      : judged
        ? `Heron's junk filter ${inJunk ? 'put this message in Junk' : 'is unsure about this message'}: ${judged.did[0]?.replace(/^.*\((junk )?score (\d+ %)\).*$/, 'junk score $2') ?? ''}.`
        : 'This message is in Junk.';
  return (
    <div className="junk-notice" role="note" aria-label="Junk">
      <p>{why}</p>
      {words.length > 0 && meta.junk?.trained !== 'junk' ? (
        <p>
          Most decisive words:{' '}
          {words.map((w, i) => (
            <span key={w}>
              {i > 0 ? ', ' : ''}
              <q>{w}</q>
            </span>
          ))}
        </p>
      ) : null}
      {inJunk ? <p>Links are disabled and remote content stays blocked in Junk.</p> : null}
      {inJunk ? (
        <button type="button" className="button" onClick={() => void markNotJunk([meta.id])}>
          Not junk
        </button>
      ) : null}
    </div>
  );
}
