import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { decideAccess } from '../../consentRecord/access/rules/decideAccess.js';
import { evolveConsentRecord, type ConsentRecordState } from '../../consentRecord/state.js';
import type { CareSource, RelationshipId } from '../../consentRecord/care/codecs.js';
import type { OrganisationId } from '../../organisation/codecs.js';
import type { Text } from '../../shared/brandedString.js';
import type { Actor } from '../../eventStore/envelope.js';
import { invalidInput, type ConsentryError } from '../../shared/errors.js';
import { maySetSharing, type SharingChange } from '../../trust/consentRules.js';
import { mayEndCare, mayRecordSharingOut, mayReferCare, mayStartCare } from '../../trust/table.js';
import { runConsentCommand, type ConsentOutcome, type ConsentView } from '../consentCommand.js';
import type * as I from '../inputs.js';
import type { Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';
import { decideConsentRecord } from '../../consentRecord/decide.js';
import { withKeys } from '../../shared/withKeys.js';

type Check = E.Either<ConsentryError, void>;

/** Runs a consent-stream command whose events are the whole outcome (no separate result). */
const simple = (
  rt: Runtime,
  ctx: Ctx,
  command: string,
  patientId: string,
  organisationIds: readonly (string | undefined)[],
  authorise: (actor: Actor, view: ConsentView) => Check,
  decide: (view: ConsentView) => E.Either<ConsentryError, ConsentOutcome<void>['events']>,
): TE.TaskEither<ConsentryError, Receipt> =>
  pipe(
    runConsentCommand(rt, ctx, {
      command,
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

/**
 * A change to the patient's sharing under the trust rules (trust/consentRules.ts), checked on
 * each attempt's fresh view; an organisation's own "yes" where the patient's choice already
 * permits is accepted and records nothing.
 */
const sharingCommand = (
  rt: Runtime,
  ctx: Ctx,
  command: string,
  patientId: string,
  change: SharingChange,
  decide: (view: ConsentView) => E.Either<ConsentryError, ConsentOutcome<void>['events']>,
  alsoRead?: (record: ConsentRecordState) => readonly string[],
): TE.TaskEither<ConsentryError, Receipt> => {
  const organisationId = 'organisationId' in change ? change.organisationId : undefined;
  const verdict = (actor: Actor, view: ConsentView) =>
    maySetSharing(
      actor,
      { ...view.facts(organisationId ?? ''), patient: view.patient },
      change,
      rt.clock.now(),
      rt.policy,
    );
  return pipe(
    runConsentCommand(rt, ctx, {
      command,
      patientId,
      organisationIds: organisationId === undefined ? [] : [organisationId],
      ...(alsoRead === undefined ? {} : { alsoRead }),
      change,
      authorise: (actor, view) => E.map(() => undefined)(verdict(actor, view)),
      decide: (view) => {
        const outcome = verdict(ctx.actor, view);
        return E.map((events: ConsentOutcome<void>['events']) => ({
          events,
          result: E.right(undefined),
        }))(E.isRight(outcome) && outcome.right === 'nothing' ? E.right([]) : decide(view));
      },
    }),
    TE.map(({ receipt }) => receipt),
  );
};

export const setSharingPreference =
  (rt: Runtime) => (input: t.TypeOf<typeof I.SetSharingPreferenceInput>, ctx: Ctx) => {
    // An allow set for the patient by anyone else tells the patient of every organisation it
    // newly opens the record to: the organisations caring for the patient are read for that.
    const tellsOpened = input.preference === 'allow' && input.setBy !== 'patient';
    return sharingCommand(
      rt,
      ctx,
      'setSharingPreference',
      input.patientId,
      { kind: 'preference', ...input },
      (view) => {
        const opens = tellsOpened ? opensFor(rt, view, input) : [];
        return decideConsentRecord(
          {
            type: 'SetSharingPreference',
            data: opens.length === 0 ? input : withKeys(input, { opens }),
          },
          view.consent.state,
        );
      },
      tellsOpened ? (record) => Object.keys(record.care.activeByOrganisation) : undefined,
    );
  };

/**
 * The organisations caring for the patient (other than the one named) whose decision, open
 * emergency windows left out, becomes a permit once this preference is set.
 */
const opensFor = (
  rt: Runtime,
  view: ConsentView,
  input: t.TypeOf<typeof I.SetSharingPreferenceInput>,
): OrganisationId[] => {
  const now = rt.clock.now();
  const after = evolveConsentRecord(view.consent.state, {
    type: 'SharingPreferenceSet',
    data: input,
  });
  return (Object.keys(view.consent.state.care.activeByOrganisation) as OrganisationId[]).filter(
    (organisationId) => {
      if (organisationId === input.organisationId) return false;
      const facts = view.facts(organisationId);
      if (facts.organisation.status === 'unregistered') return false;
      const ask = { organisationId, purpose: 'TREAT' as const, now, ignoreEmergencyWindows: true };
      return (
        decideAccess(facts, ask, rt.policy).outcome !== 'permit' &&
        decideAccess({ ...facts, record: after }, ask, rt.policy).outcome === 'permit'
      );
    },
  );
};

export const clearSharingPreference =
  (rt: Runtime) => (input: t.TypeOf<typeof I.ClearSharingPreferenceInput>, ctx: Ctx) =>
    sharingCommand(
      rt,
      ctx,
      'clearSharingPreference',
      input.patientId,
      { kind: 'clear-preference', ...input },
      (view) =>
        decideConsentRecord({ type: 'ClearSharingPreference', data: input }, view.consent.state),
    );

/** Whether entries recorded at an organisation may go out: the patient's choice, or their practice's for them. */
export const recordSharingOutConsent =
  (rt: Runtime) => (input: t.TypeOf<typeof I.RecordSharingOutConsentInput>, ctx: Ctx) =>
    simple(
      rt,
      ctx,
      'recordSharingOutConsent',
      input.patientId,
      [input.organisationId],
      (actor, view) => mayRecordSharingOut(actor, view.patient),
      (view) =>
        decideConsentRecord({ type: 'RecordSharingOutConsent', data: input }, view.consent.state),
    );

/**
 * Rule 8: the answer the patient gave in person. A "no" may be recorded by anyone acting for
 * an organisation; a "yes" by the organisation's own staff only where it may ask in person.
 */
export const recordInPersonAnswer =
  (rt: Runtime) => (input: t.TypeOf<typeof I.RecordInPersonAnswerInput>, ctx: Ctx) =>
    sharingCommand(
      rt,
      ctx,
      'recordInPersonAnswer',
      input.patientId,
      { kind: 'sharing-in', organisationId: input.organisationId, answer: input.answer },
      (view) =>
        pipe(
          consentEnd(rt, input.answer, input.until),
          E.flatMap(() =>
            decideConsentRecord(
              { type: 'RecordSharingInConsent', data: withKeys(input, { route: 'in-person' }) },
              view.consent.state,
            ),
          ),
        ),
    );

/**
 * A consent may end (`until`); it must end in the future, and only a "yes" ends by itself:
 * a "no" stands until the patient or their practice lifts it.
 */
export const consentEnd = (
  rt: Runtime,
  answer: 'consent' | 'dissent',
  until: string | undefined,
): E.Either<ConsentryError, void> => {
  if (until === undefined) return E.right(undefined);
  if (answer === 'dissent')
    return E.left(invalidInput([{ field: 'until', message: 'until: a "no" has no end date' }]));
  return Date.parse(until) <= rt.clock.now().getTime()
    ? E.left(
        invalidInput([{ field: 'until', message: 'until: the end date must be in the future' }]),
      )
    : E.right(undefined);
};

export const withdrawConsent =
  (rt: Runtime) => (input: t.TypeOf<typeof I.PatientOrganisationInput>, ctx: Ctx) =>
    sharingCommand(
      rt,
      ctx,
      'withdrawConsent',
      input.patientId,
      { kind: 'withdraw', organisationId: input.organisationId },
      (view) =>
        decideConsentRecord({ type: 'WithdrawSharingInConsent', data: input }, view.consent.state),
    );

const startRelationship = (
  rt: Runtime,
  view: ConsentView,
  data: {
    readonly patientId: t.TypeOf<typeof I.StartCareInput>['patientId'];
    readonly organisationId: OrganisationId;
    readonly source: CareSource;
    readonly referredBy?: OrganisationId;
    readonly reason?: Text;
  },
) =>
  decideConsentRecord(
    {
      type: 'StartCare',
      data: withKeys(data, {
        relationshipId: rt.ids.next() as RelationshipId,
        selfClaimed: data.source === 'self-claim',
      }),
    },
    view.consent.state,
  );

/**
 * The organisation's system feed starts care (no alert); its staff may only claim it by hand,
 * with a reason, which raises a privacy-officer alert.
 */
export const startCare = (rt: Runtime) => (input: t.TypeOf<typeof I.StartCareInput>, ctx: Ctx) => {
  const selfClaimed = input.selfClaimed ?? false;
  if (selfClaimed && input.reason === undefined)
    return TE.left(
      invalidInput([
        { field: 'reason', message: 'reason: a self-claimed relationship needs a reason' },
      ]),
    );
  return simple(
    rt,
    ctx,
    'startCare',
    input.patientId,
    [input.organisationId],
    (actor) => mayStartCare(actor, input.organisationId, selfClaimed),
    (view) =>
      startRelationship(rt, view, {
        patientId: input.patientId,
        organisationId: input.organisationId,
        source: selfClaimed ? 'self-claim' : 'feed',
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      }),
  );
};

/** Staff of `from` refer the patient to `to`: a care relationship for `to`, with no alert. */
export const referCare = (rt: Runtime) => (input: t.TypeOf<typeof I.ReferCareInput>, ctx: Ctx) =>
  simple(
    rt,
    ctx,
    'referCare',
    input.patientId,
    [input.to, input.from],
    (actor, view) =>
      mayReferCare(actor, view.patient, view.consent.state.care, input.from, input.to),
    (view) =>
      startRelationship(rt, view, {
        patientId: input.patientId,
        organisationId: input.to,
        source: 'referral',
        referredBy: input.from,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      }),
  );

export const endCare = (rt: Runtime) => (input: t.TypeOf<typeof I.EndCareInput>, ctx: Ctx) =>
  simple(
    rt,
    ctx,
    'endCare',
    input.patientId,
    [input.organisationId],
    (actor, view) => mayEndCare(actor, view.patient, input.organisationId),
    (view) => decideConsentRecord({ type: 'EndCare', data: input }, view.consent.state),
  );
