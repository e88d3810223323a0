import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { StoreError } from './errors.js';
import type { AggregateOptions, AggregateResult, EventStore } from './port.js';

/** `aggregateStream` in terms of `readStream`; adapters reuse it rather than fold on their own. */
export const aggregateFromRead =
  (readStream: EventStore['readStream']) =>
  <State>(
    streamName: string,
    options: AggregateOptions<State>,
  ): TE.TaskEither<StoreError, AggregateResult<State>> =>
    pipe(
      readStream(streamName),
      TE.map((read) => ({
        state: read.events.reduce(options.evolve, options.initialState()),
        currentVersion: read.currentVersion,
        streamExists: read.streamExists,
      })),
    );
