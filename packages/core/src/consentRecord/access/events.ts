import * as t from 'io-ts';
import { OrganisationId } from '../../organisation/codecs.js';
import { PatientId } from '../../patient/codecs.js';
import { IsoInstant, Text } from '../../shared/brandedString.js';
import { ReviewOutcome } from '../care/events.js';
import { DenyReason, PermitBasis, Purpose, RequestId } from './codecs.js';

/** The rule trail as stored, so an auditor reads why without re-running the policy. */
export const RuleTrail = t.array(
  t.type({ rule: t.string, result: t.keyof({ passed: null, decided: null }), note: t.string }),
);

const request = { patientId: PatientId, requestId: RequestId, organisationId: OrganisationId };

export const AccessRequested = t.type({
  type: t.literal('AccessRequested'),
  data: t.intersection([
    t.type({ ...request, purpose: Purpose }),
    t.partial({ justification: Text }),
  ]),
});

export const AccessGranted = t.type({
  type: t.literal('AccessGranted'),
  data: t.intersection([
    t.type({ ...request, basis: PermitBasis, trail: RuleTrail }),
    t.partial({ until: IsoInstant }),
  ]),
});

export const AccessDenied = t.type({
  type: t.literal('AccessDenied'),
  data: t.type({ ...request, reason: DenyReason, trail: RuleTrail }),
});

/** The policy said verify or ask-patient: the patient must answer before access. */
export const AccessReferredToPatient = t.type({
  type: t.literal('AccessReferredToPatient'),
  data: t.type({
    ...request,
    outcome: t.keyof({ verify: null, 'ask-patient': null }),
    trail: RuleTrail,
  }),
});

export const EmergencyAccessInvoked = t.type({
  type: t.literal('EmergencyAccessInvoked'),
  data: t.type({ ...request, emergencyId: RequestId, justification: Text, until: IsoInstant }),
});

export const EmergencyAccessReviewed = t.type({
  type: t.literal('EmergencyAccessReviewed'),
  data: t.intersection([
    t.type({
      patientId: PatientId,
      emergencyId: RequestId,
      organisationId: OrganisationId,
      outcome: ReviewOutcome,
    }),
    t.partial({ notes: Text }),
  ]),
});

export const RecordViewed = t.type({
  type: t.literal('RecordViewed'),
  data: t.type({ patientId: PatientId, organisationId: OrganisationId, basis: PermitBasis }),
});

export const AccessEvent = t.union([
  AccessRequested,
  AccessGranted,
  AccessDenied,
  AccessReferredToPatient,
  EmergencyAccessInvoked,
  EmergencyAccessReviewed,
  RecordViewed,
]);
export type AccessEvent = t.TypeOf<typeof AccessEvent>;
