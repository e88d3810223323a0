import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { organisationDecider } from '../../organisation/decide.js';
import type { OrganisationId } from '../../organisation/codecs.js';
import { patientDecider } from '../../patient/decide.js';
import type { PatientId } from '../../patient/codecs.js';
import type { PatientState } from '../../patient/state.js';
import { practiceListsDecider } from '../../practiceLists/decide.js';
import type { PracticeListsCommand } from '../../practiceLists/commands.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { streams } from '../../shared/streams.js';
import {
  mayChangePatientDetails,
  mayKeepDirectory,
  mayKeepPracticeLists,
  mayRegisterPatient,
} from '../../trust/table.js';
import { invalidInput } from '../../shared/errors.js';
import { alreadyRegistered, reserveNhsNumber } from '../reservation.js';
import {
  loadConsent,
  loadOrganisation,
  organisationFold,
  patientFold,
  practiceListsFold,
} from '../../streams/folds.js';
import { authoriseActing } from '../../trust/proxyRules.js';
import type * as I from '../inputs.js';
import type { Directory } from '../../projections/directory.js';
import type { Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';
import { runStreamCommand } from '../streamCommand.js';
import { withKeys } from '../../shared/withKeys.js';

const unknownOrganisation = (id: string): ConsentryError =>
  consentryError('UnknownOrganisation', { message: `No organisation ${id}` });

export const registerOrganisation =
  (rt: Runtime) => (input: t.TypeOf<typeof I.RegisterOrganisationInput>, ctx: Ctx) => {
    const organisationId = input.organisationId ?? (rt.ids.next() as OrganisationId);
    return pipe(
      TE.fromEither(mayKeepDirectory(ctx.actor)),
      TE.flatMap(() =>
        runStreamCommand(
          rt,
          ctx,
          streams.organisation(organisationId),
          organisationFold,
          ({ state }) =>
            organisationDecider.decide(
              { type: 'RegisterOrganisation', data: withKeys(input, { organisationId }) },
              state,
            ),
        ),
      ),
      TE.map((receipt): Receipt & { organisationId: OrganisationId } =>
        withKeys(receipt, { organisationId }),
      ),
    );
  };

export const closeOrganisation =
  (rt: Runtime) => (input: t.TypeOf<typeof I.CloseOrganisationInput>, ctx: Ctx) =>
    pipe(
      TE.fromEither(mayKeepDirectory(ctx.actor)),
      TE.flatMap(() =>
        runStreamCommand(
          rt,
          ctx,
          streams.organisation(input.organisationId),
          organisationFold,
          ({ state }) => organisationDecider.decide({ type: 'CloseOrganisation', data: {} }, state),
        ),
      ),
    );

/** The practice must be a registered, open GP practice. */
const requirePractice = (rt: Runtime, practiceId: string): TE.TaskEither<ConsentryError, void> =>
  pipe(
    loadOrganisation(rt, practiceId),
    TE.flatMap(({ state }) =>
      state.status !== 'active'
        ? TE.left(unknownOrganisation(practiceId))
        : state.kind !== 'gp-practice'
          ? TE.left(consentryError('Conflict', { message: `${practiceId} is not a GP practice` }))
          : TE.right(undefined),
    ),
  );

const bornInFuture = (rt: Runtime, dateOfBirth: string): boolean =>
  Date.parse(`${dateOfBirth}T00:00:00Z`) > rt.clock.now().getTime();

/**
 * The NHS number must not belong to another patient: checked on the caught-up directory, then
 * enforced through the store by the number's reservation (reservation.ts), which holds under
 * concurrent registrations from several hosts. A second registration is `Conflict` naming the
 * patient who has the number.
 */
export const registerPatient =
  (rt: Runtime, directory: Directory) =>
  (input: t.TypeOf<typeof I.RegisterPatientInput>, ctx: Ctx) => {
    const patientId = input.patientId ?? (rt.ids.next() as PatientId);
    const { patientId: _, ...details } = input;
    if (bornInFuture(rt, input.dateOfBirth))
      return TE.left(
        invalidInput([
          { field: 'dateOfBirth', message: 'dateOfBirth: a date of birth cannot be in the future' },
        ]),
      );
    return pipe(
      TE.fromEither(mayRegisterPatient(ctx.actor, input.practiceId)),
      TE.flatMap(() => requirePractice(rt, input.practiceId)),
      TE.flatMap(() => directory.patientIdByNhsNumber(input.nhsNumber)),
      TE.flatMap((existing) =>
        existing === undefined || existing === patientId
          ? TE.right(undefined)
          : TE.left(alreadyRegistered(existing)),
      ),
      TE.flatMap(() => reserveNhsNumber(rt, ctx, input.nhsNumber, patientId)),
      TE.flatMap(() =>
        runStreamCommand(rt, ctx, streams.patient(patientId), patientFold, ({ state }) =>
          patientDecider.decide(
            { type: 'RegisterPatient', data: withKeys(details, { patientId }) },
            state,
          ),
        ),
      ),
      TE.map((receipt): Receipt & { patientId: PatientId } => withKeys(receipt, { patientId })),
    );
  };

/** The patient or their practice; an unknown patient is reported by the decider. */
const patientOnly = (ctx: Ctx, state: PatientState): E.Either<ConsentryError, void> =>
  state.status === 'registered' ? mayChangePatientDetails(ctx.actor, state) : E.right(undefined);

export const recordContactDetails =
  (rt: Runtime) => (input: t.TypeOf<typeof I.RecordContactDetailsInput>, ctx: Ctx) => {
    const { patientId, ...contact } = input;
    return runStreamCommand(rt, ctx, streams.patient(patientId), patientFold, ({ state }) =>
      pipe(
        ctx.actor.kind === 'proxy' && state.status === 'registered'
          ? proxyMayChangeDetails(rt, ctx, state)
          : TE.fromEither(patientOnly(ctx, state)),
        TE.flatMapEither(() =>
          patientDecider.decide({ type: 'RecordContactDetails', data: contact }, state),
        ),
      ),
    );
  };

/**
 * A proxy with `manage-sharing` changes the patient's contact details as the patient could:
 * its grant is read from the consent stream as it stands now (trust/proxyRules.ts).
 */
const proxyMayChangeDetails = (
  rt: Runtime,
  ctx: Ctx,
  patient: Extract<PatientState, { status: 'registered' }>,
): TE.TaskEither<ConsentryError, void> =>
  pipe(
    loadConsent(rt, patient.patientId),
    TE.flatMapEither(({ state }) =>
      authoriseActing(
        ctx.actor,
        patient,
        state,
        'recordContactDetails',
        rt.clock.now(),
        undefined,
        (actor) => mayChangePatientDetails(actor, patient),
      ),
    ),
  );

export const enrolPortal =
  (rt: Runtime) => (input: t.TypeOf<typeof I.EnrolPortalInput>, ctx: Ctx) =>
    runStreamCommand(rt, ctx, streams.patient(input.patientId), patientFold, ({ state }) =>
      pipe(
        patientOnly(ctx, state),
        E.flatMap(() => patientDecider.decide({ type: 'EnrolPortal', data: {} }, state)),
      ),
    );

/** Allowed / Prohibited lists: kept by staff of the practice itself; the listed organisation must exist. */
export const practiceList =
  (rt: Runtime, type: PracticeListsCommand['type']) =>
  (input: t.TypeOf<typeof I.PracticeListInput>, ctx: Ctx) =>
    pipe(
      TE.fromEither(mayKeepPracticeLists(ctx.actor, input.practiceId)),
      TE.flatMap(() =>
        input.organisationId === input.practiceId
          ? TE.left(
              invalidInput([
                {
                  field: 'organisationId',
                  message: 'organisationId: a practice cannot put itself on its own lists',
                },
              ]),
            )
          : TE.right(undefined),
      ),
      TE.flatMap(() => requirePractice(rt, input.practiceId)),
      TE.flatMap(() => loadOrganisation(rt, input.organisationId)),
      TE.flatMap(({ state }) =>
        state.status === 'unregistered'
          ? TE.left(unknownOrganisation(input.organisationId))
          : TE.right(undefined),
      ),
      TE.flatMap(() =>
        runStreamCommand(
          rt,
          ctx,
          streams.practiceLists(input.practiceId),
          practiceListsFold,
          ({ state }) => practiceListsDecider.decide({ type, data: input }, state),
        ),
      ),
    );
