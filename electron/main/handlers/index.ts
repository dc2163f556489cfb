import type { MainEmit, MainHandlers } from '../../../shared/ipc/contract';
import { createAppHandlers, type AppDeps } from './app';
import { createAttachmentsHandlers, type AttachmentsDeps } from './attachments';
import { createConnectionHandlers, type ConnectionDeps } from './connection';
import { createConnectionLogHandlers, type ConnectionLogDeps } from './connection-log';
import { createCredentialsHandlers, type CredentialsDeps } from './credentials';
import { createFetchHandlers, type FetchDeps } from './fetch';
import { createFilesHandlers, type FilesDeps } from './files';
import { createSendHandlers, type SendDeps } from './send';
import { createSetupHandlers, type SetupDeps } from './setup';

/** Everything main's handlers need, injected so tests and the e2e stand-in can hand in fakes. */
export interface HandlerDeps {
  readonly emit: MainEmit;
  readonly app: AppDeps;
  readonly attachments: AttachmentsDeps;
  readonly connection: ConnectionDeps;
  readonly connectionLog: ConnectionLogDeps;
  readonly credentials: CredentialsDeps;
  readonly fetch: FetchDeps;
  readonly files: FilesDeps;
  readonly send: SendDeps;
  readonly setup: SetupDeps;
}

/** The one handler map; `satisfies` makes a missing or extra call a compile error. */
export function createHandlers(deps: HandlerDeps): MainHandlers {
  return {
    ...createAppHandlers(deps.app),
    ...createAttachmentsHandlers(deps.attachments),
    ...createConnectionHandlers(deps.connection),
    ...createConnectionLogHandlers(deps.connectionLog),
    ...createCredentialsHandlers(deps.credentials),
    ...createFetchHandlers(deps.fetch),
    ...createFilesHandlers(deps.files),
    ...createSendHandlers(deps.send),
    ...createSetupHandlers(deps.setup, deps.emit),
  } satisfies MainHandlers;
}
