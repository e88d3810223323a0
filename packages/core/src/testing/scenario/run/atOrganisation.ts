import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Step } from '../steps.js';
import { asFeedOf, asPatient, asStaffOf } from './actors.js';
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
      | 'endCare'
      | 'approveOnline'
      | 'refuseOnline'
      | 'recordInPerson'
      | 'withdrawConsent';
  }
>;

const pairOf = (args: { readonly patient: string; readonly organisation: string }) => ({
  patientId: args.patient,
  organisationId: args.organisation,
});

// Care and consent: who looks after the patient, and what the patient said.
const performOnConsent = (world: World, step: ConsentStep): Run => {
  const c = world.consentry;
  const pair = pairOf(step.args);
  const staff = asStaffOf(world.scenario, step.args.organisation);
  const patient = asPatient(step.args.patient);
  switch (step.verb) {
    case 'startCare': {
      // Without `selfClaimed` the organisation's system feed records it (no alert); with it, its
      // staff claim it by hand, with the file's reason or one the runner supplies.
      const { selfClaimed, reason } = step.args;
      return selfClaimed === true
        ? nothing(
            c.startCare(
              { ...pair, selfClaimed, reason: reason ?? 'claimed by hand in the scenario' },
              staff,
            ),
          )
        : nothing(
            c.startCare(
              { ...pair, ...(reason === undefined ? {} : { reason }) },
              asFeedOf(step.args.organisation),
            ),
          );
    }
    case 'endCare':
      return nothing(c.endCare(pair, staff));
    case 'approveOnline':
      return decided(c.approveOnline(pair, patient));
    case 'refuseOnline':
      return decided(c.refuseOnline(pair, patient));
    case 'recordInPerson':
      return nothing(c.recordInPersonAnswer({ ...pair, answer: step.args.answer }, staff));
    case 'withdrawConsent':
      return nothing(c.withdrawConsent(pair, patient));
  }
};

// Access: asking, codes, opening the record, and the plain decision.
/** Runs a step between a patient and an organisation, as the organisation's staff or the patient. */
export const performAtOrganisation = (world: World, step: OrganisationStep): Run => {
  const c = world.consentry;
  const pair = pairOf(step.args);
  const staff = asStaffOf(world.scenario, step.args.organisation);
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
        : decided(c.enterCode({ ...pair, code: code.right }, staff));
    }
    case 'resendCode':
      return pipe(
        c.resendCode(pair, staff),
        TE.map((receipt): Performed => ({ channel: receipt.challenge.channel })),
      );
    case 'viewRecord':
      return viewed(c.viewRecord(pair, staff));
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
