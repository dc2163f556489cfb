import type { ownCalls } from '../../../shared/ipc/calls/own';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';
import type { ExportScope } from '../../../shared/model/own-mail';
import type { BackupScheduler } from '../own/schedule';
import type { OwnMailService } from '../own/service';

export interface OwnDeps {
  readonly service: Pick<OwnMailService, 'importMail' | 'exportMail' | 'backup' | 'restore' | 'cancel' | 'findThunderbird' | 'chooseThunderbirdProfile' | 'readThunderbirdProfile' | 'importThunderbird' | 'chooseFolder'>;
  readonly scheduler: Pick<BackupScheduler, 'view' | 'setSchedule'>;
}

/** The contract's loose scope as the one the store takes; a folder or a selection must say which. */
function scopeOf(input: { kind: 'all' | 'folder' | 'messages'; accountId?: string | null | undefined; folder?: 'inbox' | 'sent' | 'trash' | undefined; ids?: string[] | undefined }): ExportScope {
  if (input.kind === 'all') return { kind: 'all' };
  if (input.kind === 'folder') {
    if (!input.folder) throw new HeronError('EINVALID', 'Say which folder to export.', { detail: { field: 'folder' } });
    return { kind: 'folder', accountId: input.accountId ?? null, folder: input.folder };
  }
  if (!input.ids || input.ids.length === 0) throw new HeronError('EINVALID', 'Select the messages to export.', { detail: { field: 'ids' } });
  return { kind: 'messages', ids: input.ids };
}

export function createOwnHandlers(deps: OwnDeps): HandlersOf<typeof ownCalls> {
  return {
    importMail: ({ accountId, source }) => deps.service.importMail(accountId, source),
    exportMail: ({ scope, format }) => deps.service.exportMail(scopeOf(scope), format),
    backupMail: () => deps.service.backup(),
    restoreBackup: () => deps.service.restore(),
    findThunderbird: () => deps.service.findThunderbird(),
    chooseThunderbirdProfile: () => deps.service.chooseThunderbirdProfile(),
    readThunderbirdProfile: ({ dir }) => deps.service.readThunderbirdProfile(dir),
    importThunderbird: ({ dir, accounts, localFoldersInto }) => deps.service.importThunderbird(dir, accounts, localFoldersInto),
    cancelOwnMail: async ({ jobId }) => deps.service.cancel(jobId),
    backupSchedule: () => deps.scheduler.view(),
    setBackupSchedule: ({ frequency, keep }) => deps.scheduler.setSchedule({ frequency, keep }),
    chooseBackupFolder: async () => {
      const folder = await deps.service.chooseFolder();
      return folder === null ? deps.scheduler.view() : deps.scheduler.setSchedule({ folder });
    },
  };
}
