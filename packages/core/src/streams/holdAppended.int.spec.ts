import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { createConsentry } from '../application/createConsentry.js';
import type { ConsentryDeps } from '../application/deps.js';
import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import type { EventStore } from '../eventStore/port.js';
import { runScenarioFile, scenarioFiles } from '../testing/scenario/index.js';
import { consentFold } from './folds.js';
import { readStreamEvent } from './reader.js';

const library = path.resolve(__dirname, '../../../examples/scenarios');

interface Written {
  readonly given: NewEvent;
  readonly recorded: RecordedEvent;
}

/** The store, with every append to a consent stream kept: what the decider made and what was stored. */
const watching = (store: EventStore, written: Written[]): EventStore => ({
  ...store,
  appendToStream: (stream, events, options) => {
    const appending = store.appendToStream(stream, events, options);
    return async () => {
      const result = await appending();
      if (E.isRight(result) && stream.startsWith('consent-'))
        result.right.events.forEach((recorded, i) => written.push({ given: events[i]!, recorded }));
      return result;
    };
  },
});

// holdAppended (load.ts) folds the events a command made instead of reading them back: that is
// only right if decoding each stored event gives exactly the event the decider made.
describe('a consent command holds the state its own events fold to (streams/load.ts, holdAppended)', () => {
  it('every event of every scenario of the library decodes to exactly what its decider made', async () => {
    const written: Written[] = [];
    const files = scenarioFiles(library);
    for (const file of files) {
      const run = await runScenarioFile(file, {
        createConsentry: (deps: ConsentryDeps) =>
          createConsentry({ ...deps, eventStore: watching(deps.eventStore, written) }),
      });
      // The library's own expectations still hold with the held states.
      expect({ file, passed: E.isRight(run) && run.right.passed }).toEqual({ file, passed: true });
    }
    const types = new Set<string>();
    for (const { given, recorded } of written) {
      const decoded = readStreamEvent(consentFold.codec, recorded);
      expect(E.isRight(decoded)).toBe(true);
      const same =
        E.isRight(decoded) &&
        isDeepStrictEqual(decoded.right, { type: given.type, data: given.data });
      expect({ type: given.type, same }).toEqual({ type: given.type, same: true });
      types.add(given.type);
    }
    // The stories reach every kind of consent event a command writes, not a few.
    expect(types.size).toBeGreaterThanOrEqual(25);
  }, 120_000);
});
