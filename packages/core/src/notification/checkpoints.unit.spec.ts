import { expectRight } from '../testing/expectEither.js';
import { randomUUID } from 'node:crypto';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { manualClock } from '../testing/manualClock.js';
import { inMemoryCheckpoints, type CheckpointStore } from './checkpoints.js';
import { checkpointStream, eventStoreCheckpoints } from './eventStoreCheckpoints.js';

const deps = { clock: manualClock(), ids: { next: () => randomUUID() } };

describe.each<[string, () => { a: CheckpointStore; b: CheckpointStore }]>([
  [
    'in memory',
    () => {
      const one = inMemoryCheckpoints();
      return { a: one, b: one };
    },
  ],
  [
    'in the event store',
    () => {
      const store = inMemoryEventStore();
      return { a: eventStoreCheckpoints(store, deps), b: eventStoreCheckpoints(store, deps) };
    },
  ],
])('checkpoints %s', (_, make) => {
  it('start at 0, keep what was saved, never move backwards, and keep reactors apart', async () => {
    const { a, b } = make();
    expect(await expectRight(a.load('one'))).toBe(0n);
    await expectRight(a.save('one', 7n));
    await expectRight(a.save('one', 12n));
    await expectRight(a.save('one', 9n));
    await expectRight(a.save('two', 3n));
    expect(await expectRight(b.load('one'))).toBe(12n);
    expect(await expectRight(b.load('two'))).toBe(3n);
  });
});

describe('event-store checkpoints across processes', () => {
  it('a second process saving behind the first never moves the checkpoint back; saving ahead wins after re-reading the version', async () => {
    const store = inMemoryEventStore();
    const first = eventStoreCheckpoints(store, deps);
    const second = eventStoreCheckpoints(store, deps);
    await expectRight(first.load('r'));
    await expectRight(second.load('r'));
    await expectRight(first.save('r', 50n));
    await expectRight(second.save('r', 20n)); // conflicts on the version, re-reads, sees 50: keeps 50
    expect(await expectRight(eventStoreCheckpoints(store, deps).load('r'))).toBe(50n);
    await expectRight(second.save('r', 80n)); // its version is now current
    await expectRight(first.save('r', 90n)); // conflicts, re-reads 80, appends 90
    expect(await expectRight(eventStoreCheckpoints(store, deps).load('r'))).toBe(90n);
    const events = (await expectRight(store.readStream(checkpointStream('r')))).events;
    expect(events.map((e) => (e.data as { position: string }).position)).toEqual([
      '50',
      '80',
      '90',
    ]);
  });
});
