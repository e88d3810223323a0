import { expectRight } from '../testing/expectEither.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import type { EventStore, ReadStreamOptions, ReadStreamResult } from '../eventStore/port.js';
import { streams } from '../shared/streams.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { createConsentry } from '../application/createConsentry.js';
import {
  feedOf,
  practiceStaff,
  patientActor,
  staffOf,
  world,
} from '../application/__fixtures__/world.js';
import { stateCache } from './stateCache.js';

const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' };
const far = staffOf('cornwall-hospital');
const foldA = {};
const foldB = {};

describe('stateCache', () => {
  it('holds at most `capacity` streams, dropping one not used for a generation', () => {
    const cache = stateCache(2);
    cache.set('a', foldA, { version: 1n, state: 'a1' });
    cache.set('b', foldA, { version: 1n, state: 'b1' });
    cache.get('a', foldA); // a is now the most recent
    cache.set('c', foldA, { version: 1n, state: 'c1' });
    expect(cache.size()).toBe(2);
    expect(cache.get('b', foldA)).toBeUndefined();
    expect(cache.get('a', foldA)).toEqual({ version: 1n, state: 'a1' });
    expect(cache.get('c', foldA)).toEqual({ version: 1n, state: 'c1' });
  });

  it('never holds more than `capacity` streams however many pass through', () => {
    const cache = stateCache(100);
    for (let i = 0; i < 1_000; i += 1) {
      cache.set(`s${i}`, foldA, { version: 1n, state: i });
      cache.get(`s${i % 7}`, foldA); // a few hot streams, hit all the time
      expect(cache.size()).toBeLessThanOrEqual(100);
    }
    expect(cache.get('s3', foldA)).toBeDefined();
    expect(cache.get('s500', foldA)).toBeUndefined();
  });

  it('answers only for the fold that made the state', () => {
    const cache = stateCache();
    cache.set('a', foldA, { version: 3n, state: 'a3' });
    expect(cache.get('a', foldB)).toBeUndefined();
  });

  it('keeps the newer state when a slower load finishes last', () => {
    const cache = stateCache();
    cache.set('a', foldA, { version: 5n, state: 'a5' });
    cache.set('a', foldA, { version: 4n, state: 'a4' });
    expect(cache.get('a', foldA)).toEqual({ version: 5n, state: 'a5' });
    cache.forget('a');
    cache.set('a', foldA, { version: 4n, state: 'a4' });
    expect(cache.get('a', foldA)).toEqual({ version: 4n, state: 'a4' });
  });

  it('holds nothing with capacity 0', () => {
    const cache = stateCache(0);
    cache.set('a', foldA, { version: 1n, state: 'a1' });
    expect(cache.get('a', foldA)).toBeUndefined();
  });
});

/** Records where each read of Alice's consent stream started and how many events it got. */
const recordingReads = (store: EventStore) => {
  const starts: (bigint | undefined)[] = [];
  const counts: number[] = [];
  const recorded: EventStore = {
    ...store,
    readStream: (stream: string, options?: ReadStreamOptions) =>
      stream !== streams.consent('alice')
        ? store.readStream(stream, options)
        : TE.tap((read: ReadStreamResult) => {
            starts.push(options?.fromVersion);
            counts.push(read.events.length);
            return TE.right(undefined);
          })(store.readStream(stream, options)),
  };
  const clear = () => {
    starts.length = 0;
    counts.length = 0;
  };
  return { store: recorded, starts, counts, clear };
};

describe('the facade with folded states held', () => {
  it('reads only the events appended since the last command on that stream: none it wrote itself', async () => {
    const recording = recordingReads(inMemoryEventStore());
    const { consentry, eventStore } = await world({ store: recording.store });
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.recordInPersonAnswer({ ...FAR, answer: 'consent' }, practiceStaff('leic-practice')),
    );
    const before = (await expectRight(eventStore.readStream(streams.consent('alice'))))
      .currentVersion;
    recording.clear();
    expect(await expectRight(consentry.requestAccess(FAR, far))).toMatchObject({
      outcome: 'permit',
    });
    // The last command appended one event and holds the state it folds to (streams/load.ts,
    // holdAppended): this one reads on from after it and finds nothing new.
    expect(recording.starts).toEqual([before + 1n]);
    expect(recording.counts).toEqual([0]);
  });

  it('reads every stream from the start when turned off', async () => {
    const recording = recordingReads(inMemoryEventStore());
    const { consentry } = await world({ store: recording.store, stateCacheStreams: 0 });
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.recordInPersonAnswer({ ...FAR, answer: 'consent' }, practiceStaff('leic-practice')),
    );
    recording.clear();
    await expectRight(consentry.requestAccess(FAR, far));
    expect(recording.starts).toEqual([undefined]);
    expect(recording.counts).toEqual([2]);
  });

  it("sees another host's withdrawal made after it last read the stream", async () => {
    const { consentry, eventStore, clock, keyring } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.recordInPersonAnswer({ ...FAR, answer: 'consent' }, practiceStaff('leic-practice')),
    );
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'permit' });

    const otherHost = createConsentry({
      eventStore,
      notifier: capturingNotifier(),
      clock,
      keyring,
    });
    await expectRight(otherHost.withdrawConsent(FAR, patientActor('alice')));

    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'verify' });
    expect(await expectRight(consentry.requestAccess(FAR, far))).toMatchObject({
      outcome: 'verify',
    });
  });

  it('folds the whole stream again when the store is behind what it held (a restore)', async () => {
    // Two stores with the same world; only `ahead` has Alice's consent recorded.
    const behindWorld = await world();
    let current: EventStore = inMemoryEventStore();
    const swappable: EventStore = {
      appendToStream: (...args) => current.appendToStream(...args),
      readStream: (...args) => current.readStream(...args),
      aggregateStream: (...args) => current.aggregateStream(...args),
      readAll: (...args) => current.readAll(...args),
      subscribe: (...args) => current.subscribe(...args),
      close: () => current.close(),
    };
    const { consentry } = await world({ store: swappable });
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(behindWorld.consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.recordInPersonAnswer({ ...FAR, answer: 'consent' }, practiceStaff('leic-practice')),
    );
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'permit' });

    current = behindWorld.eventStore;
    const decision: TE.TaskEither<unknown, { outcome: string }> = consentry.checkAccess(FAR);
    expect(await expectRight(decision)).toMatchObject({ outcome: 'verify' });
  });

  it('asks for the streams around the patient together, the practice lists after the patient only when cold', async () => {
    let pending = 0;
    const inFlight: number[] = [];
    const slowReads = (store: EventStore): EventStore => ({
      ...store,
      readStream: (stream, options) => async () => {
        pending += 1;
        inFlight.push(pending);
        await new Promise((resolve) => setImmediate(resolve));
        pending -= 1;
        return store.readStream(stream, options)();
      },
    });
    const { consentry, eventStore, clock, keyring } = await world();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.recordInPersonAnswer({ ...FAR, answer: 'consent' }, practiceStaff('leic-practice')),
    );
    const host = createConsentry({
      eventStore: slowReads(eventStore),
      notifier: capturingNotifier(),
      clock,
      keyring,
    });

    // Cold: the patient's practice is not known yet, so its lists wait for the patient.
    expect(await expectRight(host.checkAccess(FAR))).toMatchObject({ outcome: 'permit' });
    expect(Math.max(...inFlight)).toBe(3);
    // Warm: patient, practice lists, consent record and organisation all at once.
    inFlight.length = 0;
    expect(await expectRight(host.requestAccess(FAR, far))).toMatchObject({ outcome: 'permit' });
    expect(inFlight.slice(0, 4)).toEqual([1, 2, 3, 4]);
  });
});
