import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { aggregateFromRead } from '../eventStore/aggregate.js';
import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import { storeFailure, storeUnavailable, type StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import { carried, openEvent, openValues, sealEvent, sealedOf } from './sealedEvent.js';
import { personalFieldsOf } from './fields.js';
import type { DataKey, KeyVault } from './keyVault.js';
import type { Sealed } from './sealedEvent.js';

/** What erasure can destroy: contact details only, or everything personal about the subject. */
export type ErasureScope = 'contact-details' | 'all';

/** An event store whose personal fields are sealed on the way in and opened on the way out. */
export interface PersonalDataStore extends EventStore {
  /** The store underneath, holding only sealed personal data (for copies and raw checks). */
  readonly stored: EventStore;
  readonly vault: KeyVault;
  /** Destroys the subject's keys of `scope` (`all`: and those of the subjects under it); returns how many. */
  readonly erase: (subject: string, scope: ErasureScope) => Promise<number>;
}

/** Events whose opened fields are kept (about 100 bytes each). */
const OPENED_CACHE = 50_000;

const PERSONAL_DATA_STORE: unique symbol = Symbol.for('consentry.personalDataStore');

export const isPersonalDataStore = (store: EventStore): store is PersonalDataStore =>
  (store as { [PERSONAL_DATA_STORE]?: boolean })[PERSONAL_DATA_STORE] === true;

const failure = (message: string, cause: unknown): StoreError =>
  storeUnavailable(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);

/**
 * The one path personal data takes through every store (docs/personal-data.md). On append,
 * the fields `PERSONAL_FIELDS` names are sealed (AES-256-GCM) under the person's data key;
 * the store chains and checkpoints the sealed bytes. On every read (streams, the global log,
 * subscriptions) they are opened again, or read as `ERASED` once the key is destroyed, before
 * any upcaster or codec sees the event: deciders, folds and read models see plain events.
 * Events stored without sealing (a plain store from before) are returned as they are.
 *
 * Unwrapped keys are cached in this process; the cache is dropped whenever the vault's
 * erasure counter has moved since it was last checked, which is checked before any read that
 * opens a sealed field. So a key one host destroys is not used by another host's next read.
 */
export const personalDataStore = (inner: EventStore, vault: KeyVault): PersonalDataStore => {
  if (isPersonalDataStore(inner)) return inner;
  const cache = new Map<string, DataKey | 'erased'>();
  // Opened fields by event (stream and event id), so a stream read again is not decrypted
  // again; bounded, and dropped with the keys whenever an erasure is seen.
  const opened = new Map<string, Readonly<Record<string, unknown>>>();
  let seenErasures = -1;

  const fresh = async (): Promise<void> => {
    const now = await vault.erasures();
    if (now !== seenErasures) {
      cache.clear();
      opened.clear();
      seenErasures = now;
    }
  };

  const valuesOf = async (
    event: RecordedEvent,
    sealed: Sealed,
  ): Promise<Readonly<Record<string, unknown>>> => {
    const id = `${event.streamName}\n${event.metadata.eventId}`;
    const held = opened.get(id);
    if (held !== undefined) return held;
    const values = openValues(event, sealed, await keyOf(sealed.key));
    if (opened.size >= OPENED_CACHE) opened.clear();
    opened.set(id, values);
    return values;
  };

  const keyOf = async (keyId: string): Promise<Uint8Array | undefined> => {
    let held = cache.get(keyId);
    if (held === undefined) {
      const found = await vault.find(keyId);
      if (found === undefined) throw new Error(`data key ${keyId} is not in the key vault`);
      held = found;
      cache.set(keyId, held);
    }
    return held === 'erased' ? undefined : held.key;
  };

  /** Opens every sealed event of `events`; the same array when none is sealed. */
  const open = async (events: readonly RecordedEvent[]): Promise<readonly RecordedEvent[]> => {
    let out: RecordedEvent[] | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as RecordedEvent;
      const sealed = sealedOf(event.data);
      if (sealed === undefined) continue;
      if (out === undefined) {
        await fresh();
        out = events.slice();
      }
      try {
        out[i] = openEvent(event, await valuesOf(event, sealed));
      } catch (e) {
        throw new OpenError(event, e);
      }
    }
    return out ?? events;
  };

  const opening =
    <R>(
      read: TE.TaskEither<StoreError, R>,
      events: (r: R) => readonly RecordedEvent[],
      put: (r: R, e: readonly RecordedEvent[]) => R,
    ) =>
    async (): Promise<E.Either<StoreError, R>> => {
      const result = await read();
      if (E.isLeft(result)) return result;
      try {
        const opened = await open(events(result.right));
        return opened === events(result.right) ? result : E.right(put(result.right, opened));
      } catch (e) {
        return E.left(
          e instanceof OpenError ? e.storeError : failure('The key vault did not answer', e),
        );
      }
    };

  const keyFor = async (
    subject: string,
    scope: 'identity' | 'contact-details',
  ): Promise<DataKey> => {
    if (scope === 'identity') {
      const live = (await vault.liveKeys(subject)).find(
        (k) => k.scope === 'identity' && k.subject === subject,
      );
      if (live !== undefined) {
        const found = await vault.find(live.keyId);
        if (found !== undefined && found !== 'erased') return found;
      }
    }
    return vault.create(subject, scope);
  };

  const seal = async (
    streamName: string,
    events: readonly NewEvent[],
  ): Promise<{
    events: readonly NewEvent[];
    contact: Map<string, string[]>;
    created: string[];
  }> => {
    let out: NewEvent[] | undefined;
    const contact = new Map<string, string[]>();
    const created: string[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as NewEvent;
      const spec = personalFieldsOf(event.type);
      if (spec === undefined || sealedOf(event.data) !== undefined) continue;
      const fields = carried(spec, event.data);
      if (fields.length === 0 || typeof event.metadata?.eventId !== 'string') continue;
      const subject = spec.subject(event.data as Record<string, unknown>);
      const key = await keyFor(subject, spec.scope);
      if (spec.scope === 'contact-details') {
        created.push(key.keyId);
        contact.set(subject, [...(contact.get(subject) ?? []), key.keyId]);
      }
      out ??= events.slice();
      out[i] = sealEvent(streamName, event, fields, key);
      // What the append's result (and the next read) opens is known: no decryption for it.
      cache.set(key.keyId, key);
      const data = event.data as Record<string, unknown>;
      opened.set(
        `${streamName}\n${event.metadata.eventId}`,
        Object.fromEntries(fields.map((field) => [field, data[field]])),
      );
    }
    return { events: out ?? events, contact, created };
  };

  /** After a stored change of contact details: the subject's other contact keys go. */
  const dropReplaced = async (contact: Map<string, string[]>): Promise<void> => {
    for (const [subject, kept] of contact) {
      const old = (await vault.liveKeys(subject)).filter(
        (k) => k.scope === 'contact-details' && k.subject === subject && !kept.includes(k.keyId),
      );
      // Of several in one append, only the last set of contact details is current.
      const superseded = kept.slice(0, -1);
      const gone = [...old.map((k) => k.keyId), ...superseded];
      if (gone.length > 0) await vault.destroy(gone);
    }
  };

  const readStream: EventStore['readStream'] = (streamName, options) =>
    opening(
      inner.readStream(streamName, options),
      (r) => r.events,
      (r, events) => ({ ...r, events }),
    );

  const readAll: EventStore['readAll'] = (options) =>
    opening(
      inner.readAll(options),
      (r) => r.events,
      (r, events) => ({ ...r, events }),
    );

  const store: PersonalDataStore & { [PERSONAL_DATA_STORE]: true } = {
    [PERSONAL_DATA_STORE]: true,
    stored: inner,
    vault,
    appendToStream: (streamName, events, options) => async () => {
      let sealed;
      try {
        sealed = await seal(streamName, events);
      } catch (e) {
        return E.left(failure('The key vault did not answer', e));
      }
      const appended = await inner.appendToStream(streamName, sealed.events, options)();
      try {
        if (E.isLeft(appended)) {
          // Keys for contact details that were never stored: nothing needs them.
          if (sealed.created.length > 0) await vault.destroy(sealed.created);
          return appended;
        }
        await dropReplaced(sealed.contact);
      } catch (e) {
        return E.left(failure('The key vault did not answer after the append', e));
      }
      return opening(
        () => Promise.resolve(appended),
        (r) => r.events,
        (r, opened) => ({ ...r, events: opened }),
      )();
    },
    readStream,
    aggregateStream: aggregateFromRead(readStream),
    readAll,
    subscribe: (options) =>
      inner.subscribe({
        ...options,
        handler: async (event) => {
          const [opened] = await open([event]).catch((e: unknown) => {
            throw e instanceof OpenError ? e.storeError : e;
          });
          return options.handler(opened as RecordedEvent);
        },
      }),
    close: () => inner.close(),
    erase: async (subject, scope) => {
      // `all` takes the subjects under it too (a proxy's details kept for this patient);
      // `contact-details` only the subject's own.
      const keys = (await vault.liveKeys(subject)).filter(
        (k) => scope === 'all' || (k.scope === 'contact-details' && k.subject === subject),
      );
      // Called even with nothing left to destroy: a store finishes an erasure cut short
      // (the SQLite table empties its write-ahead log again).
      await vault.destroy(keys.map((k) => k.keyId));
      cache.clear();
      opened.clear();
      return keys.length;
    },
  };
  return store;
};

class OpenError extends Error {
  readonly storeError: StoreError;
  constructor(event: RecordedEvent, cause: unknown) {
    super(`personal data of ${event.streamName}@${event.streamPosition} does not open`);
    this.storeError = storeFailure(
      `${this.message} (tampered, moved, or the wrong key vault): ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    );
  }
}
