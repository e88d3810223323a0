import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { careDecider } from '../../care/decide.js';
import type { RelationshipId } from '../../care/codecs.js';
import type { Actor } from '../../eventStore/envelope.js';
import type { ConsentryError } from '../../shared/errors.js';
import { sharingDecider } from '../../sharing/decide.js';
import { eitherOf, forOrganisation, forPatient } from '../authorise.js';
import { runConsentCommand, type ConsentOutcome, type ConsentView } from '../consentCommand.js';
import type * as I from '../inputs.js';
import type { Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';

/** Runs a consent-stream command whose events are the whole outcome (no separate result). */
const simple = (
  rt: Runtime,
  ctx: Ctx,
  patientId: string,
  organisationIds: readonly (string | undefined)[],
  authorise: (actor: Actor, view: ConsentView) => E.Either<ConsentryError, void>,
  decide: (view: ConsentView) => E.Either<ConsentryError, ConsentOutcome<void>['events']>,
): TE.TaskEither<ConsentryError, Receipt> =>
  pipe(
    runConsentCommand(rt, ctx, {
      patientId,
      organisationIds: organisationIds.filter((id): id is string => id !== undefined),
      authorise,
      decide: (view) =>
        E.map((events: ConsentOutcome<void>['events']) => ({ events, result: E.right(undefined) }))(
          decide(view),
        ),
    }),
    TE.map(({ receipt }) => receipt),
  );

const byPatient = (actor: Actor, view: ConsentView) => forPatient(actor, view.patient);

/** `setBy: organisation` is a clinician who asked in person: staff of that organisation. */
export const setSharingPreference =
  (rt: Runtime) => (input: t.TypeOf<typeof I.SetSharingPreferenceInput>, ctx: Ctx) =>
    simple(
      rt,
      ctx,
      input.patientId,
      [input.organisationId],
      (actor, view) =>
        input.setBy === 'organisation'
          ? forOrganisation(actor, actor.organisationId ?? '')
          : byPatient(actor, view),
      (view) =>
        sharingDecider.decide(
          { type: 'SetSharingPreference', data: input },
          view.consent.state.sharing,
        ),
    );

export const clearSharingPreference =
  (rt: Runtime) => (input: t.TypeOf<typeof I.ClearSharingPreferenceInput>, ctx: Ctx) =>
    simple(rt, ctx, input.patientId, [input.organisationId], byPatient, (view) =>
      sharingDecider.decide(
        { type: 'ClearSharingPreference', data: input },
        view.consent.state.sharing,
      ),
    );

export const recordSharingOutConsent =
  (rt: Runtime) => (input: t.TypeOf<typeof I.RecordSharingOutConsentInput>, ctx: Ctx) =>
    simple(rt, ctx, input.patientId, [input.organisationId], byPatient, (view) =>
      sharingDecider.decide(
        { type: 'RecordSharingOutConsent', data: input },
        view.consent.state.sharing,
      ),
    );

/** Rule 8: organisation staff record the answer the patient gave in person. */
export const recordInPersonAnswer =
  (rt: Runtime) => (input: t.TypeOf<typeof I.RecordInPersonAnswerInput>, ctx: Ctx) =>
    simple(
      rt,
      ctx,
      input.patientId,
      [input.organisationId],
      (actor, view) =>
        eitherOf(forOrganisation(actor, input.organisationId), byPatient(actor, view)),
      (view) =>
        sharingDecider.decide(
          { type: 'RecordSharingInConsent', data: { ...input, route: 'in-person' } },
          view.consent.state.sharing,
        ),
    );

export const withdrawConsent =
  (rt: Runtime) => (input: t.TypeOf<typeof I.PatientOrganisationInput>, ctx: Ctx) =>
    simple(rt, ctx, input.patientId, [input.organisationId], byPatient, (view) =>
      sharingDecider.decide(
        { type: 'WithdrawSharingInConsent', data: input },
        view.consent.state.sharing,
      ),
    );

export const startCare = (rt: Runtime) => (input: t.TypeOf<typeof I.StartCareInput>, ctx: Ctx) =>
  simple(
    rt,
    ctx,
    input.patientId,
    [input.organisationId],
    (actor) => forOrganisation(actor, input.organisationId),
    (view) =>
      careDecider.decide(
        {
          type: 'StartCare',
          data: {
            patientId: input.patientId,
            organisationId: input.organisationId,
            relationshipId: rt.ids.next() as RelationshipId,
            selfClaimed: input.selfClaimed ?? false,
            ...(input.reason === undefined ? {} : { reason: input.reason }),
          },
        },
        view.consent.state.care,
      ),
  );

export const endCare = (rt: Runtime) => (input: t.TypeOf<typeof I.EndCareInput>, ctx: Ctx) =>
  simple(
    rt,
    ctx,
    input.patientId,
    [input.organisationId],
    (actor, view) => eitherOf(forOrganisation(actor, input.organisationId), byPatient(actor, view)),
    (view) => careDecider.decide({ type: 'EndCare', data: input }, view.consent.state.care),
  );
