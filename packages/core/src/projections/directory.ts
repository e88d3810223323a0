import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { EventStore } from '../eventStore/port.js';
import type { OrganisationId } from '../organisation/codecs.js';
import type { PatientId } from '../patient/codecs.js';
import { isErased } from '../personalData/erasable.js';
import type { ConsentryError } from '../shared/errors.js';
import type { Projection } from './projection.js';
import { catchingUp } from './runner.js';

/**
 * NHS number → patient id, and every organisation id. Kept in memory only, never in a stream
 * name; a number whose patient is erased (docs/personal-data.md) is dropped, and reads as
 * erased on a replay, so it is not held again.
 */
export interface DirectoryState {
  readonly patientsByNhsNumber: Map<string, PatientId>;
  /** The reverse, to drop a patient's number at erasure. */
  readonly nhsNumberByPatient: Map<PatientId, string>;
  /** A Set keeps registration order and makes a repeated registration O(1) to skip. */
  readonly organisationIds: Set<OrganisationId>;
}

/**
 * The directory, with numbers held as `index(number)`: a keyed HMAC in the facade
 * (`nhsNumberLookupKey`), so the read model holds no number in clear; the number itself by default.
 */
export const directoryProjectionWith = (
  index: (nhsNumber: string) => string,
): Projection<DirectoryState> => ({
  name: 'directory',
  initialState: () => ({
    patientsByNhsNumber: new Map(),
    nhsNumberByPatient: new Map(),
    organisationIds: new Set(),
  }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'PatientRegistered': {
        if (isErased(event.data.nhsNumber)) return state;
        const key = index(event.data.nhsNumber);
        state.patientsByNhsNumber.set(key, event.data.patientId);
        state.nhsNumberByPatient.set(event.data.patientId, key);
        return state;
      }
      case 'PersonalDataErased': {
        const number = state.nhsNumberByPatient.get(event.data.patientId);
        if (event.data.scope !== 'all' || number === undefined) return state;
        state.patientsByNhsNumber.delete(number);
        state.nhsNumberByPatient.delete(event.data.patientId);
        return state;
      }
      case 'OrganisationRegistered':
        state.organisationIds.add(event.data.organisationId);
        return state;
      default:
        return state;
    }
  },
});

/** The directory with numbers in clear (audit replays count it). */
export const directoryProjection: Projection<DirectoryState> = directoryProjectionWith((n) => n);

export interface Directory {
  readonly patientIdByNhsNumber: (
    nhsNumber: string,
  ) => TE.TaskEither<ConsentryError, PatientId | undefined>;
  readonly organisationIds: () => TE.TaskEither<ConsentryError, readonly OrganisationId[]>;
}

export const directory = (
  store: EventStore,
  index: (nhsNumber: string) => string = (n) => n,
): Directory => {
  const view = catchingUp(store, directoryProjectionWith(index));
  const current = pipe(
    view.current(),
    TE.mapLeft((cause): ConsentryError => ({
      _tag: 'StoreFailure',
      message: cause.message,
      cause,
    })),
  );
  return {
    // One async step, not a pipe: a host looks a number up on most requests.
    patientIdByNhsNumber: (nhsNumber) => async () => {
      const state = await current();
      return E.isLeft(state)
        ? state
        : E.right(state.right.patientsByNhsNumber.get(index(nhsNumber)));
    },
    organisationIds: () =>
      pipe(
        current,
        TE.map((s): readonly OrganisationId[] => [...s.organisationIds]),
      ),
  };
};
