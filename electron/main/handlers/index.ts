import type { CallName, MainEmit, MainHandlers } from '../../../shared/ipc/contract';
import type { SecretScrubber } from '../secrets/secret-scrubber';
import { createAppHandlers, type AppDeps } from './app';
import { createAttachmentsHandlers, type AttachmentsDeps } from './attachments';
import { createConnectionHandlers, type ConnectionDeps } from './connection';
import { createConnectionLogHandlers, type ConnectionLogDeps } from './connection-log';
import { createCredentialsHandlers, type CredentialsDeps } from './credentials';
import { createFetchHandlers, type FetchDeps } from './fetch';
import { createFilesHandlers, type FilesDeps } from './files';
import { createLogHandlers, type LogDeps } from './log';
import { createOwnHandlers, type OwnDeps } from './own';
import { createSendHandlers, type SendDeps } from './send';
import { createSetupHandlers, type SetupDeps } from './setup';
import { createSignInHandlers, type SignInDeps } from './sign-in';

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
  readonly log: LogDeps;
  readonly own: OwnDeps;
  readonly send: SendDeps;
  readonly setup: SetupDeps;
  readonly signIn: SignInDeps;
  /** Masks the stored passwords in use out of every answer and error (secrets/secret-scrubber.ts). */
  readonly scrubber?: Pick<SecretScrubber, 'scrub' | 'scrubError'>;
}

/** Calls that answer with mail itself: its words are the sender's, shown as they are (their errors are still masked). */
const MAIL_CONTENT: ReadonlySet<CallName> = new Set<CallName>(['fetchWholeMessage', 'parseAttachedMessage']);

/** The one handler map; `satisfies` makes a missing or extra call a compile error. */
export function createHandlers(deps: HandlerDeps): MainHandlers {
  const handlers = {
    ...createAppHandlers(deps.app),
    ...createAttachmentsHandlers(deps.attachments),
    ...createConnectionHandlers(deps.connection),
    ...createConnectionLogHandlers(deps.connectionLog),
    ...createCredentialsHandlers(deps.credentials),
    ...createFetchHandlers(deps.fetch),
    ...createFilesHandlers(deps.files),
    ...createLogHandlers(deps.log),
    ...createOwnHandlers(deps.own),
    ...createSendHandlers(deps.send),
    ...createSetupHandlers(deps.setup, deps.emit),
    ...createSignInHandlers(deps.signIn),
  } satisfies MainHandlers;
  const scrubber = deps.scrubber;
  if (!scrubber) return handlers;
  const masked: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as Array<[CallName, (input: unknown) => Promise<unknown>]>) {
    masked[name] = async (input) => {
      try {
        const value = await handler(input);
        return MAIL_CONTENT.has(name) ? value : scrubber.scrub(value);
      } catch (error) {
        throw scrubber.scrubError(error);
      }
    };
  }
  return masked as unknown as MainHandlers;
}
