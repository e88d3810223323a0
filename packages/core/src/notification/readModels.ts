import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { consentFold, organisationFold, patientFold } from '../application/folds.js';
import { decodeRecorded, type Fold } from '../application/streamIo.js';
import type { StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import type { OrganisationState } from '../organisation/state.js';
import type { PatientState } from '../patient/state.js';
import { streams } from '../shared/streams.js';
import type { Challenge } from '../verification/state.js';
import { NotificationEvent, notificationStream } from './events.js';

/** Folds a stream's events committed before `before` (a global position); all of them when absent. */
const foldUpTo = <S, Ev>(
  store: EventStore,
  stream: string,
  fold: Fold<S, Ev>,
  before?: bigint,
): TE.TaskEither<StoreError, S> =>
  pipe(
    store.readStream(stream),
    TE.flatMapEither((read) =>
      pipe(
        read.events
          .filter((e) => before === undefined || e.globalPosition < before)
          .map((e) => decodeRecorded(fold.codec, e)),
        E.sequenceArray,
        E.map((events) => events.reduce(fold.evolve, fold.initialState())),
      ),
    ),
  );

/** The patient as the log stood when the causing event was committed (contact details then, not now). */
export const patientAt = (
  store: EventStore,
  patientId: string,
  before: bigint,
): TE.TaskEither<StoreError, PatientState> =>
  foldUpTo(store, streams.patient(patientId), patientFold, before);

/** The organisation's name as it stood then; its id when it is not registered. */
export const organisationNameAt = (
  store: EventStore,
  organisationId: string,
  before: bigint,
): TE.TaskEither<StoreError, string> =>
  pipe(
    foldUpTo<OrganisationState, unknown>(
      store,
      streams.organisation(organisationId),
      organisationFold as Fold<OrganisationState, unknown>,
      before,
    ),
    TE.map((o) => (o.status === 'unregistered' ? organisationId : o.name)),
  );

/** The challenge as it stands now: whether its code is still worth sending. */
export const challengeNow = (
  store: EventStore,
  patientId: string,
  challengeId: string,
): TE.TaskEither<StoreError, Challenge | undefined> =>
  pipe(
    foldUpTo(store, streams.consent(patientId), consentFold),
    TE.map((record) => record.verification.challenges[challengeId]),
  );

export interface NotificationLog {
  /** The stream's version, for an append that must not race another reactor. */
  readonly version: bigint;
  /** True when a NotificationSent or NotificationFailed already answers this event and kind. */
  readonly answered: (causationEventId: string, kind: string) => boolean;
}

/** The patient's notification stream: what has already been sent or given up on. */
export const notificationLog = (
  store: EventStore,
  patientId: string,
): TE.TaskEither<StoreError, NotificationLog> =>
  pipe(
    store.readStream(notificationStream(patientId)),
    TE.flatMapEither((read) =>
      pipe(
        read.events.map((e) => decodeRecorded(NotificationEvent, e)),
        E.sequenceArray,
        E.map((events) => ({
          version: read.currentVersion,
          answered: (causationEventId: string, kind: string) =>
            events.some(
              (e) => e.data.causationEventId === causationEventId && e.data.kind === kind,
            ),
        })),
      ),
    ),
  );
