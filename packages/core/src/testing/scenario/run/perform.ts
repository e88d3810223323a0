import * as TE from 'fp-ts/lib/TaskEither.js';
import type { CommandContext } from '../../../application/inputs.js';
import type { Step, StepArgs } from '../steps.js';
import { expiryAt } from './expiry.js';
import { actor, asPatient, asPracticeOf, asStaffOf, asSystem } from './actors.js';
import { performAtOrganisation } from './atOrganisation.js';
import { nothing, type Run } from './performed.js';
import { performOnRegistry } from './registry.js';
import { performOnRecord } from './record.js';
import { performNoticeStep } from './notices.js';
import { performProxyStep } from './proxies.js';
import type { World } from './world.js';

export type { Performed } from './performed.js';

// Without `as:`, `by` says who acts: the patient, their practice, or the staff of the
// organisation the preference is for (the host for an organisation's preference for all).
const preferenceSetter = (world: World, args: StepArgs['setPreference']): CommandContext =>
  args.by === 'patient'
    ? asPatient(args.patient)
    : args.by === 'practice'
      ? asPracticeOf(world, args.patient)
      : args.organisation === undefined
        ? asSystem
        : asStaffOf(world, args.organisation);

const preference = (world: World, step: Extract<Step, { verb: 'setPreference' }>) => {
  const { args } = step;
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
      actor(world, step, () => preferenceSetter(world, args)),
    ),
  );
};

const listCommand = (
  world: World,
  step: Extract<Step, { args: StepArgs['allowOrganisation'] }>,
) => ({
  input: { practiceId: step.args.practice, organisationId: step.args.organisation },
  context: actor(world, step, () => asStaffOf(world, step.args.practice)),
});

type PatientStep = Extract<
  Step,
  { verb: 'wait' | 'recordContact' | 'enrolPortal' | 'setPreference' | 'clearPreference' }
>;

/**
 * Runs one step against the facade: a task, or a failure when the step cannot even be
 * tried (`code: sent` before any code was sent, no alert to review). `wait` moves the clock
 * and nothing else.
 */
export const perform = (world: World, step: Step): Run | Promise<Run> => {
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
      return nothing(
        c.recordContactDetails(
          input,
          actor(world, step, () => asPatient(patient)),
        ),
      );
    }
    case 'enrolPortal': {
      const { patient } = step.args;
      return nothing(
        c.enrolPortal(
          { patientId: patient },
          actor(world, step, () => asPatient(patient)),
        ),
      );
    }
    case 'setPreference':
      return preference(world, step);
    case 'clearPreference': {
      const { patient, organisation } = step.args;
      const input = {
        patientId: patient,
        ...(organisation === undefined ? {} : { organisationId: organisation }),
      };
      return nothing(
        c.clearSharingPreference(
          input,
          actor(world, step, () => asPatient(patient)),
        ),
      );
    }
    default:
      return performOnList(world, step);
  }
};

const performOnList = (world: World, step: Exclude<Step, PatientStep>): Run | Promise<Run> => {
  const c = world.consentry;
  switch (step.verb) {
    case 'allowOrganisation': {
      const { input, context } = listCommand(world, step);
      return nothing(c.allowOrganisation(input, context));
    }
    case 'prohibitOrganisation': {
      const { input, context } = listCommand(world, step);
      return nothing(c.prohibitOrganisation(input, context));
    }
    case 'removeFromLists': {
      const { input, context } = listCommand(world, step);
      return nothing(c.removeFromPracticeLists(input, context));
    }
    case 'registerPatient':
    case 'registerOrganisation':
    case 'closeOrganisation':
    case 'reviewAlert':
      return performOnRegistry(world, step);
    case 'addProxy':
    case 'removeProxy':
    case 'codesTo':
    case 'lacksCapacity':
      return performProxyStep(world, step);
    case 'recordEntry':
    case 'shareOut':
    case 'consentToLabel':
    case 'movePatient':
    case 'changePractice':
    case 'deregister':
    case 'recordDeath':
      return performOnRecord(world, step);
    case 'endNotices':
    case 'runMaintenance':
      return performNoticeStep(world, step);
    default:
      return performAtOrganisation(world, step);
  }
};
