import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { EventStore } from '../eventStore/port.js';
import type { OrganisationId } from '../organisation/codecs.js';
import type { PatientId } from '../patient/codecs.js';
import type { ConsentryError } from '../shared/errors.js';
import type { Projection } from './projection.js';
import { catchingUp } from './runner.js';

/** NHS number → patient id, and every organisation id. Kept in memory only, never in a stream name. */
export interface DirectoryState {
  readonly patientsByNhsNumber: Map<string, PatientId>;
  /** A Set keeps registration order and makes a repeated registration O(1) to skip. */
  readonly organisationIds: Set<OrganisationId>;
}

export const directoryProjection: Projection<DirectoryState> = {
  name: 'directory',
  initialState: () => ({ patientsByNhsNumber: new Map(), organisationIds: new Set() }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'PatientRegistered':
        state.patientsByNhsNumber.set(event.data.nhsNumber, event.data.patientId);
        return state;
      case 'OrganisationRegistered':
        state.organisationIds.add(event.data.organisationId);
        return state;
      default:
        return state;
    }
  },
};

export interface Directory {
  readonly patientIdByNhsNumber: (
    nhsNumber: string,
  ) => TE.TaskEither<ConsentryError, PatientId | undefined>;
  readonly organisationIds: () => TE.TaskEither<ConsentryError, readonly OrganisationId[]>;
}

export const directory = (store: EventStore): Directory => {
  const view = catchingUp(store, directoryProjection);
  const current = pipe(
    view.current(),
    TE.mapLeft((cause): ConsentryError => ({
      _tag: 'StoreFailure',
      message: cause.message,
      cause,
    })),
  );
  return {
    patientIdByNhsNumber: (nhsNumber) =>
      pipe(
        current,
        TE.map((s) => s.patientsByNhsNumber.get(nhsNumber)),
      ),
    organisationIds: () =>
      pipe(
        current,
        TE.map((s): readonly OrganisationId[] => [...s.organisationIds]),
      ),
  };
};
