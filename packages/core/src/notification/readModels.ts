import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { consentFold, organisationFold, patientFold } from '../streams/folds.js';
import type { StateCache } from '../streams/stateCache.js';
import { foldOnto, loadFrom, type Fold } from '../streams/load.js';
import type { StoreError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/port.js';
import type { OrganisationState } from '../organisation/state.js';
import type { PatientState } from '../patient/state.js';
import { streams } from '../shared/streams.js';
import type { Challenge } from '../consentRecord/verification/state.js';
import { NotificationEvent, notificationStream } from './events.js';
import { answerKind } from './intents.js';

/** Folds a stream's events committed before `before` (a global position); all of them when absent. */
const foldUpTo = <S, Ev>(
  store: EventStore,
  stream: string,
  fold: Fold<S, Ev>,
  before?: bigint,
): TE.TaskEither<StoreError, S> => {
  const reading = store.readStream(stream);
  // One async step, not a pipe: the reactor reads these for every message it sends.
  return async () => {
    const read = await reading();
    if (E.isLeft(read)) return read;
    const folded = foldOnto(
      fold,
      fold.initialState(),
      read.right.events.filter((e) => before === undefined || e.globalPosition < before),
      read.right.currentVersion,
    );
    return E.isLeft(folded) ? folded : E.right(folded.right.state);
  };
};

/** The patient as the log stood when the causing event was committed (contact details then, not now). */
export const patientAt = (
  store: EventStore,
  patientId: string,
  before: bigint,
): TE.TaskEither<StoreError, PatientState> =>
  foldUpTo(store, streams.patient(patientId), patientFold, before);

/** A proxy's own contact details as the log stood then (undefined when there is no such grant). */
export const proxyContactAt = (
  store: EventStore,
  patientId: string,
  proxyId: string,
  before: bigint,
): TE.TaskEither<StoreError, { readonly mobile?: string; readonly email?: string } | undefined> =>
  pipe(
    foldUpTo(store, streams.consent(patientId), consentFold, before),
    TE.map((state) => state.proxy.grants[proxyId]),
  );

/** The organisation's name as it stood then; its id when it is not registered. */
export const organisationNameAt = (
  store: EventStore,
  organisationId: string,
  before: bigint,
): TE.TaskEither<StoreError, string> => {
  const folding = foldUpTo<OrganisationState, unknown>(
    store,
    streams.organisation(organisationId),
    organisationFold as Fold<OrganisationState, unknown>,
    before,
  );
  return async () => {
    const o = await folding();
    if (E.isLeft(o)) return o;
    return E.right(o.right.status === 'unregistered' ? organisationId : o.right.name);
  };
};

/** The challenge as it stands now: whether its code is still worth sending. */
export const challengeNow = (
  store: EventStore,
  states: StateCache,
  patientId: string,
  challengeId: string,
): TE.TaskEither<StoreError, Challenge | undefined> => {
  const loading = loadFrom(store, states, streams.consent(patientId), consentFold);
  return async () => {
    const loaded = await loading();
    return E.isLeft(loaded)
      ? loaded
      : E.right(loaded.right.state.verification.challenges[challengeId]);
  };
};

export interface NotificationLog {
  /** The stream's version, for an append that must not race another reactor. */
  readonly version: bigint;
  /** True when a NotificationSent or NotificationFailed already answers this event and kind. */
  readonly answered: (causationEventId: string, kind: string) => boolean;
}

const answerKey = (causationEventId: string, kind: string): string =>
  `${kind}\n${causationEventId}`;

/** Which (causing event, kind) pairs the patient's notification stream already answers. */
const answeredFold: Fold<ReadonlySet<string>, NotificationEvent> = {
  codec: NotificationEvent,
  initialState: () => new Set<string>(),
  // A new set per event: held states are shared, so they are never changed in place.
  evolve: (answered, event) =>
    new Set(answered).add(
      answerKey(
        event.data.causationEventId,
        answerKind(event.data.kind, event.data.proxyId, event.data.opened),
      ),
    ),
};

/** The patient's notification stream: what has already been sent or given up on. */
export const notificationLog = (
  store: EventStore,
  states: StateCache,
  patientId: string,
): TE.TaskEither<StoreError, NotificationLog> => {
  const loading = loadFrom(store, states, notificationStream(patientId), answeredFold);
  return async () => {
    const loaded = await loading();
    if (E.isLeft(loaded)) return loaded;
    const { state, version } = loaded.right;
    return E.right({
      version,
      answered: (causationEventId: string, kind: string) =>
        state.has(answerKey(causationEventId, kind)),
    });
  };
};
