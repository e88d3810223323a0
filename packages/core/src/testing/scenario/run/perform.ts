import * as TE from 'fp-ts/lib/TaskEither.js';
import type { Expiry, Step, StepArgs } from '../steps.js';
import { asPatient, asPracticeOf, asStaffOf, asSystem } from './actors.js';
import { performAtOrganisation } from './atOrganisation.js';
import { nothing, type Run } from './performed.js';
import type { World } from './world.js';

export type { Performed } from './performed.js';

const expiryAt = (world: World, until: Expiry | undefined): string | undefined =>
  until === undefined
    ? undefined
    : until.kind === 'at'
      ? until.at.toISOString()
      : new Date(world.clock.now().getTime() + until.after.ms).toISOString();

const preference = (world: World, args: StepArgs['setPreference']) => {
  const by =
    args.by === 'patient'
      ? asPatient(args.patient)
      : args.by === 'practice'
        ? asPracticeOf(world.scenario, args.patient)
        : args.organisation === undefined
          ? asSystem
          : asStaffOf(world.scenario, args.organisation);
  const until = expiryAt(world, args.until);
  return nothing(
    world.consentry.setSharingPreference(
      {
        patientId: args.patient,
        preference: args.preference,
        setBy: args.by,
        ...(args.organisation === undefined ? {} : { organisationId: args.organisation }),
        ...(until === undefined ? {} : { until }),
      },
      by,
    ),
  );
};

const listCommand = (world: World, args: StepArgs['allowOrganisation']) => ({
  input: { practiceId: args.practice, organisationId: args.organisation },
  context: asStaffOf(world.scenario, args.practice),
});

type PatientStep = Extract<
  Step,
  { verb: 'wait' | 'recordContact' | 'enrolPortal' | 'setPreference' | 'clearPreference' }
>;

/**
 * Runs one step against the facade: a task, or a failure when the step cannot even be
 * tried (`code: sent` before any code was sent). `wait` moves the clock and nothing else.
 */
export const perform = (world: World, step: Step): Run => {
  const c = world.consentry;
  switch (step.verb) {
    case 'wait':
      world.clock.advance(step.args.ms);
      return TE.right({});
    case 'recordContact': {
      const { patient, mobile, email, preferred } = step.args;
      const input = {
        patientId: patient,
        ...(mobile === undefined ? {} : { mobile }),
        ...(email === undefined ? {} : { email }),
        ...(preferred === undefined ? {} : { preferredChannel: preferred }),
      };
      return nothing(c.recordContactDetails(input, asPatient(patient)));
    }
    case 'enrolPortal':
      return nothing(c.enrolPortal({ patientId: step.args.patient }, asPatient(step.args.patient)));
    case 'setPreference':
      return preference(world, step.args);
    case 'clearPreference': {
      const { patient, organisation } = step.args;
      const input = {
        patientId: patient,
        ...(organisation === undefined ? {} : { organisationId: organisation }),
      };
      return nothing(c.clearSharingPreference(input, asPatient(patient)));
    }
    default:
      return performOnList(world, step);
  }
};

const performOnList = (world: World, step: Exclude<Step, PatientStep>): Run => {
  const c = world.consentry;
  switch (step.verb) {
    case 'allowOrganisation': {
      const { input, context } = listCommand(world, step.args);
      return nothing(c.allowOrganisation(input, context));
    }
    case 'prohibitOrganisation': {
      const { input, context } = listCommand(world, step.args);
      return nothing(c.prohibitOrganisation(input, context));
    }
    case 'removeFromLists': {
      const { input, context } = listCommand(world, step.args);
      return nothing(c.removeFromPracticeLists(input, context));
    }
    default:
      return performAtOrganisation(world, step);
  }
};
