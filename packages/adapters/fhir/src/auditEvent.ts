import { AccessEvent, type RecordedEvent } from '@consentry/core';
import { codes, profiles } from './codeSystems.js';
import { emptyDirectory, type FhirDirectory } from './directory.js';
import {
  fhirInstant,
  isStaff,
  organisationReference,
  patientReference,
  resourceId,
  staffReference,
} from './references.js';
import type { AuditEvent, AuditEventAgent, CodeableConcept } from './types.js';

type Access<T extends AccessEvent['type']> = Extract<AccessEvent, { type: T }>;
type Trail = Access<'AccessGranted'>['data']['trail'];

export interface AuditEventOptions {
  /** NHS numbers, ODS codes and staff identifiers for internal ids. */
  readonly directory?: FhirDirectory;
}

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
  /** The reason given for an emergency (break-glass) access. */
  readonly justification?: string;
  readonly trail?: Trail;
}

/** The organisation that asked, by ODS code, and the member of staff when one is known. */
const agents = (directory: FhirDirectory, event: RecordedEvent, organisationId: string) => {
  const actor = event.metadata.actor;
  const person = isStaff(actor) ? staffReference(directory, actor) : undefined;
  const list: AuditEventAgent[] = [
    { who: organisationReference(directory, organisationId), requestor: true },
  ];
  if (person !== undefined) list.push({ type: codes.recipient, who: person, requestor: true });
  return list;
};

const details = (d: Described) => [
  ...(d.justification === undefined
    ? []
    : [{ type: 'emergency-justification', valueString: d.justification }]),
  // The rule trail, so an auditor reads why without re-running the policy.
  ...(d.trail ?? []).map((step) => ({
    type: step.rule,
    valueString: `${step.result}: ${step.note}`,
  })),
];

const auditEvent = (
  directory: FhirDirectory,
  event: RecordedEvent,
  patientId: string,
  organisationId: string,
  d: Described,
): AuditEvent => {
  const detail = details(d);
  return {
    resourceType: 'AuditEvent',
    id: resourceId(event.metadata.eventId),
    meta: { profile: [profiles.auditEvent] },
    type: codes.patientRecord,
    action: d.action,
    recorded: fhirInstant(event.metadata.recordedAt),
    outcome: d.outcome,
    outcomeDesc: d.outcomeDesc,
    purposeOfEvent: purposeOf(d.emergency),
    agent: agents(directory, event, organisationId),
    source: { site: 'Consentry', observer: { display: 'Consentry access policy' } },
    entity: [
      {
        what: patientReference(directory, patientId),
        type: codes.person,
        role: codes.patientRole,
        ...(detail.length === 0 ? {} : { detail }),
      },
    ],
  };
};

interface Requested {
  readonly purpose: string;
  readonly justification?: string;
}

const described = (
  access: AccessEvent,
  requests: ReadonlyMap<string, Requested>,
): Described | undefined => {
  const request = 'requestId' in access.data ? requests.get(access.data.requestId) : undefined;
  const asked = request?.purpose === 'ETREAT';
  const justification = asked ? request?.justification : undefined;
  const because = justification === undefined ? {} : { justification };
  switch (access.type) {
    case 'AccessGranted':
      return {
        action: 'E',
        outcome: '0',
        outcomeDesc: `permit: ${access.data.basis}`,
        emergency: access.data.basis === 'emergency' || asked,
        trail: access.data.trail,
        ...because,
      };
    case 'AccessDenied':
      return {
        action: 'E',
        outcome: '4',
        outcomeDesc: `deny: ${access.data.reason}`,
        emergency: asked,
        trail: access.data.trail,
        ...because,
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
        justification: access.data.justification,
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
 * A refused command, as core's `AttemptRefused` records it on the patient's refusals stream.
 * (Core does not export its codec from the package index, so its shape is checked here.)
 */
interface Refused {
  readonly patientId: string;
  readonly command: string;
  readonly why: string;
  readonly organisationId?: string;
  readonly about?: string;
  readonly outcome?: string;
}

const refusedOf = (event: RecordedEvent): Refused | undefined => {
  const data = event.data as Partial<Record<keyof Refused, unknown>> | null;
  if (event.type !== 'AttemptRefused' || typeof data !== 'object' || data === null)
    return undefined;
  const { patientId, command, why } = data;
  if (typeof patientId !== 'string' || typeof command !== 'string' || typeof why !== 'string')
    return undefined;
  return data as Refused;
};

/** A refusal: the organisation that acted (or the one the command was about) and why it was refused. */
const fromRefusal = (directory: FhirDirectory, event: RecordedEvent, r: Refused) => {
  const organisationId = r.organisationId ?? r.about;
  const audit = auditEvent(directory, event, r.patientId, organisationId ?? '', {
    action: 'E',
    outcome: '4',
    outcomeDesc: `refused: ${r.command}: ${r.why}`,
    emergency: false,
  });
  if (organisationId !== undefined) return audit;
  // No organisation: the patient, or the host, acted.
  const actor = event.metadata.actor;
  const who =
    actor.kind === 'patient'
      ? patientReference(directory, r.patientId)
      : { display: `${actor.kind} ${actor.id}` };
  return { ...audit, agent: [{ who, requestor: true }] };
};

/**
 * FHIR AuditEvents from access events, in the order given: one per decision (granted,
 * denied, referred to the patient), emergency access, record view and refused command. The
 * purpose and an emergency's justification come from the request the decision answers. Other
 * events are ignored.
 */
export const auditEventsFromEvents = (
  events: readonly RecordedEvent[],
  options: AuditEventOptions = {},
): readonly AuditEvent[] => {
  const directory = options.directory ?? emptyDirectory;
  const requests = new Map<string, Requested>();
  const audits: AuditEvent[] = [];
  for (const event of events) {
    const refused = refusedOf(event);
    if (refused !== undefined) audits.push(fromRefusal(directory, event, refused));
    const access = { type: event.type, data: event.data };
    if (!AccessEvent.is(access)) continue;
    if (access.type === 'AccessRequested')
      requests.set(access.data.requestId, {
        purpose: access.data.purpose,
        ...(access.data.justification === undefined
          ? {}
          : { justification: access.data.justification }),
      });
    const d = described(access, requests);
    if (d !== undefined)
      audits.push(
        auditEvent(directory, event, access.data.patientId, access.data.organisationId, d),
      );
  }
  return audits;
};
