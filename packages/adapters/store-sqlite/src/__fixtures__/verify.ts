import { GENESIS_HASH, chainHash, type EventStore, type RecordedEvent } from '@consentry/core';
import * as E from 'fp-ts/lib/Either.js';

/** Every event of the store through `readAll`, in batches, following `nextPosition`. */
export const readLog = async (store: EventStore, batchSize = 1000): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let fromPosition = 0n;
  for (;;) {
    const batch = await store.readAll({ fromPosition, batchSize })();
    if (E.isLeft(batch)) throw new Error(`readAll failed: ${batch.left.message}`);
    events.push(...batch.right.events);
    if (batch.right.isEnd) return events;
    fromPosition = batch.right.nextPosition;
  }
};

const checkStream = async (
  store: EventStore,
  name: string,
  events: readonly RecordedEvent[],
): Promise<string[]> => {
  const problems: string[] = [];
  let previous = GENESIS_HASH;
  events.forEach((event, i) => {
    if (event.streamPosition !== BigInt(i + 1))
      problems.push(`${name}: event ${i} at position ${event.streamPosition}`);
    if (event.hash !== chainHash(previous, event))
      problems.push(`${name}@${event.streamPosition}: broken hash chain`);
    previous = event.hash;
  });
  const read = await store.readStream(name)();
  if (E.isLeft(read)) return [...problems, `${name}: readStream failed: ${read.left.message}`];
  if (read.right.currentVersion !== BigInt(events.length)) {
    problems.push(
      `${name}: version ${read.right.currentVersion} but readAll holds ${events.length} events`,
    );
  }
  const same =
    read.right.events.map((e) => e.globalPosition).join() ===
    events.map((e) => e.globalPosition).join();
  if (!same) problems.push(`${name}: readStream and readAll disagree`);
  return problems;
};

/**
 * Reads the whole store and lists what is wrong with it: global order, dense stream
 * positions, hash chains, and stream versions that agree with readAll.
 */
export const inspectStore = async (
  store: EventStore,
): Promise<{ readonly events: RecordedEvent[]; readonly problems: string[] }> => {
  const events = await readLog(store);
  const problems: string[] = [];
  events.forEach((event, i) => {
    const before = events[i - 1];
    if (before !== undefined && event.globalPosition <= before.globalPosition) {
      problems.push(`global position ${event.globalPosition} follows ${before.globalPosition}`);
    }
  });
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events)
    streams.set(event.streamName, [...(streams.get(event.streamName) ?? []), event]);
  for (const [name, inStream] of streams)
    problems.push(...(await checkStream(store, name, inStream)));
  return { events, problems };
};
