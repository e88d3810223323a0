import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { AccessFacts } from '../access/policy/facts.js';
import type { ConsentRecordEvent, ConsentRecordState } from '../consentRecord/record.js';
import type { Actor, RecordedEvent } from '../eventStore/envelope.js';
import type { OrganisationState } from '../organisation/state.js';
import type { PatientState } from '../patient/state.js';
import type { PracticeListsState } from '../practiceLists/state.js';
import { consentryError, type ConsentryError } from '../shared/errors.js';
import { streams } from '../shared/streams.js';
import { loadConsent, loadOrganisation, loadPatient, loadPracticeLists } from './folds.js';
import type { Receipt } from './results.js';
import { retryOnConflict } from './retry.js';
import type { Ctx, Runtime } from './runtime.js';
import { append, type Loaded } from './streamIo.js';

export type RegisteredPatient = Extract<PatientState, { status: 'registered' }>;

/** Current state around one patient's consent stream, read fresh for every attempt. */
export interface ConsentView {
  readonly patient: RegisteredPatient;
  readonly organisations: ReadonlyMap<string, OrganisationState>;
  readonly practiceLists: PracticeListsState;
  readonly consent: Loaded<ConsentRecordState>;
  readonly facts: (organisationId: string) => AccessFacts;
}

export interface ConsentOutcome<A> {
  /** Appended at the version `view` was read at. */
  readonly events: readonly ConsentRecordEvent[];
  /** A Left here still appends `events` (a wrong code is recorded, then reported). */
  readonly result: E.Either<ConsentryError, A>;
}

export interface ConsentCommandSpec<A> {
  readonly patientId: string;
  /** Organisations the command names; each must be registered. */
  readonly organisationIds: readonly string[];
  readonly authorise: (actor: Actor, view: ConsentView) => E.Either<ConsentryError, void>;
  readonly decide: (view: ConsentView) => E.Either<ConsentryError, ConsentOutcome<A>>;
}

const readView = (
  rt: Runtime,
  patientId: string,
  organisationIds: readonly string[],
): TE.TaskEither<ConsentryError, ConsentView> =>
  pipe(
    loadPatient(rt, patientId),
    TE.flatMap(({ state: patient }) =>
      patient.status === 'registered'
        ? TE.right(patient)
        : TE.left(consentryError('UnknownPatient', { message: `No patient ${patientId}` })),
    ),
    TE.flatMap((patient) =>
      pipe(
        TE.sequenceArray(
          organisationIds.map((id) =>
            pipe(
              loadOrganisation(rt, id),
              TE.map(({ state }) => [id, state] as const),
            ),
          ),
        ),
        TE.flatMap((pairs) => {
          const unknown = pairs.find(([, state]) => state.status === 'unregistered');
          return unknown === undefined
            ? TE.right(new Map(pairs))
            : TE.left(
                consentryError('UnknownOrganisation', { message: `No organisation ${unknown[0]}` }),
              );
        }),
        TE.bindTo('organisations'),
        TE.bind('lists', () => loadPracticeLists(rt, patient.practiceId)),
        TE.bind('consent', () => loadConsent(rt, patientId)),
        TE.map(({ organisations, lists, consent }) => ({
          patient,
          organisations,
          practiceLists: lists.state,
          consent,
          facts: (organisationId: string): AccessFacts => ({
            patient,
            organisation: organisations.get(organisationId) ?? { status: 'unregistered' },
            practiceLists: lists.state,
            record: consent.state,
          }),
        })),
      ),
    ),
  );

export interface ConsentCommandResult<A> {
  readonly value: A;
  readonly receipt: Receipt;
  readonly appended: readonly RecordedEvent[];
}

/**
 * Read–decide–append on a patient's consent stream, retried on a version conflict, then
 * the notification reactor drained (`rt.delivery`). The one path every consent command takes.
 */
export const runConsentCommand = <A>(
  rt: Runtime,
  ctx: Ctx,
  spec: ConsentCommandSpec<A>,
): TE.TaskEither<ConsentryError, ConsentCommandResult<A>> =>
  pipe(
    retryOnConflict(rt.policy.maxConflictRetries, () =>
      pipe(
        readView(rt, spec.patientId, spec.organisationIds),
        TE.tap((view) => TE.fromEither(spec.authorise(ctx.actor, view))),
        TE.flatMap((view) =>
          pipe(
            TE.fromEither(spec.decide(view)),
            TE.flatMap((outcome) =>
              pipe(
                append(
                  rt,
                  ctx,
                  streams.consent(spec.patientId),
                  outcome.events,
                  view.consent.version,
                ),
                TE.map((appended) => ({ view, outcome, appended: appended.events })),
              ),
            ),
          ),
        ),
      ),
    ),
    TE.flatMap(({ outcome, appended }) =>
      pipe(
        TE.fromTask(rt.delivery.afterAppend(appended)),
        TE.flatMap((undelivered) =>
          pipe(
            TE.fromEither(outcome.result),
            TE.map((value) => ({
              value,
              appended,
              receipt: { correlationId: ctx.correlationId, appended: appended.length, undelivered },
            })),
          ),
        ),
      ),
    ),
  );
