import type { signInCalls } from '../../../shared/ipc/calls/sign-in';
import type { HandlersOf } from '../../../shared/ipc/define';
import type { SignInClients } from '../oauth/clients';
import type { SignInService } from '../oauth/sign-in';

export interface SignInDeps {
  readonly service: SignInService;
  readonly clients: Pick<SignInClients, 'list' | 'set' | 'clear'>;
}

/** OAuth2 sign-in: payloads are validated by the contract; nothing returned carries a token, code or client secret. */
export function createSignInHandlers(deps: SignInDeps): HandlersOf<typeof signInCalls> {
  return {
    signInProvider: ({ host }) => deps.service.provider(host),
    signIn: (request) => deps.service.signIn(request),
    reopenSignIn: ({ accountId }) => deps.service.reopen(accountId),
    cancelSignIn: async ({ accountId }) => deps.service.cancel(accountId),
    signInStatus: ({ accountId }) => deps.service.status(accountId),
    signInClients: () => deps.clients.list(),
    setSignInClient: ({ provider, clientId, clientSecret, tenant }) =>
      deps.clients.set(provider, { clientId, ...(clientSecret === undefined ? {} : { clientSecret }), ...(tenant === undefined ? {} : { tenant }) }),
    clearSignInClient: ({ provider }) => deps.clients.clear(provider),
  };
}
