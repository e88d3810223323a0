import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { RequestId } from '../../consentRecord/access/codecs.js';
import { decideAccessRequest } from '../../consentRecord/accessRequest.js';
import { decideConsentRecord } from '../../consentRecord/decide.js';
import { codesSendTo } from '../../consentRecord/access/rules/channels.js';
import { decideAccess } from '../../consentRecord/access/rules/decideAccess.js';
import type { AccessDecision } from '../../consentRecord/access/rules/decision.js';
import type { ConsentRecordEvent } from '../../consentRecord/state.js';
import { consentryError, invalidInput, type ConsentryError } from '../../shared/errors.js';
import { withKeys } from '../../shared/withKeys.js';
import { newChallengeId } from '../../consentRecord/verification/code.js';
import {
  isMeaningfulJustification,
  MIN_JUSTIFICATION_CHARACTERS,
} from '../../consentRecord/access/rules/justification.js';
import { mayActAt } from '../../trust/table.js';
import { runConsentCommand, type ConsentOutcome, type ConsentView } from '../consentCommand.js';
import type * as I from '../inputs.js';
import type { AccessResult } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';
import { loadFacts } from '../../streams/folds.js';

export const messageLimits = (policy: Runtime['policy']) => ({
  resendsPerChallenge: policy.maxResendsPerChallenge,
  codeMessagesPerPatient: policy.maxCodeMessagesPerPatient,
});

/** Who the code goes to, recorded on the challenge unless it is the patient alone. */
export const sendToOf = (view: ConsentView, now: Date) => {
  const sendTo = codesSendTo(view.patient, view.consent.state.proxy, now);
  return sendTo.patient && sendTo.proxyIds.length === 0
    ? {}
    : { sendTo: { patient: sendTo.patient, proxyIds: [...sendTo.proxyIds] } };
};

type Outcome = E.Either<ConsentryError, ConsentOutcome<AccessDecision>>;

/** The request decided on the record (consentRecord/accessRequest.ts), with the ids and limits it needs from here. */
const recordDecision = (
  rt: Runtime,
  view: ConsentView,
  input: t.TypeOf<typeof I.RequestAccessInput>,
  requestId: RequestId,
): Outcome => {
  const now = rt.clock.now();
  const { policy } = rt;
  const decided = decideAccessRequest(
    view.facts(input.organisationId),
    view.consent.state,
    {
      request: withKeys(input, {
        purpose: input.purpose ?? 'TREAT',
        requestId,
        emergencyId: rt.ids.next() as RequestId,
      }),
      now,
      challenge: {
        challengeId: newChallengeId(),
        keyId: rt.keyring.current().keyId,
        ttlSeconds: policy.codeTtlSeconds,
        maxAttempts: policy.maxAttempts,
        codeDigits: policy.codeDigits,
        ...sendToOf(view, now),
        limits: {
          perOrganisation: policy.maxChallengesPerOrganisation,
          perPatient: policy.maxChallengesPerPatient,
          ...messageLimits(policy),
        },
      },
    },
    policy,
  );
  return E.isLeft(decided)
    ? decided
    : E.right({ events: decided.right.events, result: E.right(decided.right.decision) });
};

/** Decide (docs/domain.md) on fresh state, record the request and outcome, issue a challenge on verify. */
export const requestAccess =
  (rt: Runtime) =>
  (
    input: t.TypeOf<typeof I.RequestAccessInput>,
    ctx: Ctx,
  ): TE.TaskEither<ConsentryError, AccessResult> => {
    // ETREAT without any justification is decided as direct care (the trail says so); a
    // justification given must say something.
    if (
      input.purpose === 'ETREAT' &&
      input.justification !== undefined &&
      !isMeaningfulJustification(input.justification)
    )
      return TE.left(
        invalidInput([
          {
            field: 'justification',
            message: `justification: an emergency needs a justification of at least ${MIN_JUSTIFICATION_CHARACTERS} visible characters`,
          },
        ]),
      );
    const requestId = rt.ids.next() as RequestId;
    return pipe(
      runConsentCommand(rt, ctx, {
        command: 'requestAccess',
        patientId: input.patientId,
        organisationIds: [input.organisationId],
        authorise: (actor) => mayActAt(actor, input.organisationId),
        decide: (view) => recordDecision(rt, view, input, requestId),
      }),
      TE.map(({ value, receipt }): AccessResult => withKeys(value, { requestId, receipt })),
    );
  };

/** Opening the record needs a permit now; the view is appended at the version the permit was decided on. */
export const viewRecord =
  (rt: Runtime) => (input: t.TypeOf<typeof I.PatientOrganisationInput>, ctx: Ctx) =>
    pipe(
      runConsentCommand(rt, ctx, {
        command: 'viewRecord',
        patientId: input.patientId,
        organisationIds: [input.organisationId],
        authorise: (actor) => mayActAt(actor, input.organisationId),
        decide: (view) => {
          const decision = decideAccess(
            view.facts(input.organisationId),
            { organisationId: input.organisationId, purpose: 'TREAT', now: rt.clock.now() },
            rt.policy,
          );
          return E.map((events: readonly ConsentRecordEvent[]) => ({
            events,
            result: E.right<ConsentryError, AccessDecision>(decision),
          }))(
            decideConsentRecord(
              { type: 'ViewRecord', data: withKeys(input, { decision }) },
              view.consent.state,
            ),
          );
        },
      }),
      TE.map(({ value, receipt }) => withKeys(receipt, { decision: value })),
    );

/** A decision on current state that appends nothing; unknown parties are deny decisions here, not errors. */
export const checkAccess =
  (rt: Runtime) =>
  (input: t.TypeOf<typeof I.CheckAccessInput>): TE.TaskEither<ConsentryError, AccessDecision> =>
  // One async step, not a pipe: a host may call this on every request.
  async () => {
    const loaded = await loadFacts(rt, input.patientId, input.organisationId)();
    if (E.isLeft(loaded)) return loaded;
    // The ask as a literal, not `{ ...input, … }`: on Node 20 a key added after a spread
    // takes V8's slow path, about 0.6 µs a key (docs/performance.md, "Spreads that add keys").
    const ask = {
      organisationId: input.organisationId,
      purpose: input.purpose ?? 'TREAT',
      now: rt.clock.now(),
    } as const;
    return E.right(decideAccess(loaded.right.facts, ask, rt.policy));
  };

export const unknownChallenge = (): ConsentryError =>
  consentryError('ChallengeNotFound', {
    message: 'No open verification challenge for this patient and organisation',
  });
