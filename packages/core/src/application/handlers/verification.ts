import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { decideAccess } from '../../consentRecord/access/rules/decideAccess.js';
import type { AccessDecision } from '../../consentRecord/access/rules/decision.js';
import { evolveConsentRecord, type ConsentRecordEvent } from '../../consentRecord/state.js';
import type { Actor } from '../../eventStore/envelope.js';
import { consentryError, type ConsentryError } from '../../shared/errors.js';
import { codeMatches } from '../../consentRecord/verification/code.js';
import { latestChallenge, statusAt } from '../../consentRecord/verification/state.js';
import { noStandsFor, type SharingChange } from '../../trust/consentRules.js';
import { mayActAt, mayAnswerOnline, mayResendCode } from '../../trust/table.js';
import { runConsentCommand, type ConsentOutcome, type ConsentView } from '../consentCommand.js';
import type * as I from '../inputs.js';
import type { AccessResult, Receipt } from '../results.js';
import type { Ctx, Runtime } from '../runtime.js';
import { challengeSummary } from '../../consentRecord/accessRequest.js';
import { messageLimits, sendToOf } from './access.js';
import { consentEnd } from './consent.js';
import type { ChallengeSummary } from '../../consentRecord/access/rules/decision.js';
import type { IsoInstant } from '../../shared/brandedString.js';
import { decideConsentRecord } from '../../consentRecord/decide.js';
import { withKeys } from '../../shared/withKeys.js';

type Answer = 'verified-code' | 'approved-online' | 'refused-online';
type Pair = t.TypeOf<typeof I.PatientOrganisationInput> & { readonly until?: IsoInstant };

/**
 * The patient answered: record sharing-in consent (or dissent), then decide again on the
 * state that includes it, and conclude the pending request with that decision.
 */
const concludeWith = (
  rt: Runtime,
  view: ConsentView,
  input: Pair,
  answer: Answer,
  verificationEvents: readonly ConsentRecordEvent[],
) => {
  const now = rt.clock.now();
  const answered = verificationEvents.find(
    (e) =>
      e.type === 'VerificationChallengeSucceeded' ||
      e.type === 'OnlineApprovalGiven' ||
      e.type === 'OnlineApprovalRefused',
  );
  if (answered === undefined || !('requestId' in answered.data)) return undefined;
  const requestId = answered.data.requestId;
  const route = answer;
  const sharing = decideConsentRecord(
    {
      type: 'RecordSharingInConsent',
      data: {
        patientId: input.patientId,
        organisationId: input.organisationId,
        answer: answer === 'refused-online' ? 'dissent' : 'consent',
        route,
        requestId,
        ...(input.until === undefined || answer === 'refused-online' ? {} : { until: input.until }),
      },
    },
    view.consent.state,
  );
  return pipe(
    sharing,
    E.flatMap((sharingEvents) => {
      const after = [...verificationEvents, ...sharingEvents].reduce(
        evolveConsentRecord,
        view.consent.state,
      );
      const decision = decideAccess(
        { ...view.facts(input.organisationId), record: after },
        { organisationId: input.organisationId, purpose: 'TREAT', now },
        rt.policy,
      );
      const permitted = decision.outcome === 'permit' && answer !== 'refused-online';
      const result: AccessDecision = permitted
        ? { outcome: 'permit', basis: answer, trail: decision.trail }
        : decision;
      const concluded =
        permitted || answer === 'refused-online'
          ? decideConsentRecord(
              {
                type: 'ConcludeRequest',
                data: {
                  patientId: input.patientId,
                  organisationId: input.organisationId,
                  requestId,
                  answer,
                  trail: decision.trail,
                },
              },
              after,
            )
          : E.right([]);
      return E.map((accessEvents: readonly ConsentRecordEvent[]) => ({
        events: [...verificationEvents, ...sharingEvents, ...accessEvents],
        result: E.right<ConsentryError, AccessDecision>(result),
      }))(concluded);
    }),
  );
};

/** A wrong code is recorded and then reported; the fifth locks the challenge. */
const reportRejection = (
  events: readonly ConsentRecordEvent[],
): E.Either<ConsentryError, ConsentOutcome<AccessDecision>> => {
  const rejected = events.find((e) => e.type === 'VerificationCodeRejected');
  const attemptsLeft =
    rejected?.type === 'VerificationCodeRejected' ? rejected.data.attemptsLeft : 0;
  const error = events.some((e) => e.type === 'VerificationChallengeLocked')
    ? consentryError('ChallengeLocked', {
        message: 'Too many wrong codes: the challenge is locked',
      })
    : consentryError('CodeRejected', {
        attemptsLeft,
        message: `Wrong code: ${attemptsLeft} attempt(s) left`,
      });
  return E.right({ events, result: E.left(error) });
};

const answer = (
  rt: Runtime,
  command: string,
  input: Pair,
  ctx: Ctx,
  authorise: (actor: Actor, view: ConsentView) => E.Either<ConsentryError, void>,
  decide: (view: ConsentView) => E.Either<ConsentryError, ConsentOutcome<AccessDecision>>,
  change?: SharingChange,
) =>
  pipe(
    runConsentCommand(rt, ctx, {
      command,
      patientId: input.patientId,
      organisationIds: [input.organisationId],
      authorise,
      decide,
      ...(change === undefined ? {} : { change }),
    }),
    TE.map(({ value, receipt, appended }): AccessResult => {
      const concluded = appended.find(
        (e) => e.type === 'AccessGranted' || e.type === 'AccessDenied',
      );
      const requestId = (concluded?.data as { requestId?: string } | undefined)?.requestId ?? '';
      return withKeys(value, { requestId: requestId as AccessResult['requestId'], receipt });
    }),
  );

export const enterCode = (rt: Runtime) => (input: t.TypeOf<typeof I.EnterCodeInput>, ctx: Ctx) =>
  answer(
    rt,
    'enterCode',
    input,
    ctx,
    (actor) => mayActAt(actor, input.organisationId),
    (view) => {
      const ends = consentEnd(rt, 'consent', input.until);
      if (E.isLeft(ends)) return ends;
      const now = rt.clock.now();
      const latest = latestChallenge(view.consent.state.verification, input.organisationId);
      const key = latest === undefined ? undefined : rt.keyring.find(latest.keyId);
      const matches =
        latest !== undefined &&
        key !== undefined &&
        statusAt(latest, now) === 'open' &&
        codeMatches(key, latest.challengeId, latest.codeDigits, input.code);
      // The patient said no after the code went out: their no stands; the code does not lift it.
      const standing = matches
        ? noStandsFor(view.facts(input.organisationId), now, rt.policy)
        : undefined;
      if (standing !== undefined) return E.left(standing);
      return pipe(
        decideConsentRecord(
          {
            type: 'EnterCode',
            data: {
              patientId: input.patientId,
              organisationId: input.organisationId,
              now,
              codeMatches: matches,
            },
          },
          view.consent.state,
        ),
        E.flatMap(
          (events) =>
            concludeWith(rt, view, input, 'verified-code', events) ?? reportRejection(events),
        ),
      );
    },
  );

const onlineAnswer = (rt: Runtime, choice: 'approve' | 'refuse') => (input: Pair, ctx: Ctx) =>
  answer(
    rt,
    choice === 'approve' ? 'approveOnline' : 'refuseOnline',
    input,
    ctx,
    (actor, view) => mayAnswerOnline(actor, view.patient),
    (view) =>
      pipe(
        consentEnd(rt, choice === 'approve' ? 'consent' : 'dissent', input.until),
        E.flatMap(() =>
          decideConsentRecord(
            {
              type: 'AnswerOnline',
              data: {
                patientId: input.patientId,
                organisationId: input.organisationId,
                now: rt.clock.now(),
                answer: choice,
              },
            },
            view.consent.state,
          ),
        ),
        E.flatMap(
          (events) =>
            concludeWith(
              rt,
              view,
              input,
              choice === 'approve' ? 'approved-online' : 'refused-online',
              events,
            ) ??
            E.left(
              consentryError('ChallengeNotFound', { message: 'No pending request to answer' }),
            ),
        ),
      ),
    {
      kind: 'sharing-in',
      organisationId: input.organisationId,
      answer: choice === 'approve' ? 'consent' : 'dissent',
    },
  );

export const approveOnline = (rt: Runtime) => onlineAnswer(rt, 'approve');
export const refuseOnline = (rt: Runtime) => onlineAnswer(rt, 'refuse');

/** The same code again to the same channel; the validity is not extended. */
export const resendCode =
  (rt: Runtime) =>
  (
    input: Pair,
    ctx: Ctx,
  ): TE.TaskEither<ConsentryError, Receipt & { challenge: ChallengeSummary }> =>
    pipe(
      runConsentCommand(rt, ctx, {
        command: 'resendCode',
        patientId: input.patientId,
        organisationIds: [input.organisationId],
        authorise: (actor, view) => mayResendCode(actor, view.patient, input.organisationId),
        decide: (view) =>
          E.map((events: readonly ConsentRecordEvent[]) => {
            const challenge = latestChallenge(
              view.consent.state.verification,
              input.organisationId,
            )!;
            return {
              events,
              result: E.right<ConsentryError, ChallengeSummary>(challengeSummary(challenge)),
            };
          })(
            decideConsentRecord(
              {
                type: 'ResendCode',
                data: withKeys(input, {
                  now: rt.clock.now(),
                  limits: messageLimits(rt.policy),
                  ...sendToOf(view, rt.clock.now()),
                }),
              },
              view.consent.state,
            ),
          ),
      }),
      TE.map(({ value, receipt }) => withKeys(receipt, { challenge: value })),
    );
