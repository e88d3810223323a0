// Child process of the crash test: appends 1-4 events at a time to 7 streams, as fast as
// it can, and prints "ACK <append> <stream> <size> <version>" once each append is
// acknowledged, until it is killed. Each ACK is handed to the kernel (the write's callback)
// before the next append starts: a pipe the parent reads slowly would otherwise queue ACKs
// in this process, and a kill would lose them, so "at most one append beyond the ACKs" holds.
import { openSqliteEventStore } from '@consentry/store-sqlite';

const [file, synchronous] = process.argv.slice(2);
const opened = openSqliteEventStore(file, { synchronous });
if (opened._tag === 'Left') {
  process.stdout.write(`ERROR ${opened.left.message}\n`);
  process.exit(1);
}
const store = opened.right;
const versions = new Map();
process.stdout.write('READY\n');
for (let n = 0; ; n++) {
  const stream = `patient-${n % 7}`;
  const size = 1 + (n % 4);
  const events = Array.from({ length: size }, (_, part) => ({
    type: 'Appended',
    data: { append: n, part, of: size, padding: 'x'.repeat(200 * part) },
    metadata: {
      eventId: `${n}-${part}`,
      recordedAt: new Date().toISOString(),
      actor: { kind: 'system', id: 'crash-test' },
      correlationId: `append-${n}`,
      schemaVersion: 1,
    },
  }));
  const result = await store.appendToStream(stream, events, {
    expectedVersion: versions.get(stream) ?? 0n,
  })();
  if (result._tag === 'Left') {
    process.stdout.write(`ERROR ${result.left.message}\n`);
    process.exit(1);
  }
  versions.set(stream, result.right.nextExpectedVersion);
  await new Promise((resolve) =>
    process.stdout.write(
      `ACK ${n} ${stream} ${size} ${result.right.nextExpectedVersion}\n`,
      resolve,
    ),
  );
}
