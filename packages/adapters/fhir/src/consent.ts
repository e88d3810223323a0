import { SharingEvent, type EventMetadata, type RecordedEvent } from '@consentry/core';
import {
  codes,
  consentKinds,
  identifierSystems,
  profiles,
  systems,
  verificationTypeExtension,
  type ConsentKind,
} from './codeSystems.js';
import { emptyDirectory, type FhirDirectory } from './directory.js';
import {
  fhirInstant,
  isStaff,
  organisationReference,
  patientReference,
  resourceId,
  staffReference,
} from './references.js';
import type {
  CodeableConcept,
  Consent,
  ConsentProvision,
  ConsentVerification,
  Reference,
} from './types.js';

type Sharing<T extends SharingEvent['type']> = Extract<SharingEvent, { type: T }>;

export interface ConsentOptions {
  /** Preferences past their `until` at this instant are `inactive`. */
  readonly asOf?: string;
  /** NHS numbers, ODS codes and staff identifiers for internal ids. */
  readonly directory?: FhirDirectory;
  /** Consent.policy.uri: the rules the choice was made under (default: Consentry's rule table). */
  readonly policyUri?: string;
}

/** The rules every Consentry choice is made under: the sharing rules of docs/domain.md. */
export const defaultPolicyUri = 'urn:consentry:policy:shared-record-direct-care';

interface Mapping {
  readonly directory: FhirDirectory;
  readonly policyUri: string;
}

/**
 * Who recorded it: the patient themself, a proxy acting for them (a RelatedPerson: parent,
 * carer, attorney), or the organisation (and its member of staff) that did.
 */
const performers = (m: Mapping, metadata: EventMetadata, patient: Reference): Reference[] => {
  const actor = metadata.actor;
  if (actor.kind === 'patient') return [patient];
  if (actor.kind === 'proxy')
    return [
      {
        type: 'RelatedPerson',
        identifier: { system: identifierSystems.consentryProxy, value: actor.id },
        display: 'acting for the patient',
      },
    ];
  if (actor.organisationId === undefined) return [];
  const person = isStaff(actor) ? staffReference(m.directory, actor) : undefined;
  return [
    organisationReference(m.directory, actor.organisationId),
    ...(person === undefined ? [] : [person]),
  ];
};

const consent = (
  m: Mapping,
  event: RecordedEvent,
  kind: ConsentKind,
  patientId: string,
  policyRule: CodeableConcept,
  provision: ConsentProvision,
  verification?: ConsentVerification,
): Consent => {
  const patient = patientReference(m.directory, patientId);
  const by = performers(m, event.metadata, patient);
  return {
    resourceType: 'Consent',
    id: resourceId(event.metadata.eventId),
    meta: { profile: [profiles.consent] },
    status: 'active',
    scope: codes.privacyScope,
    category: [codes.patientConsent, consentKinds[kind]],
    patient,
    dateTime: fhirInstant(event.metadata.recordedAt),
    ...(by.length > 0 ? { performer: by } : {}),
    policy: [{ uri: m.policyUri }],
    policyRule,
    ...(verification === undefined ? {} : { verification: [verification] }),
    provision: {
      ...provision,
      period: { start: fhirInstant(event.metadata.recordedAt), ...provision.period },
      action: [codes.accessAction],
      purpose: [codes.treat],
    },
  };
};

const recipient = (m: Mapping, organisationId: string) => [
  { role: codes.recipient, reference: organisationReference(m.directory, organisationId) },
];

/** A preference: allow (opt-in), deny (opt-out), or require-verification (opt-in with restrictions). */
const fromPreference = (
  m: Mapping,
  event: RecordedEvent,
  data: Sharing<'SharingPreferenceSet'>['data'],
): Consent =>
  consent(
    m,
    event,
    'preference',
    data.patientId,
    data.preference === 'allow'
      ? codes.optIn
      : data.preference === 'deny'
        ? codes.optOut
        : codes.optInRestricted,
    {
      type: data.preference === 'deny' ? 'deny' : 'permit',
      ...(data.until === undefined ? {} : { period: { end: fhirInstant(data.until) } }),
      // No actor: the preference for all organisations.
      ...(data.organisationId === undefined ? {} : { actor: recipient(m, data.organisationId) }),
    },
  );

/** R5's Consent.verification.verifiedBy: the organisation that checked the code. */
export const verifiedByExtension =
  'http://hl7.org/fhir/5.0/StructureDefinition/extension-Consent.verification.verifiedBy';

const routes = {
  'verified-code': 'A one-time code sent to the patient, read out by them to the organisation',
  'approved-online': 'The patient approved the request in the online portal',
  'refused-online': 'The patient refused the request in the online portal',
} as const;

/** A code or an online approval is the patient verifying the answer: who, when and how. */
const verificationOf = (
  m: Mapping,
  event: RecordedEvent,
  data: Sharing<'SharingInConsentRecorded'>['data'],
): ConsentVerification | undefined => {
  if (data.route === 'in-person') return undefined;
  const byOrganisation = data.route === 'verified-code';
  return {
    extension: [
      {
        url: verificationTypeExtension,
        valueCodeableConcept: {
          coding: [{ system: systems.verificationRoute, code: data.route }],
          text: routes[data.route],
        },
      },
      ...(byOrganisation
        ? [
            {
              url: verifiedByExtension,
              valueReference: organisationReference(m.directory, data.organisationId),
            },
          ]
        : []),
    ],
    verified: true,
    verifiedWith: patientReference(m.directory, data.patientId),
    verificationDate: fhirInstant(event.metadata.recordedAt),
  };
};

/** Sharing in: may this organisation view the record. */
const fromSharingIn = (
  m: Mapping,
  event: RecordedEvent,
  data: Sharing<'SharingInConsentRecorded'>['data'],
): Consent =>
  consent(
    m,
    event,
    'sharingIn',
    data.patientId,
    data.answer === 'consent' ? codes.optIn : codes.optOut,
    {
      type: data.answer === 'consent' ? 'permit' : 'deny',
      actor: recipient(m, data.organisationId),
      // A time-limited consent ends by itself (docs/record-as-shared.md).
      ...(data.until === undefined ? {} : { period: { end: fhirInstant(data.until) } }),
    },
    verificationOf(m, event, data),
  );

/** Sharing out: may entries recorded at this organisation be shown to others. */
const fromSharingOut = (
  m: Mapping,
  event: RecordedEvent,
  data: Sharing<'SharingOutConsentRecorded'>['data'],
): Consent =>
  consent(
    m,
    event,
    'sharingOut',
    data.patientId,
    data.answer === 'consent' ? codes.optIn : codes.optOut,
    {
      type: data.answer === 'consent' ? 'permit' : 'deny',
      actor: [
        {
          role: codes.custodian,
          reference: organisationReference(m.directory, data.organisationId),
        },
      ],
    },
  );

/** What a later event replaces or ends: one preference per (patient, organisation or all), one consent per direction. */
const keyOf = (event: SharingEvent): string => {
  const { patientId } = event.data;
  const organisationId = 'organisationId' in event.data ? (event.data.organisationId ?? '*') : '*';
  switch (event.type) {
    case 'SharingPreferenceSet':
    case 'SharingPreferenceCleared':
      return `preference ${patientId} ${organisationId}`;
    case 'SharingInConsentRecorded':
    case 'SharingInConsentWithdrawn':
      return `in ${patientId} ${organisationId}`;
    case 'SharingOutConsentRecorded':
      return `out ${patientId} ${organisationId}`;
    case 'SensitiveLabelConsentRecorded':
      return `label ${patientId} ${organisationId} ${event.data.label}`;
  }
};

const mapped = (m: Mapping, event: RecordedEvent, sharing: SharingEvent): Consent | undefined => {
  switch (sharing.type) {
    case 'SharingPreferenceSet':
      return fromPreference(m, event, sharing.data);
    case 'SharingInConsentRecorded':
      return fromSharingIn(m, event, sharing.data);
    case 'SharingOutConsentRecorded':
      return fromSharingOut(m, event, sharing.data);
    // A consent to one sensitive label for one organisation is not mapped to FHIR yet.
    case 'SharingPreferenceCleared':
    case 'SharingInConsentWithdrawn':
    case 'SensitiveLabelConsentRecorded':
      return undefined;
  }
};

/**
 * FHIR Consents from sharing events, in the order given (a patient's history, oldest first).
 * Each choice is one Consent; a later choice, a cleared preference or a withdrawn consent
 * makes the earlier one `inactive`, as does a preference past its expiry at `asOf`.
 * Events of other types are ignored.
 */
export const consentsFromEvents = (
  events: readonly RecordedEvent[],
  options: ConsentOptions = {},
): readonly Consent[] => {
  const m: Mapping = {
    directory: options.directory ?? emptyDirectory,
    policyUri: options.policyUri ?? defaultPolicyUri,
  };
  const consents: Consent[] = [];
  const current = new Map<string, number>();
  for (const event of events) {
    const sharing = { type: event.type, data: event.data };
    if (!SharingEvent.is(sharing)) continue;
    const key = keyOf(sharing);
    const previous = current.get(key);
    if (previous !== undefined) {
      consents[previous] = { ...(consents[previous] as Consent), status: 'inactive' };
      current.delete(key);
    }
    const next = mapped(m, event, sharing);
    if (next === undefined) continue;
    current.set(key, consents.length);
    consents.push(next);
  }
  const { asOf } = options;
  return asOf === undefined
    ? consents
    : consents.map((c) => {
        const end = c.provision.period?.end;
        return end !== undefined && Date.parse(end) <= Date.parse(asOf)
          ? { ...c, status: 'inactive' }
          : c;
      });
};
