import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { NhsNumberReserved, nhsNumberBlindIndex } from '../patient/reservation.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import { streams } from '../shared/streams.js';
import { loadPatient } from './folds.js';
import { retryOnConflict } from './retry.js';
import type { Ctx, Runtime } from './runtime.js';
import { append, load, type Fold } from './streamIo.js';

/** The patient the number is reserved for, if any. */
const reservationFold: Fold<string | undefined, NhsNumberReserved> = {
  codec: NhsNumberReserved,
  initialState: () => undefined,
  evolve: (_, event) => event.data.patientId,
};

export const alreadyRegistered = (existing: string): ConsentryError =>
  consentryError('Conflict', {
    message: `A patient with this NHS number is already registered: ${existing}`,
    existing,
  });

/**
 * Reserves the NHS number for `patientId` through the store: the append names the version
 * read, so of two concurrent registrations (in one process or on two hosts) one wins and the
 * other reads the winner and answers `Conflict`. Registering the same patient again finds its
 * own reservation. A reservation whose patient never got registered (a crash between the two
 * appends) is never taken over silently: registering again with that patient id completes it.
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
    const held = await load(rt, stream, reservationFold)();
    if (E.isLeft(held)) return held;
    const holder = held.right.state;
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
      data: { patientId: patientId as NhsNumberReserved['data']['patientId'] },
    };
    const appended = await append(rt, ctx, stream, [reserved], 'no-stream')();
    return E.isLeft(appended) ? appended : E.right(undefined);
  });
