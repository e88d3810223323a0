import * as t from 'io-ts';
import { DurationFromString, InstantFromString, durationAtMost } from './duration.js';
import { OrganisationKind } from './organisationKind.js';
import { strictType } from '../../shared/strictType.js';
import { StepsCodec } from './steps.js';
import { Id, PositiveCount, QuotedDigits, countBetween } from './primitives.js';

export { OrganisationKind } from './organisationKind.js';

export const PreferredChannel = t.keyof({ sms: null, email: null });

export const ScenarioOrganisation = strictType(
  'organisation',
  { id: Id, kind: OrganisationKind, area: Id },
  { name: t.string, odsCode: t.string },
);
export type ScenarioOrganisation = t.TypeOf<typeof ScenarioOrganisation>;

export const ScenarioPatient = strictType(
  'patient',
  { id: Id, nhsNumber: QuotedDigits, homeArea: Id, practice: Id },
  {
    name: t.string,
    dateOfBirth: t.string,
    mobile: t.string,
    email: t.string,
    preferred: PreferredChannel,
    portal: t.boolean,
  },
);
export type ScenarioPatient = t.TypeOf<typeof ScenarioPatient>;

/** Overrides of the verification and emergency policy (docs/domain.md). */
export const ScenarioPolicy = strictType(
  'policy',
  {},
  {
    codeTtl: durationAtMost(600_000, '10m'),
    codeDigits: countBetween(6, 8),
    maxAttempts: countBetween(1, 5),
    maxChallengesPerOrganisation: PositiveCount,
    maxChallengesPerPatient: PositiveCount,
    emergencyWindow: DurationFromString,
    emergencyOverridesDissent: t.boolean,
    sensitiveLabels: t.readonlyArray(t.string),
    emergencyShowsSensitive: t.boolean,
  },
);
export type ScenarioPolicy = t.TypeOf<typeof ScenarioPolicy>;

export const Scenario = strictType(
  'scenario',
  {
    scenario: Id,
    start: InstantFromString,
    organisations: t.readonlyArray(ScenarioOrganisation),
    patients: t.readonlyArray(ScenarioPatient),
    steps: StepsCodec,
  },
  { policy: ScenarioPolicy },
);
export type Scenario = t.TypeOf<typeof Scenario>;
