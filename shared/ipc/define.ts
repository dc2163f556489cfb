import type { Result } from './result';
import type { Infer, Schema } from './validate';

/**
 * One renderer→main call: the schema its payload must pass in main, and (as a phantom type)
 * what it answers. Contract fragments in `calls/` are plain objects of these.
 */
export interface CallSpec<I, O> {
  readonly input: Schema<I>;
  /** Phantom: never read at run time, carries the answer's type. */
  readonly output?: O;
}

export function call<O>() {
  return <S extends Schema<unknown>>(input: S): CallSpec<Infer<S>, O> => ({ input: input as Schema<Infer<S>> });
}

/** One main→renderer event; main is trusted, so only the payload type is carried. */
export interface EventSpec<P> {
  readonly payload?: P;
}

export function event<P>(): EventSpec<P> {
  return {};
}

export type CallInput<C> = C extends CallSpec<infer I, unknown> ? I : never;
export type CallOutput<C> = C extends CallSpec<unknown, infer O> ? O : never;
export type EventPayload<E> = E extends EventSpec<infer P> ? P : never;

/** What the renderer sees: each call takes its payload and answers a Result. */
export type ApiOf<Calls> = {
  readonly [K in keyof Calls]: CallInput<Calls[K]> extends void
    ? () => Promise<Result<CallOutput<Calls[K]>>>
    : (input: CallInput<Calls[K]>) => Promise<Result<CallOutput<Calls[K]>>>;
};

/** What main implements: each handler gets the validated payload and may throw HeronError. */
export type HandlersOf<Calls> = {
  readonly [K in keyof Calls]: (input: CallInput<Calls[K]>) => Promise<CallOutput<Calls[K]>>;
};

/** Event subscriptions exposed to the renderer: subscribe, get back an unsubscribe. */
export type EventsApiOf<Events> = {
  readonly [K in keyof Events]: (listener: (payload: EventPayload<Events[K]>) => void) => () => void;
};

/** How main pushes an event; typed so a wrong payload does not compile. */
export type Emit<Events> = <K extends keyof Events & string>(name: K, payload: EventPayload<Events[K]>) => void;
