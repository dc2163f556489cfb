/** Words for an import, export, backup or restore: its progress while it runs, and how it ended. */
import type { OwnMailJobKind, OwnMailOutcome, OwnMailProgress } from '../../../../shared/ipc/calls/own';

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

const VERB: Record<OwnMailJobKind, string> = { import: 'Importing', export: 'Exporting', backup: 'Backing up', restore: 'Restoring', thunderbird: 'Importing from Thunderbird' };

/** "about 2 minutes left", "less than a minute left"; null when it cannot be told yet. */
export function timeLeft(ms: number | null): string | null {
  if (ms === null) return null;
  if (ms < 60_000) return 'less than a minute left';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 90) return `about ${count(minutes, 'minute')} left`;
  return `about ${count(Math.round(minutes / 60), 'hour')} left`;
}

export function describeProgress(p: OwnMailProgress): string {
  const parts = [`${VERB[p.kind]}: ${count(p.done, 'message')}`];
  if (p.kind === 'import' && p.duplicates > 0) parts.push(`${count(p.duplicates, 'duplicate')} skipped`);
  if (p.bytesTotal > 0) parts.push(`${Math.min(100, Math.floor((p.bytesDone * 100) / p.bytesTotal))}%`);
  const left = timeLeft(p.etaMs);
  if (left) parts.push(left);
  return parts.join(' · ');
}

export function describeOutcome(o: OwnMailOutcome): string[] {
  switch (o.kind) {
    case 'import': {
      const lines = [
        `${o.cancelled ? 'Import cancelled: ' : ''}${count(o.imported, 'message')} imported${o.duplicates > 0 ? `, ${count(o.duplicates, 'duplicate')} skipped (already here)` : ''}.`,
      ];
      if (o.resumedAfter > 0) lines.push(`It went on where an interrupted import of the same file stopped, after ${count(o.resumedAfter, 'message')}.`);
      if (o.cancelled) lines.push('What was imported stays; importing the same file again goes on from there.');
      if (o.expunged > 0) lines.push(`${count(o.expunged, 'message')} that Thunderbird had deleted ${o.expunged === 1 ? 'was' : 'were'} left out.`);
      if (o.tooBig > 0) lines.push(`${count(o.tooBig, 'message')} over the size limit ${o.tooBig === 1 ? 'was' : 'were'} not imported.`);
      if (o.warnings > 0) lines.push(`${count(o.warnings, 'message')} may be damaged in the file; ${o.warnings === 1 ? 'it shows' : 'they show'} a warning.`);
      for (const u of o.unreadable) lines.push(`Not imported: ${u.file} — ${u.reason}`);
      return lines;
    }
    case 'export':
      return o.cancelled ? ['Export cancelled: no file was left half-written.'] : [`${count(o.exported, 'message')} exported to ${o.target}.`];
    case 'backup':
      return o.cancelled
        ? ['Backup cancelled: the folder it started is incomplete, and a restore will say so.']
        : [`Backed up ${count(o.messages, 'message')} and ${count(o.accounts, 'account')} to ${o.folder}.`, 'Passwords are never in a backup: after restoring, Heron asks for them.'];
    case 'restore': {
      const lines = [`${o.cancelled ? 'Restore cancelled: ' : ''}${count(o.restored, 'message')} and ${count(o.accounts, 'account')} restored.`];
      if (o.resumedAfter > 0) lines.push(`It went on from where an interrupted restore of this backup stopped (${count(o.resumedAfter, 'message')} were already back); none is there twice.`);
      if (o.accounts > 0 && !o.cancelled) lines.push('Enter each account’s password in its settings: passwords are never in a backup.');
      if (o.storeDamaged) lines.push('The backup’s accounts, settings and POP state are damaged and were not restored: Get mail may download messages again.');
      if (o.notRestoredCount > 0) {
        lines.push(`${count(o.notRestoredCount, 'message')} could not be restored; if the server still has ${o.notRestoredCount === 1 ? 'it' : 'them'}, Get mail downloads ${o.notRestoredCount === 1 ? 'it' : 'them'} again:`);
        for (const m of o.notRestored) lines.push(`“${m.subject || '(no subject)'}” — ${m.reason}`);
      }
      return lines;
    }
    case 'thunderbird': {
      const lines = o.accounts.map(
        (a) =>
          `${a.account.identity.address}: ${count(a.imported, 'message')} imported${a.duplicates > 0 ? `, ${count(a.duplicates, 'duplicate')} skipped` : ''}; ${count(a.remembered, 'message')} Thunderbird downloaded will not be downloaded again.`,
      );
      if (o.localImported > 0) lines.push(`Local Folders: ${count(o.localImported, 'message')} imported.`);
      if (o.cancelled) lines.unshift('Moving from Thunderbird was cancelled: what was imported stays, and no account was created.');
      return lines.length > 0 ? lines : ['Nothing was imported.'];
    }
  }
}
