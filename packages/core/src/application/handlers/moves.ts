import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { Actor } from '../../eventStore/envelope.js';
import type { PatientCommand } from '../../patient/commands.js';
import { patientDecider } from '../../patient/decide.js';
import type { PatientState } from '../../patient/state.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { streams } from '../../shared/streams.js';
import {
  mayChangeHomeArea,
  mayChangePractice,
  mayCloseRecord,
  type Check,
} from '../../trust/table.js';
import { loadOrganisation, loadPatient } from '../../streams/folds.js';
import type * as I from '../inputs.js';
import type { Receipt } from '../results.js';
import { retryOnConflict } from '../retry.js';
import type { Ctx, Runtime } from '../runtime.js';
import { append } from '../../streams/load.js';

type Registered = Extract<PatientState, { status: 'registered' }>;

/**
 * Read–authorise–decide–append on the patient's stream, then the notification reactor
 * drained: a change of practice tells the patient ("… can now see your record").
 */
const move = (
  rt: Runtime,
  ctx: Ctx,
  patientId: string,
  authorise: (actor: Actor, patient: Registered) => Check,
  command: PatientCommand,
): TE.TaskEither<ConsentryError, Receipt> =>
  pipe(
    retryOnConflict(rt.policy.maxConflictRetries, () =>
      pipe(
        loadPatient(rt, patientId),
        TE.flatMap(({ state, version }) =>
          state.status !== 'registered'
            ? TE.left(consentryError('UnknownPatient', { message: `No patient ${patientId}` }))
            : pipe(
                TE.fromEither(authorise(ctx.actor, state)),
                TE.flatMap(() => TE.fromEither(patientDecider.decide(command, state))),
                TE.flatMap((events) =>
                  append(rt, ctx, streams.patient(patientId), events, version),
                ),
              ),
        ),
      ),
    ),
    TE.flatMap(
      (appended) => async () =>
        E.right({
          correlationId: ctx.correlationId,
          appended: appended.events.length,
          undelivered: await rt.delivery.afterAppend(appended.events)(),
        }),
    ),
  );

/** A new home area: the patient, or their practice for them (never an organisation). */
export const changeHomeArea =
  (rt: Runtime) => (input: t.TypeOf<typeof I.ChangeHomeAreaInput>, ctx: Ctx) =>
    move(rt, ctx, input.patientId, mayChangeHomeArea, {
      type: 'ChangeHomeArea',
      data: { homeArea: input.homeArea },
    });

/** The new practice must be a registered, open GP practice. */
const requirePractice = (rt: Runtime, practiceId: string): TE.TaskEither<ConsentryError, void> =>
  pipe(
    loadOrganisation(rt, practiceId),
    TE.flatMap(({ state }) =>
      state.status !== 'active'
        ? TE.left(
            consentryError('UnknownOrganisation', { message: `No organisation ${practiceId}` }),
          )
        : state.kind !== 'gp-practice'
          ? TE.left(consentryError('Conflict', { message: `${practiceId} is not a GP practice` }))
          : TE.right(undefined),
    ),
  );

/** Recorded by staff of the new practice; the patient is told and the old practice alerted. */
export const changePractice =
  (rt: Runtime) => (input: t.TypeOf<typeof I.ChangePracticeInput>, ctx: Ctx) =>
    pipe(
      TE.fromEither(mayChangePractice(ctx.actor, input.practiceId)),
      TE.flatMap(() => requirePractice(rt, input.practiceId)),
      TE.flatMap(() =>
        move(rt, ctx, input.patientId, () => E.right(undefined), {
          type: 'ChangePractice',
          data: { practiceId: input.practiceId },
        }),
      ),
    );

export const deregister =
  (rt: Runtime) => (input: t.TypeOf<typeof I.PatientQueryInput>, ctx: Ctx) =>
    move(rt, ctx, input.patientId, mayCloseRecord, { type: 'Deregister', data: {} });

export const recordDeath =
  (rt: Runtime) => (input: t.TypeOf<typeof I.PatientQueryInput>, ctx: Ctx) =>
    move(rt, ctx, input.patientId, mayCloseRecord, { type: 'RecordDeath', data: {} });
