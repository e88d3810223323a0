import type * as E from 'fp-ts/lib/Either.js';

/** A domain event as a decider produces it; the facade adds the metadata (who, when, why). */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** A command as a decider receives it: everything `decide` needs, including "now", is in `data`. */
export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Emmett-style decider as plain data: `decide` is pure, `evolve` total and pure. */
export interface Decider<Command, Event, State, Error> {
  readonly decide: (command: Command, state: State) => E.Either<Error, readonly Event[]>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

/** Closes a `switch` over a union: a new member that is not handled fails to compile. */
export const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
