// Child process of the notification crash test: runs the notification reactor over a SQLite
// file with a notifier that "delivers" by appending a line to an outbox file. In a kill mode
// it stops dead at one point and says so, and the parent SIGKILLs it there:
//   kill-after-send        the provider (the outbox file) has the message; NotificationSent is not written
//   kill-before-checkpoint NotificationSent is written; the checkpoint is not
//   run                    catch up, print DONE and exit
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import {
  eventStoreCheckpoints,
  keyringFromSecrets,
  notificationReactor,
  systemClock,
  uuidV7Ids,
} from '@consentry/core';
import { openSqliteEventStore } from '@consentry/store-sqlite';

const [file, outbox, mode, idempotent, secret] = process.argv.slice(2);
const opened = openSqliteEventStore(file);
const keyring = keyringFromSecrets({ currentKeyId: 'k1', keys: { k1: secret } });
if (E.isLeft(opened) || E.isLeft(keyring)) {
  process.stdout.write('ERROR cannot open the store or the keyring\n');
  process.exit(1);
}
const store = opened.right;
const stopDead = (line) => (process.stdout.write(`${line}\n`), new Promise(() => undefined));
const delivered = () =>
  existsSync(outbox)
    ? readFileSync(outbox, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

const notifier = {
  name: 'file outbox',
  honoursIdempotencyKeys: idempotent === 'yes',
  channels: ['sms', 'email'],
  send: (message) => async () => {
    const earlier =
      idempotent === 'yes' ? delivered().find((m) => m.key === message.idempotencyKey) : undefined;
    if (earlier !== undefined)
      return E.right({ providerMessageId: earlier.id, channel: message.channel });
    const id = `file-${delivered().length + 1}`;
    appendFileSync(
      outbox,
      `${JSON.stringify({ id, key: message.idempotencyKey, kind: message.kind, code: message.personalisation.code ?? null })}\n`,
    );
    if (mode === 'kill-after-send') return stopDead('SENT');
    return E.right({ providerMessageId: id, channel: message.channel });
  },
};

const eventStore =
  mode === 'kill-before-checkpoint'
    ? {
        ...store,
        appendToStream: (name, events, options) =>
          name.startsWith('notificationCheckpoint-')
            ? () => stopDead('CHECKPOINTING')
            : store.appendToStream(name, events, options),
      }
    : store;

const reactor = notificationReactor({
  eventStore,
  notifier,
  keyring: keyring.right,
  clock: systemClock,
  ids: uuidV7Ids,
  checkpoints: eventStoreCheckpoints(eventStore, { clock: systemClock, ids: uuidV7Ids }),
  // Saved after every batch (the default waits for 100 events), so the checkpoint comes
  // right after the record, and the kill point between them is reached.
  checkpointEvery: 1,
  retry: { sleep: () => Promise.resolve() },
});
process.stdout.write('READY\n');
const report = await reactor.catchUp()();
process.stdout.write(
  E.isLeft(report)
    ? `ERROR ${report.left.message}\n`
    : `DONE ${report.right.outcomes.map((o) => o._tag).join(',')}\n`,
);
await store.close();
