import { randomUUID } from 'node:crypto';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { manualClock } from '../testing/manualClock.js';
import { run } from './__fixtures__/story.js';
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
    expect(await run(a.load('one'))).toBe(0n);
    await run(a.save('one', 7n));
    await run(a.save('one', 12n));
    await run(a.save('one', 9n));
    await run(a.save('two', 3n));
    expect(await run(b.load('one'))).toBe(12n);
    expect(await run(b.load('two'))).toBe(3n);
  });
});

describe('event-store checkpoints across processes', () => {
  it('a second process saving behind the first never moves the checkpoint back; saving ahead wins after re-reading the version', async () => {
    const store = inMemoryEventStore();
    const first = eventStoreCheckpoints(store, deps);
    const second = eventStoreCheckpoints(store, deps);
    await run(first.load('r'));
    await run(second.load('r'));
    await run(first.save('r', 50n));
    await run(second.save('r', 20n)); // conflicts on the version, re-reads, sees 50: keeps 50
    expect(await run(eventStoreCheckpoints(store, deps).load('r'))).toBe(50n);
    await run(second.save('r', 80n)); // its version is now current
    await run(first.save('r', 90n)); // conflicts, re-reads 80, appends 90
    expect(await run(eventStoreCheckpoints(store, deps).load('r'))).toBe(90n);
    const events = (await run(store.readStream(checkpointStream('r')))).events;
    expect(events.map((e) => (e.data as { position: string }).position)).toEqual([
      '50',
      '80',
      '90',
    ]);
  });
});
