import type { AppInfo } from '../../../shared/ipc/calls/app';
import { type appCalls } from '../../../shared/ipc/calls/app';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';
import type { MailtoInbox } from '../mailto-inbox';
import type { PreferencesState } from '../notify-prefs';
import { checkExternalUrl } from '../url-policy';

export interface AppDeps {
  readonly info: AppInfo;
  /** Hands a vetted URL to the OS (Electron's shell.openExternal in the app, a recorder in tests). */
  readonly openExternal: (url: string) => Promise<void>;
  /** mailto links handed to Heron by the OS, waiting for the renderer. */
  readonly mailto: Pick<MailtoInbox, 'take'>;
  /** What the renderer last said about the preferences main acts on (new-mail notifications). */
  readonly preferences: Pick<PreferencesState, 'set'>;
}

export function createAppHandlers(deps: AppDeps): HandlersOf<typeof appCalls> {
  return {
    getAppInfo: async () => deps.info,
    openExternal: async ({ url }) => {
      const verdict = checkExternalUrl(url);
      if (!verdict.ok) throw new HeronError('EFORBIDDEN', verdict.reason, { detail: { field: 'url' } });
      try {
        await deps.openExternal(verdict.url);
      } catch (error) {
        const why = error instanceof Error ? error.message.slice(0, 200) : 'unknown reason';
        throw new HeronError('EINTERNAL', `The system could not open the link (${why}).`, { cause: error });
      }
    },
    takePendingMailto: async () => deps.mailto.take(),
    setPreferences: async ({ notifyNewMail }) => {
      deps.preferences.set({ notifyNewMail });
    },
  };
}
