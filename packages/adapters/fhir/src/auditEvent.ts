import { AccessEvent, type RecordedEvent } from '@consentry/core';
import { codes } from './codeSystems.js';
import { fhirInstant, reference, resourceId } from './references.js';
import type { AuditEvent, CodeableConcept, Coding } from './types.js';

type Access<T extends AccessEvent['type']> = Extract<AccessEvent, { type: T }>;
type Trail = Access<'AccessGranted'>['data']['trail'];

/** TREAT for direct care; ETREAT and BTG (break the glass) for emergency access. */
const purposeOf = (emergency: boolean): CodeableConcept[] =>
  emergency
    ? [{ coding: [codes.emergencyTreat, codes.breakTheGlass] }]
    : [{ coding: [codes.treat] }];

interface Described {
  readonly action: AuditEvent['action'];
  readonly outcome: AuditEvent['outcome'];
  readonly outcomeDesc: string;
  readonly emergency: boolean;
  readonly trail?: Trail;
  readonly subtype?: Coding;
}

const auditEvent = (
  event: RecordedEvent,
  patientId: string,
  organisationId: string,
  d: Described,
): AuditEvent => ({
  resourceType: 'AuditEvent',
  id: resourceId(event.metadata.eventId),
  type: codes.patientRecord,
  ...(d.subtype === undefined ? {} : { subtype: [d.subtype] }),
  action: d.action,
  recorded: fhirInstant(event.metadata.recordedAt),
  outcome: d.outcome,
  outcomeDesc: d.outcomeDesc,
  purposeOfEvent: purposeOf(d.emergency),
  agent: [
    {
      who: reference('Organization', organisationId),
      requestor: true,
      ...(event.metadata.actor.kind === 'system' ? {} : { altId: event.metadata.actor.id }),
    },
  ],
  source: { site: 'Consentry', observer: { display: 'Consentry access policy' } },
  entity: [
    {
      what: reference('Patient', patientId),
      type: codes.person,
      role: codes.patientRole,
      // The rule trail, so an auditor reads why without re-running the policy.
      ...(d.trail === undefined || d.trail.length === 0
        ? {}
        : {
            detail: d.trail.map((step) => ({
              type: step.rule,
              valueString: `${step.result}: ${step.note}`,
            })),
          }),
    },
  ],
});

const described = (
  access: AccessEvent,
  purposes: ReadonlyMap<string, string>,
): Described | undefined => {
  const requested = 'requestId' in access.data ? purposes.get(access.data.requestId) : undefined;
  switch (access.type) {
    case 'AccessGranted':
      return {
        action: 'E',
        outcome: '0',
        outcomeDesc: `permit: ${access.data.basis}`,
        emergency: access.data.basis === 'emergency' || requested === 'ETREAT',
        trail: access.data.trail,
      };
    case 'AccessDenied':
      return {
        action: 'E',
        outcome: '4',
        outcomeDesc: `deny: ${access.data.reason}`,
        emergency: requested === 'ETREAT',
        trail: access.data.trail,
      };
    case 'AccessReferredToPatient':
      return {
        action: 'E',
        outcome: '0',
        outcomeDesc: access.data.outcome,
        emergency: false,
        trail: access.data.trail,
      };
    case 'EmergencyAccessInvoked':
      return {
        action: 'E',
        outcome: '0',
        outcomeDesc: `emergency access: ${access.data.justification}`,
        emergency: true,
      };
    case 'RecordViewed':
      return {
        action: 'R',
        outcome: '0',
        outcomeDesc: `record viewed: ${access.data.basis}`,
        emergency: access.data.basis === 'emergency',
      };
    case 'AccessRequested':
    case 'EmergencyAccessReviewed':
      return undefined;
  }
};

/**
 * FHIR AuditEvents from access events, in the order given: one per decision (granted,
 * denied, referred to the patient), emergency access and record view. The purpose comes
 * from the request the decision answers. Events of other types are ignored.
 */
export const auditEventsFromEvents = (events: readonly RecordedEvent[]): readonly AuditEvent[] => {
  const purposes = new Map<string, string>();
  const audits: AuditEvent[] = [];
  for (const event of events) {
    const access = { type: event.type, data: event.data };
    if (!AccessEvent.is(access)) continue;
    if (access.type === 'AccessRequested') purposes.set(access.data.requestId, access.data.purpose);
    const d = described(access, purposes);
    if (d !== undefined)
      audits.push(auditEvent(event, access.data.patientId, access.data.organisationId, d));
  }
  return audits;
};
