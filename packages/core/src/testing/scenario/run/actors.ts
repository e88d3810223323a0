import type { CommandContext } from '../../../application/inputs.js';
import type { ActorSpec } from '../actorSpec.js';
import type { Step } from '../steps.js';
import type { World } from './world.js';

// Each step acts as the person the story names: the patient in the portal, the practice's
// staff for its lists, an organisation's staff for what happens there. `as:` names someone
// else; `named` gives that person an id of their own.
export const asPatient = (patientId: string): CommandContext => ({
  actor: { kind: 'patient', id: patientId },
});

export const asStaffOf = (
  world: World,
  organisationId: string,
  person?: string,
): CommandContext => {
  const kind =
    world.scenario.organisations.find((o) => o.id === organisationId)?.kind ??
    world.organisationKinds.get(organisationId);
  return {
    actor: {
      kind: kind === 'gp-practice' ? 'practice-staff' : 'organisation-staff',
      id: person ?? `${organisationId}-staff`,
      organisationId,
    },
  };
};

/** The organisation's own system feed (admissions, bookings): care it starts raises no alert. */
export const asFeedOf = (organisationId: string, person?: string): CommandContext => ({
  actor: { kind: 'organisation-system', id: person ?? `${organisationId}-feed`, organisationId },
});

/** A privacy officer, who belongs to one organisation and reviews alerts. */
export const asPrivacyOfficerOf = (organisationId: string, person?: string): CommandContext => ({
  actor: {
    kind: 'privacy-officer',
    id: person ?? `${organisationId}-privacy-officer`,
    organisationId,
  },
});

export const asSystem: CommandContext = { actor: { kind: 'system', id: 'scenario-runner' } };

/**
 * The staff of the patient's registered practice: the file's own patients, and those a
 * `registerPatient` step registered (system for a patient nobody registered).
 */
export const asPracticeOf = (world: World, patientId: string, person?: string): CommandContext => {
  // A `changePractice` step or a `registerPatient` step, else the file's own patient.
  const practice =
    world.practices.get(patientId) ??
    world.scenario.patients.find((p) => p.id === patientId)?.practice;
  return practice === undefined ? asSystem : asStaffOf(world, practice, person);
};

/** The context of `as:`; `patientId` is the step's patient (the loader checked it has one where needed). */
export const contextOf = (
  world: World,
  spec: ActorSpec,
  patientId: string | undefined,
): CommandContext => {
  switch (spec.role) {
    case 'patient':
      return asPatient(patientId ?? '');
    case 'practice':
      return asPracticeOf(world, patientId ?? '', spec.person);
    case 'auditor':
      return { actor: { kind: 'auditor', id: spec.person ?? 'auditor' } };
    case 'system':
      return spec.person === undefined ? asSystem : { actor: { kind: 'system', id: spec.person } };
    case 'staff':
      return asStaffOf(world, spec.organisation, spec.person);
    case 'feed':
      return asFeedOf(spec.organisation, spec.person);
    case 'privacy-officer':
      return asPrivacyOfficerOf(spec.organisation, spec.person);
  }
};

/** A proxy acting for the patient (`as: <proxy>` inside the step's map): their own id. */
export const asProxy = (proxyId: string, patientId: string): CommandContext => ({
  actor: { kind: 'proxy', id: proxyId, forPatientId: patientId },
});

/** `as: <proxy>` inside a patient-side verb's map, with the patient it acts for. */
const proxyOf = (step: Step): { proxy: string; patient: string } | undefined => {
  const args = step.args as { as?: unknown; patient?: unknown };
  return typeof args === 'object' && typeof args.as === 'string' && typeof args.patient === 'string'
    ? { proxy: args.as, patient: args.patient }
    : undefined;
};

/**
 * Who performs the step: a proxy named by `as:` inside the map, else its top-level `as:`, else
 * the verb's own actor (`own`).
 */
export const actor = (world: World, step: Step, own: () => CommandContext): CommandContext => {
  const proxy = proxyOf(step);
  if (proxy !== undefined) return asProxy(proxy.proxy, proxy.patient);
  return step.as === undefined
    ? own()
    : contextOf(
        world,
        step.as,
        'patient' in step.args && typeof step.args.patient === 'string'
          ? step.args.patient
          : undefined,
      );
};
