import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import {
  NewEventCodec,
  isEnvelope,
  invalidAppend,
  prepareAppend,
  type InvalidAppend,
  type NewEvent,
} from '@consentry/core';

/**
 * Core's shared append checks (an event has a type, `data` and `metadata` are plain JSON,
 * frozen copies so later mutation by the caller changes nothing), then the envelope codec
 * on each event's metadata (its rule written out first: core's isEnvelope), so no row is
 * written that a read would refuse. Plain JSON matters here: the chain hash is computed
 * over these values and must match what a later read gets back.
 */
export const encodeEvents = (
  streamName: string,
  events: readonly NewEvent[],
): E.Either<InvalidAppend, readonly NewEvent[]> =>
  pipe(
    prepareAppend(streamName, events),
    E.flatMap((prepared) => {
      for (const [index, event] of prepared.entries()) {
        if (isEnvelope(event) || NewEventCodec.is(event)) continue;
        const problems = PathReporter.report(NewEventCodec.decode(event)).join('; ');
        return E.left(invalidAppend(`Append to ${streamName}, event ${index}: ${problems}`));
      }
      return E.right(prepared);
    }),
  );
