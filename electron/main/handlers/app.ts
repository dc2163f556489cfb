import type { AppInfo } from '../../../shared/ipc/calls/app';
import { type appCalls } from '../../../shared/ipc/calls/app';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';
import { checkExternalUrl } from '../url-policy';

export interface AppDeps {
  readonly info: AppInfo;
  /** Hands a vetted URL to the OS (Electron's shell.openExternal in the app, a recorder in tests). */
  readonly openExternal: (url: string) => Promise<void>;
}

export function createAppHandlers(deps: AppDeps): HandlersOf<typeof appCalls> {
  return {
    getAppInfo: async () => deps.info,
    openExternal: async ({ url }) => {
      const verdict = checkExternalUrl(url);
      if (!verdict.ok) throw new HeronError('EFORBIDDEN', verdict.reason);
      await deps.openExternal(verdict.url);
    },
  };
}
