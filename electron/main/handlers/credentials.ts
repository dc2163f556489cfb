import type { HandlersOf } from '../../../shared/ipc/define';
import type { credentialsCalls } from '../../../shared/ipc/calls/credentials';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the credentials feature
export interface CredentialsDeps {}

export function createCredentialsHandlers(_deps: CredentialsDeps): HandlersOf<typeof credentialsCalls> {
  return {};
}
