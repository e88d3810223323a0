import { SharingEvent, type EventMetadata, type RecordedEvent } from '@consentry/core';
import { codes } from './codeSystems.js';
import { fhirInstant, reference, resourceId } from './references.js';
import type { CodeableConcept, Consent, ConsentProvision, Reference } from './types.js';

type Sharing<T extends SharingEvent['type']> = Extract<SharingEvent, { type: T }>;

const recipient = (organisationId: string) => [
  { role: codes.recipient, reference: reference('Organization', organisationId) },
];

/** Who recorded it: the patient themself, or the organisation whose staff did. */
const performer = (metadata: EventMetadata, patient: Reference): Reference[] => {
  if (metadata.actor.kind === 'patient') return [patient];
  const organisationId = metadata.actor.organisationId;
  return organisationId === undefined ? [] : [reference('Organization', organisationId)];
};

const consent = (
  event: RecordedEvent,
  patientId: string,
  policyRule: CodeableConcept,
  provision: ConsentProvision,
  extra: Partial<Pick<Consent, 'verification'>> = {},
): Consent => {
  const patient = reference('Patient', patientId);
  const performers = performer(event.metadata, patient);
  return {
    resourceType: 'Consent',
    id: resourceId(event.metadata.eventId),
    status: 'active',
    scope: codes.privacyScope,
    category: [codes.patientConsent],
    patient,
    dateTime: fhirInstant(event.metadata.recordedAt),
    ...(performers.length > 0 ? { performer: performers } : {}),
    policyRule,
    ...extra,
    provision,
  };
};

/** A preference: allow (opt-in), deny (opt-out), or require-verification (opt-in with restrictions). */
const fromPreference = (
  event: RecordedEvent,
  data: Sharing<'SharingPreferenceSet'>['data'],
): Consent => {
  const policyRule =
    data.preference === 'allow'
      ? codes.optIn
      : data.preference === 'deny'
        ? codes.optOut
        : codes.optInRestricted;
  const provision: ConsentProvision = {
    type: data.preference === 'deny' ? 'deny' : 'permit',
    period: {
      start: fhirInstant(event.metadata.recordedAt),
      ...(data.until === undefined ? {} : { end: fhirInstant(data.until) }),
    },
    // No actor: the preference for all organisations.
    ...(data.organisationId === undefined ? {} : { actor: recipient(data.organisationId) }),
    action: [codes.accessAction],
  };
  return consent(event, data.patientId, policyRule, provision);
};

/** Sharing in: may this organisation view the record. A code or the portal is the patient verifying it. */
const fromSharingIn = (
  event: RecordedEvent,
  data: Sharing<'SharingInConsentRecorded'>['data'],
): Consent => {
  const patient = reference('Patient', data.patientId);
  const verified = data.route !== 'in-person';
  return consent(
    event,
    data.patientId,
    data.answer === 'consent' ? codes.optIn : codes.optOut,
    {
      type: data.answer === 'consent' ? 'permit' : 'deny',
      period: { start: fhirInstant(event.metadata.recordedAt) },
      actor: recipient(data.organisationId),
      action: [codes.accessAction],
      purpose: [codes.treat],
    },
    verified
      ? {
          verification: [
            {
              verified: true,
              verifiedWith: patient,
              verificationDate: fhirInstant(event.metadata.recordedAt),
            },
          ],
        }
      : {},
  );
};

/** Sharing out: may entries recorded at this organisation be shown to others. */
const fromSharingOut = (
  event: RecordedEvent,
  data: Sharing<'SharingOutConsentRecorded'>['data'],
): Consent =>
  consent(event, data.patientId, data.answer === 'consent' ? codes.optIn : codes.optOut, {
    type: data.answer === 'consent' ? 'permit' : 'deny',
    period: { start: fhirInstant(event.metadata.recordedAt) },
    actor: [{ role: codes.custodian, reference: reference('Organization', data.organisationId) }],
    action: [codes.accessAction],
  });

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
  }
};

const mapped = (event: RecordedEvent, sharing: SharingEvent): Consent | undefined => {
  switch (sharing.type) {
    case 'SharingPreferenceSet':
      return fromPreference(event, sharing.data);
    case 'SharingInConsentRecorded':
      return fromSharingIn(event, sharing.data);
    case 'SharingOutConsentRecorded':
      return fromSharingOut(event, sharing.data);
    case 'SharingPreferenceCleared':
    case 'SharingInConsentWithdrawn':
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
  asOf?: string,
): readonly Consent[] => {
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
    const next = mapped(event, sharing);
    if (next === undefined) continue;
    current.set(key, consents.length);
    consents.push(next);
  }
  return asOf === undefined
    ? consents
    : consents.map((c) => {
        const end = c.provision.period?.end;
        return end !== undefined && Date.parse(end) <= Date.parse(asOf)
          ? { ...c, status: 'inactive' }
          : c;
      });
};
