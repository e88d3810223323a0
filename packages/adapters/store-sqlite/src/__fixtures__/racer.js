// Child process of the two-process test. After "go" on stdin it makes COUNT appends to the
// same file as its twin: half to streams both write (read the version, then append with it,
// so the twins race), half to its own streams. It prints one line per outcome:
// "ACK <stream> <version> <eventIds>", "CONFLICT <stream> <expected> <actual>", "BUSY" (then retries).
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteEventStore } from '@consentry/store-sqlite';

const [file, id, count] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);
const opened = openSqliteEventStore(file);
if (opened._tag === 'Left') {
  say(`ERROR open: ${opened.left.message}`);
  process.exit(1);
}
const store = opened.right;

const eventsFor = (i) =>
  Array.from({ length: 1 + (i % 2) }, (_, part) => ({
    type: 'Raced',
    data: { racer: id, i, part },
    metadata: {
      eventId: `${id}-${i}-${part}`,
      recordedAt: new Date().toISOString(),
      actor: { kind: 'system', id: `racer-${id}` },
      correlationId: `${id}-${i}`,
      schemaVersion: 1,
    },
  }));

const attempt = async (i) => {
  const shared = i % 2 === 0;
  const stream = shared ? `shared-${i % 3}` : `own-${id}-${i % 5}`;
  let expectedVersion = 'any';
  if (shared && i % 4 === 0) {
    const read = await store.readStream(stream)();
    if (read._tag === 'Left') return read.left;
    expectedVersion = read.right.currentVersion;
    await sleep(1); // widen the gap between read and append, as a real command's decide would
  }
  const result = await store.appendToStream(stream, eventsFor(i), { expectedVersion })();
  if (result._tag === 'Right') {
    const ids = result.right.events.map((e) => e.metadata.eventId).join(',');
    say(`ACK ${stream} ${result.right.nextExpectedVersion} ${ids}`);
    return undefined;
  }
  if (result.left._tag === 'VersionConflict') {
    say(`CONFLICT ${stream} ${expectedVersion} ${result.left.actual}`);
    return undefined;
  }
  return result.left;
};

process.stdin.once('data', async () => {
  for (let i = 0; i < Number(count); i++) {
    for (;;) {
      const error = await attempt(i);
      if (error === undefined) break;
      if (error._tag !== 'StoreUnavailable') {
        say(`ERROR ${error._tag}: ${error.message}`);
        process.exit(1);
      }
      say('BUSY');
    }
  }
  await store.close();
  say('DONE');
  process.exit(0);
});
say('READY');
