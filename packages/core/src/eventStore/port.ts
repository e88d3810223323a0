import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { NewEvent, RecordedEvent } from './envelope.js';
import type { StoreError } from './errors.js';
import type { ExpectedVersion } from './expectedVersion.js';

export type { ExpectedVersion } from './expectedVersion.js';

export interface AppendOptions {
  /** Defaults to `any`. */
  readonly expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: bigint;
  /** Global position of the last event written. */
  readonly lastGlobalPosition: bigint;
  readonly createdNewStream: boolean;
  /** The events as stored, with positions and chain hashes. */
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  /** First stream position to return (1-based, inclusive). Defaults to 1n. */
  readonly fromVersion?: bigint;
  /** At most this many events. */
  readonly maxCount?: number;
}

export interface ReadStreamResult {
  readonly streamExists: boolean;
  /** The stream's current version: the number of events in it (0n: no stream). */
  readonly currentVersion: bigint;
  readonly events: readonly RecordedEvent[];
}

export interface AggregateOptions<State> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: RecordedEvent) => State;
}

export interface AggregateResult<State> {
  readonly state: State;
  readonly currentVersion: bigint;
  readonly streamExists: boolean;
}

export interface ReadAllOptions {
  /** First global position to return (inclusive). Defaults to 0n: from the beginning. */
  readonly fromPosition?: bigint;
  /** At most this many events in the batch. Defaults to 1,000. */
  readonly batchSize?: number;
}

export interface ReadAllBatch {
  /** Events in global commit order. */
  readonly events: readonly RecordedEvent[];
  /** Pass as `fromPosition` to read on from here. */
  readonly nextPosition: bigint;
  /** True when no event committed so far lies after this batch. */
  readonly isEnd: boolean;
}

export interface SubscribeOptions {
  /** First global position to deliver (inclusive), or `end` (the default) for events appended from now on. */
  readonly fromPosition?: bigint | 'end';
  /** Called once per event, in global order; the next event waits for the returned promise. */
  readonly handler: (event: RecordedEvent) => void | Promise<void>;
  /** Called when reading fails or the handler throws; the subscription then stops. */
  readonly onError?: (error: unknown) => void;
  readonly batchSize?: number;
}

export interface Subscription {
  /** Stops delivering; resolves once the handler in progress (if any) has returned. */
  stop(): Promise<void>;
}

/**
 * The event store port (docs/event-store.md). Every adapter implements it and passes
 * `eventStoreContract` from `@consentry/core/testing`.
 */
export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): TE.TaskEither<StoreError, AppendResult>;
  readStream(
    streamName: string,
    options?: ReadStreamOptions,
  ): TE.TaskEither<StoreError, ReadStreamResult>;
  aggregateStream<State>(
    streamName: string,
    options: AggregateOptions<State>,
  ): TE.TaskEither<StoreError, AggregateResult<State>>;
  readAll(options?: ReadAllOptions): TE.TaskEither<StoreError, ReadAllBatch>;
  subscribe(options: SubscribeOptions): Subscription;
  /** Releases what the store opened itself (not a client or pool it was given). */
  close(): Promise<void>;
}
