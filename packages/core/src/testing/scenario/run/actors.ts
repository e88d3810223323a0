import type { CommandContext } from '../../../application/inputs.js';
import type { ParsedScenario } from '../load.js';

// Each step acts as the person the story names: the patient in the portal, the practice's
// staff for its lists, an organisation's staff for what happens there.
export const asPatient = (patientId: string): CommandContext => ({
  actor: { kind: 'patient', id: patientId },
});

export const asStaffOf = (scenario: ParsedScenario, organisationId: string): CommandContext => {
  const kind = scenario.organisations.find((o) => o.id === organisationId)?.kind;
  return {
    actor: {
      kind: kind === 'gp-practice' ? 'practice-staff' : 'organisation-staff',
      id: `${organisationId}-staff`,
      organisationId,
    },
  };
};

/** The organisation's own system feed (admissions, bookings): care it starts raises no alert. */
export const asFeedOf = (organisationId: string): CommandContext => ({
  actor: { kind: 'organisation-system', id: `${organisationId}-feed`, organisationId },
});

export const asSystem: CommandContext = { actor: { kind: 'system', id: 'scenario-runner' } };

/** The staff of the patient's registered practice (system for a patient the file does not declare). */
export const asPracticeOf = (scenario: ParsedScenario, patientId: string): CommandContext => {
  const practice = scenario.patients.find((p) => p.id === patientId)?.practice;
  return practice === undefined ? asSystem : asStaffOf(scenario, practice);
};
