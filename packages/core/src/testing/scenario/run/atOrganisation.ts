import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { ConsentryError } from '../../../shared/errors.js';
import type { Expiry, Step } from '../steps.js';
import { expiryAt } from './expiry.js';
import { actor, asFeedOf, asPatient, asStaffOf } from './actors.js';
import {
  codeFor,
  decided,
  nothing,
  viewed,
  withChannel,
  type Performed,
  type Run,
} from './performed.js';
import type { World } from './world.js';

/** The steps that happen between a patient and an organisation. */
export type OrganisationStep = Extract<
  Step,
  {
    verb:
      | 'startCare'
      | 'referCare'
      | 'endCare'
      | 'requestAccess'
      | 'enterCode'
      | 'resendCode'
      | 'approveOnline'
      | 'refuseOnline'
      | 'recordInPerson'
      | 'withdrawConsent'
      | 'viewRecord'
      | 'check';
  }
>;

type ConsentStep = Extract<
  Step,
  {
    verb:
      | 'startCare'
      | 'referCare'
      | 'endCare'
      | 'approveOnline'
      | 'refuseOnline'
      | 'recordInPerson'
      | 'withdrawConsent';
  }
>;

/** `until:` of a consent, as the facade takes it. */
const untilOf = (world: World, until: Expiry | undefined): { until?: string } => {
  const at = expiryAt(world, until);
  return at === undefined ? {} : { until: at };
};

/** How many of the patient's world entries the organisation sees now (`entriesVisible`). */
const withEntries =
  (world: World, pair: { readonly patientId: string; readonly organisationId: string }) =>
  (performed: Performed): TE.TaskEither<ConsentryError, Performed> =>
    pipe(
      world.consentry.sharedEntries({ ...pair, entries: world.entries.get(pair.patientId) ?? [] }),
      TE.map((shared) => ({ ...performed, entriesVisible: shared.visible.length })),
    );

const pairOf = (args: { readonly patient: string; readonly organisation: string }) => ({
  patientId: args.patient,
  organisationId: args.organisation,
});

// Without `selfClaimed` the organisation's system feed records care (no alert); with it, its
// staff claim it by hand, with the file's reason or one the runner supplies. `as:` may name
// someone else, such as the staff asking for care that is not flagged as a claim.
const startCare = (world: World, step: Extract<Step, { verb: 'startCare' }>): Run => {
  const { organisation, selfClaimed, reason } = step.args;
  const pair = pairOf(step.args);
  const claimed = selfClaimed === true;
  const input = claimed
    ? { ...pair, selfClaimed, reason: reason ?? 'claimed by hand in the scenario' }
    : {
        ...pair,
        ...(selfClaimed === undefined ? {} : { selfClaimed }),
        ...(reason === undefined ? {} : { reason }),
      };
  const own = () => (claimed ? asStaffOf(world, organisation) : asFeedOf(organisation));
  return nothing(world.consentry.startCare(input, actor(world, step, own)));
};

// Care and consent: who looks after the patient, and what the patient said.
const performOnConsent = (world: World, step: ConsentStep): Run => {
  const c = world.consentry;
  switch (step.verb) {
    case 'startCare':
      return startCare(world, step);
    case 'referCare': {
      const { patient, from, to, reason } = step.args;
      const input = { patientId: patient, from, to, ...(reason === undefined ? {} : { reason }) };
      return nothing(
        c.referCare(
          input,
          actor(world, step, () => asStaffOf(world, from)),
        ),
      );
    }
    default:
      return performAnswer(world, step);
  }
};

// What the patient said, in the portal or in person, and the care ending.
const performAnswer = (
  world: World,
  step: Exclude<ConsentStep, { verb: 'startCare' | 'referCare' }>,
): Run => {
  const c = world.consentry;
  const pair = pairOf(step.args);
  const staff = () => asStaffOf(world, step.args.organisation);
  const patient = () => asPatient(step.args.patient);
  switch (step.verb) {
    case 'endCare':
      return nothing(c.endCare(pair, actor(world, step, staff)));
    case 'approveOnline':
      return decided(
        c.approveOnline(
          { ...pair, ...untilOf(world, step.args.until) },
          actor(world, step, patient),
        ),
      );
    case 'refuseOnline':
      return decided(c.refuseOnline(pair, actor(world, step, patient)));
    case 'recordInPerson':
      return nothing(
        c.recordInPersonAnswer(
          { ...pair, answer: step.args.answer, ...untilOf(world, step.args.until) },
          actor(world, step, staff),
        ),
      );
    case 'withdrawConsent':
      return nothing(c.withdrawConsent(pair, actor(world, step, patient)));
  }
};

// Access: asking, codes, opening the record, and the plain decision.
/** Runs a step between a patient and an organisation, as the organisation's staff or the patient. */
export const performAtOrganisation = (world: World, step: OrganisationStep): Run => {
  if (step.verb === 'referCare') return performOnConsent(world, step);
  const c = world.consentry;
  const pair = pairOf(step.args);
  const staff = actor(world, step, () => asStaffOf(world, step.args.organisation));
  switch (step.verb) {
    case 'requestAccess': {
      const { purpose, justification } = step.args;
      const input = {
        ...pair,
        ...(purpose === undefined ? {} : { purpose }),
        ...(justification === undefined ? {} : { justification }),
      };
      return pipe(
        c.requestAccess(input, staff),
        TE.map((decision): Performed => withChannel(decision)),
      );
    }
    case 'enterCode': {
      const code = codeFor(world, step.args);
      return E.isLeft(code)
        ? code.left
        : decided(
            c.enterCode({ ...pair, code: code.right, ...untilOf(world, step.args.until) }, staff),
          );
    }
    case 'resendCode':
      return pipe(
        c.resendCode(pair, staff),
        TE.map((receipt): Performed => ({ channel: receipt.challenge.channel })),
      );
    case 'viewRecord':
      return pipe(viewed(c.viewRecord(pair, staff)), TE.flatMap(withEntries(world, pair)));
    case 'check': {
      const { purpose } = step.args;
      return pipe(
        c.checkAccess({ ...pair, ...(purpose === undefined ? {} : { purpose }) }),
        TE.map((decision): Performed => withChannel(decision)),
      );
    }
    default:
      return performOnConsent(world, step);
  }
};
