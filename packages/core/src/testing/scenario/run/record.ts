import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Step } from '../steps.js';
import { actor, asPatient, asPracticeOf, asStaffOf } from './actors.js';
import { nothing, type Run } from './performed.js';
import type { World } from './world.js';

/** The record as shared and patients moving (docs/record-as-shared.md). */
export type RecordStep = Extract<
  Step,
  {
    verb:
      | 'recordEntry'
      | 'shareOut'
      | 'consentToLabel'
      | 'movePatient'
      | 'changePractice'
      | 'deregister'
      | 'recordDeath';
  }
>;

// An entry is the clinical system's, not Consentry's: the world keeps its metadata, recorded now.
const recordEntry = (world: World, step: Extract<Step, { verb: 'recordEntry' }>): Run => {
  const { patient, organisation, label } = step.args;
  const held = world.entries.get(patient) ?? [];
  held.push({
    entryId: `${patient}-entry-${held.length + 1}`,
    organisationId: organisation,
    recordedAt: world.clock.now().toISOString(),
    ...(label === undefined ? {} : { label }),
  });
  world.entries.set(patient, held);
  return TE.right({});
};

/**
 * Runs a record or move step: choices by the patient (sharing out, labels, a new home area),
 * a change of practice by the new practice's staff, deregistration and death by the practice.
 */
export const performOnRecord = (world: World, step: RecordStep): Run => {
  const c = world.consentry;
  const patient = () => asPatient(step.args.patient);
  switch (step.verb) {
    case 'recordEntry':
      return recordEntry(world, step);
    case 'shareOut': {
      const { organisation, answer } = step.args;
      const input = { patientId: step.args.patient, organisationId: organisation, answer };
      return nothing(c.recordSharingOutConsent(input, actor(world, step, patient)));
    }
    case 'consentToLabel': {
      const { organisation, label } = step.args;
      const input = { patientId: step.args.patient, organisationId: organisation, label };
      return nothing(c.consentToLabel(input, actor(world, step, patient)));
    }
    case 'movePatient': {
      const input = { patientId: step.args.patient, homeArea: step.args.homeArea };
      return nothing(c.changeHomeArea(input, actor(world, step, patient)));
    }
    case 'changePractice': {
      const { practice } = step.args;
      const input = { patientId: step.args.patient, practiceId: practice };
      return pipe(
        c.changePractice(
          input,
          actor(world, step, () => asStaffOf(world, practice)),
        ),
        TE.map((receipt) => {
          world.practices.set(step.args.patient, practice);
          return receipt;
        }),
        nothing,
      );
    }
    case 'deregister':
    case 'recordDeath': {
      const input = { patientId: step.args.patient };
      const practice = () => asPracticeOf(world, step.args.patient);
      return nothing(
        step.verb === 'deregister'
          ? c.deregister(input, actor(world, step, practice))
          : c.recordDeath(input, actor(world, step, practice)),
      );
    }
  }
};
