import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { NhsNumberReserved, nhsNumberBlindIndex } from '../patient/reservation.js';
import { isErased } from '../personalData/erasable.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import { streams } from '../shared/streams.js';
import { loadPatient } from '../streams/folds.js';
import { retryOnConflict } from './retry.js';
import type { Ctx, Runtime } from './runtime.js';
import { stateCache } from '../streams/stateCache.js';
import { append, fromStoreError, loadFrom, type Fold } from '../streams/load.js';

/**
 * The numbers reserved in one bucket, and for whom. A reservation whose number reads as
 * erased (the patient's keys destroyed) holds nothing any more.
 */
const reservationFold: Fold<ReadonlyMap<string, string>, NhsNumberReserved> = {
  codec: NhsNumberReserved,
  initialState: () => new Map(),
  evolve: (held, event) => {
    const number = event.data.nhsNumber;
    if (number === undefined || isErased(number)) return held;
    const next = new Map(held);
    if (!next.has(number)) next.set(number, event.data.patientId);
    return next;
  },
};

/*
 * Why a bucket is never cached: its state names numbers in clear, and a number whose patient
 * is erased on another host would stay in this process's cache (nothing is appended to the
 * bucket at erasure). A bucket is a few events; reading it whole per registration is cheap.
 */
const uncached = stateCache(0);

export const alreadyRegistered = (existing: string): ConsentryError =>
  consentryError('Conflict', {
    message: `A patient with this NHS number is already registered: ${existing}`,
    existing,
  });

/**
 * Reserves the NHS number for `patientId` through the store: the append names the version
 * of the bucket read, so of two concurrent registrations (in one process or on two hosts)
 * one wins and the other reads the winner and answers `Conflict`. Registering the same
 * patient again finds its own reservation. A reservation whose patient never got registered
 * (a crash between the two appends) is never taken over silently: registering again with that
 * patient id completes it.
 */
export const reserveNhsNumber = (
  rt: Runtime,
  ctx: Ctx,
  nhsNumber: string,
  patientId: string,
): TE.TaskEither<ConsentryError, void> =>
  retryOnConflict(rt.policy.maxConflictRetries, () => async () => {
    const stream = streams.nhsNumberReservation(
      nhsNumberBlindIndex(rt.keyring.current(), nhsNumber),
    );
    const held = await loadFrom(rt.store, uncached, stream, reservationFold)();
    if (E.isLeft(held)) return E.left(fromStoreError(held.left));
    const holder = held.right.state.get(nhsNumber);
    if (holder === patientId) return E.right(undefined);
    if (holder !== undefined) {
      const other = await loadPatient(rt, holder)();
      if (E.isLeft(other)) return other;
      return E.left(
        other.right.state.status === 'registered'
          ? alreadyRegistered(holder)
          : consentryError('Conflict', {
              message: `This NHS number is reserved for patient ${holder}, whose registration did not complete: register again with patientId ${holder}`,
              existing: holder,
            }),
      );
    }
    const reserved: NhsNumberReserved = {
      type: 'NhsNumberReserved',
      data: {
        patientId: patientId as NhsNumberReserved['data']['patientId'],
        nhsNumber: nhsNumber as NonNullable<NhsNumberReserved['data']['nhsNumber']>,
      },
    };
    const appended = await append(rt, ctx, stream, [reserved], held.right.version)();
    return E.isLeft(appended) ? appended : E.right(undefined);
  });
