import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import type { RequestId } from '../../consentRecord/access/codecs.js';
import { accessDecider } from '../../consentRecord/access/decide.js';
import { codesSendTo } from '../../consentRecord/access/rules/channels.js';
import { decideAccess } from '../../consentRecord/access/rules/decideAccess.js';
import type {
  AccessDecision,
  ChallengeSummary,
} from '../../consentRecord/access/rules/decision.js';
import type { ConsentRecordEvent } from '../../consentRecord/state.js';
import { consentryError, invalidInput, type ConsentryError } from '../../shared/errors.js';
import { verificationDecider } from '../../consentRecord/verification/decide.js';
import { newChallengeId } from '../../consentRecord/verification/code.js';
import {
  openChallenge,
  type Challenge,
  type VerificationState,
} from '../../consentRecord/verification/state.js';
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

export const challengeSummary = (c: Challenge): ChallengeSummary => ({
  challengeId: c.challengeId,
  channel: c.channel,
  channels: c.channels,
  expiresAt: c.expiresAt,
  attemptsLeft: c.attemptsLeft,
});

/** On verify: the open challenge for O, or a new one within the 24 h limits. */
const challengeFor = (
  rt: Runtime,
  view: ConsentView,
  input: t.TypeOf<typeof I.RequestAccessInput>,
  requestId: RequestId,
  decision: Extract<AccessDecision, { outcome: 'verify' }>,
) => {
  const now = rt.clock.now();
  const { policy } = rt;
  return verificationDecider.decide(
    {
      type: 'IssueChallenge',
      data: {
        patientId: input.patientId,
        organisationId: input.organisationId,
        now,
        challengeId: newChallengeId(),
        requestId,
        keyId: rt.keyring.current().keyId,
        channel: decision.channels[0]!,
        channels: decision.channels,
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
    view.consent.state.verification,
  );
};

/** Who the code goes to, recorded on the challenge unless it is the patient alone. */
export const sendToOf = (view: ConsentView, now: Date) => {
  const sendTo = codesSendTo(view.patient, view.consent.state.proxy, now);
  return sendTo.patient && sendTo.proxyIds.length === 0
    ? {}
    : { sendTo: { patient: sendTo.patient, proxyIds: [...sendTo.proxyIds] } };
};

const issuedOrOpen = (
  state: VerificationState,
  events: readonly ConsentRecordEvent[],
  organisationId: string,
  now: Date,
): Challenge | undefined => {
  const issued = events.find((e) => e.type === 'VerificationChallengeIssued');
  if (issued?.type !== 'VerificationChallengeIssued')
    return openChallenge(state, organisationId, now);
  const { patientId: _, maxAttempts, ...data } = issued.data;
  return { ...data, attemptsLeft: maxAttempts, status: 'open', resends: 0 };
};

type Outcome = E.Either<ConsentryError, ConsentOutcome<AccessDecision>>;

/** The decision's events, plus on verify the challenge (new, reused or refused by the limits). */
const recordDecision = (
  rt: Runtime,
  view: ConsentView,
  input: t.TypeOf<typeof I.RequestAccessInput>,
  requestId: RequestId,
): Outcome => {
  const now = rt.clock.now();
  const purpose = input.purpose ?? 'TREAT';
  const decision = decideAccess(
    view.facts(input.organisationId),
    { ...input, purpose, now },
    rt.policy,
  );
  const recorded = accessDecider.decide(
    {
      type: 'RecordAccessRequest',
      data: { ...input, purpose, requestId, decision, emergencyId: rt.ids.next() as RequestId },
    },
    view.consent.state.access,
  );
  if (E.isLeft(recorded)) return recorded;
  if (decision.outcome !== 'verify')
    return E.right({ events: recorded.right, result: E.right(decision) });
  const issued = challengeFor(rt, view, input, requestId, decision);
  if (E.isLeft(issued)) return issued;
  const challenge = issuedOrOpen(
    view.consent.state.verification,
    issued.right,
    input.organisationId,
    now,
  );
  const withChallenge: AccessDecision =
    challenge === undefined ? decision : { ...decision, challenge: challengeSummary(challenge) };
  return E.right({ events: [...recorded.right, ...issued.right], result: E.right(withChallenge) });
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
      TE.map(({ value, receipt }): AccessResult => ({ ...value, requestId, receipt })),
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
            accessDecider.decide(
              { type: 'ViewRecord', data: { ...input, decision } },
              view.consent.state.access,
            ),
          );
        },
      }),
      TE.map(({ value, receipt }) => ({ ...receipt, decision: value })),
    );

/** A decision on current state that appends nothing; unknown parties are deny decisions here, not errors. */
export const checkAccess =
  (rt: Runtime) =>
  (input: t.TypeOf<typeof I.CheckAccessInput>): TE.TaskEither<ConsentryError, AccessDecision> =>
  // One async step, not a pipe: a host may call this on every request.
  async () => {
    const loaded = await loadFacts(rt, input.patientId, input.organisationId)();
    if (E.isLeft(loaded)) return loaded;
    return E.right(
      decideAccess(
        loaded.right.facts,
        { ...input, purpose: input.purpose ?? 'TREAT', now: rt.clock.now() },
        rt.policy,
      ),
    );
  };

export const unknownChallenge = (): ConsentryError =>
  consentryError('ChallengeNotFound', {
    message: 'No open verification challenge for this patient and organisation',
  });
