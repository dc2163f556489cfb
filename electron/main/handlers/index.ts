import type { MainHandlers } from '../../../shared/ipc/contract';
import { createAppHandlers, type AppDeps } from './app';

/** Everything main's handlers need, injected so tests and the e2e stand-in can hand in fakes. */
export interface HandlerDeps {
  readonly app: AppDeps;
}

/** The one handler map; `satisfies` makes a missing or extra call a compile error. */
export function createHandlers(deps: HandlerDeps): MainHandlers {
  return {
    ...createAppHandlers(deps.app),
  } satisfies MainHandlers;
}
