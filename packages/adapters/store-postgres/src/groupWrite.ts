import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import type { NewEvent, StoreError } from '@consentry/core';
import { int8Param, refusedByServer, toBigInt, toStoreError } from './mapping.js';
import type { Statements } from './statements.js';
import { sameTurn } from './sameTurn.js';
import type { StreamHead } from './streamHeads.js';
import {
  chainEvents,
  writeEvents,
  written,
  type Chained,
  type WriteEvents,
  type Written,
} from './writeEvents.js';

interface Waiting {
  readonly streamName: string;
  readonly head: StreamHead;
  readonly events: readonly NewEvent[];
  readonly answer: (outcome: E.Either<StoreError, Written>) => void;
}

/** Appends gathered into one statement at most, and their events. */
export const MAX_APPENDS_PER_GROUP = 64;
export const MAX_EVENTS_PER_GROUP = 4096;

/**
 * `writeEvents`, with the appends started in the same turn of the event loop written by one
 * statement, so they share one round trip and one commit (one WAL flush). Each append is
 * still its own compare-and-set: one that lost a race is reported as such and the rest are
 * written. An append alone goes as before; so does one to a stream that another append in
 * flight is writing (it would only lose the race, and two groups never wait on each other
 * here). When the server refuses a group (a new stream another writer created, a value it
 * cannot store, a deadlock with another process), nothing of it was written, and each
 * append is tried again on its own; when the connection fails mid-statement, the group may
 * or may not have been written, and each append is told so.
 */
export const groupedWriteEvents = (pool: pg.Pool, sql: Statements): WriteEvents => {
  const alone = writeEvents(pool, sql);
  const inFlight = new Set<string>();

  const writeAlone = (append: Waiting): void => {
    void alone(append.streamName, append.head, append.events).then(append.answer);
  };

  const writeGroup = async (group: readonly Waiting[]): Promise<void> => {
    const chained = group.map((append) =>
      chainEvents(append.streamName, append.head, append.events),
    );
    for (const append of group) inFlight.add(append.streamName);
    let rows: readonly { stream_name: string; first_position: string }[];
    try {
      rows = (await pool.query({ ...sql.appendGroup, values: groupValues(chained) })).rows;
    } catch (error) {
      for (const append of group) inFlight.delete(append.streamName);
      if (refusedByServer(error)) group.forEach(writeAlone);
      else {
        for (const append of group) {
          append.answer(E.left(toStoreError(`append to ${append.streamName}`, error, true)));
        }
      }
      return;
    }
    for (const append of group) inFlight.delete(append.streamName);
    const firsts = new Map(rows.map((row) => [row.stream_name, row.first_position]));
    for (const [index, append] of group.entries()) {
      const first = firsts.get(append.streamName);
      append.answer(
        E.right(
          first === undefined
            ? { _tag: 'LostRace' }
            : written(chained[index] as Chained, toBigInt(first)),
        ),
      );
    }
  };

  const ask = sameTurn<Waiting>((all) => {
    let group: Waiting[] = [];
    let groupEvents = 0;
    const inGroup = new Set<string>();
    const send = (): void => {
      if (group.length === 1) writeAlone(group[0] as Waiting);
      else if (group.length > 1) void writeGroup(group);
      group = [];
      groupEvents = 0;
      inGroup.clear();
    };
    for (const append of all) {
      if (inFlight.has(append.streamName) || inGroup.has(append.streamName)) {
        writeAlone(append);
        continue;
      }
      if (
        group.length === MAX_APPENDS_PER_GROUP ||
        groupEvents + append.events.length > MAX_EVENTS_PER_GROUP
      ) {
        send();
      }
      group.push(append);
      groupEvents += append.events.length;
      inGroup.add(append.streamName);
    }
    send();
  });

  return (streamName, head, events) =>
    new Promise((answer) => ask({ streamName, head, events, answer }));
};

/** The group statement's parameters: five arrays with an entry per append, six per event. */
const groupValues = (chained: readonly Chained[]): unknown[] => {
  const events = chained.flatMap((append) => append.events);
  return [
    chained.map((append) => append.streamName),
    chained.map((append) => int8Param(append.before.version)),
    chained.map((append) => append.before.hash),
    chained.map((append) => int8Param(append.after.version)),
    chained.map((append) => append.after.hash),
    events.map((e) => e.streamName),
    events.map((e) => int8Param(e.streamPosition)),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
    events.map((e) => e.hash),
  ];
};
