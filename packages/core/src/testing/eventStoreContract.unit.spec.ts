import { inMemoryEventStore } from '../eventStore/inMemory.js';
import {
  appendsEventByEvent,
  bumpsVersionOnRejection,
  busyAsFailure,
  conflictReportsMinusOne,
  ignoresExpectedVersion,
  ignoresStop,
  readAllSkipsEvents,
  soundButUnavailable,
} from './__fixtures__/brokenStores.js';
import type { EventStoreFactory } from './contract/support.js';
import { contractCheckGroups, contractChecks, unavailableChecks } from './eventStoreContract.js';

// The contract is only worth something if it fails on stores that lose or corrupt data.
// Each case: a broken store, the checks that must catch it, and one check it should still
// pass (so the failure is the fault being caught, not a check that fails on anything).
const cases: readonly {
  readonly store: string;
  readonly factory: EventStoreFactory;
  readonly caughtBy: readonly string[];
  readonly stillPasses: string;
}[] = [
  {
    store: 'ignores the expected version',
    factory: ignoresExpectedVersion,
    caughtBy: [
      'rejects a wrong expected version with a conflict carrying the real current version',
      'rejects no-stream on an existing stream',
      'rejects stream-exists on a missing stream and does not create it',
      'rejects 0n on an existing stream',
      'lets exactly one of 50 racing appends with the same expected version win, writing nothing of the rest',
    ],
    stillPasses: 'readAll returns every event exactly once, in global commit order across streams',
  },
  {
    store: 'bumps the version on a rejected append',
    factory: bumpsVersionOnRejection,
    caughtBy: [
      'leaves the stream unchanged after a conflict, so the right version then succeeds without gaps',
    ],
    stillPasses: 'readAll returns every event exactly once, in global commit order across streams',
  },
  {
    store: 'skips an event between readAll batches',
    factory: readAllSkipsEvents,
    caughtBy: [
      'readAll returns every event exactly once, in global commit order across streams',
      'readAll resumes from a position, respects batchSize and reports isEnd',
    ],
    stillPasses:
      'rejects a wrong expected version with a conflict carrying the real current version',
  },
  {
    store: 'reports -1 as the current version of a conflict',
    factory: conflictReportsMinusOne,
    caughtBy: [
      'rejects a wrong expected version with a conflict carrying the real current version',
    ],
    stillPasses: 'appends events and reads them back in order with their positions',
  },
  {
    store: 'writes a multi-event append one event at a time',
    factory: appendsEventByEvent,
    caughtBy: ['writes a multi-event append whole or not at all while other appends race it'],
    stillPasses: 'rejects no-stream on an existing stream',
  },
  {
    store: 'keeps delivering after stop()',
    factory: ignoresStop,
    caughtBy: ['stop() waits for the running handler, and nothing is delivered after it resolves'],
    stillPasses: 'subscribe from a position delivers the catch-up, then later events, in order',
  },
];

const checkNamed = (name: string) => {
  const check = contractChecks[name];
  if (check === undefined) throw new Error(`No contract check named "${name}"`);
  return check;
};

describe('the event store contract', () => {
  describe.each(cases)('given a store that $store', ({ factory, caughtBy, stillPasses }) => {
    it.each(caughtBy)('fails "%s"', async (name) => {
      await expect(checkNamed(name)(factory)).rejects.toMatchObject({ code: 'ERR_ASSERTION' });
    });

    it(`still passes "${stillPasses}"`, async () => {
      await expect(checkNamed(stillPasses)(factory)).resolves.toBeUndefined();
    });
  });

  it('offers every grouped check by name, as a function that passes on a sound store', async () => {
    const grouped = Object.values(contractCheckGroups).flatMap((checks) => Object.keys(checks));
    expect(Object.keys(contractChecks)).toEqual(grouped);
    const sound: EventStoreFactory = () => {
      const store = inMemoryEventStore();
      return Promise.resolve({ store, teardown: () => store.close() });
    };
    await expect(checkNamed('rejects 0n on an existing stream')(sound)).resolves.toBeUndefined();
  });

  describe('given a back end that is busy', () => {
    it.each(Object.entries(unavailableChecks))(
      'passes "%s" when the store reports StoreUnavailable',
      async (_name, check) => {
        await expect(check(soundButUnavailable)).resolves.toBeUndefined();
      },
    );

    it.each(Object.entries(unavailableChecks))(
      'fails "%s" when the store reports "cannot rollback" as a StoreFailure',
      async (_name, check) => {
        await expect(check(busyAsFailure)).rejects.toMatchObject({ code: 'ERR_ASSERTION' });
      },
    );
  });
});
