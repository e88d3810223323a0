import {
  evolveConsentRecord,
  initialConsentRecord,
  type ConsentRecordEvent,
} from '../../../state.js';
import type { OrganisationKind } from '../../../../organisation/codecs.js';
import * as organisation from '../../../../organisation/state.js';
import * as patient from '../../../../patient/state.js';
import type { PatientEvent } from '../../../../patient/events.js';
import type { PracticeListsEvent } from '../../../../practiceLists/events.js';
import * as lists from '../../../../practiceLists/state.js';
import type { AccessFacts } from '../facts.js';

/** Plain-string builders for tests: the branded types are checked by the codecs elsewhere. */
const b = <T>(s: string): T => s as unknown as T;

export const PATIENT = 'alice';
export const PRACTICE = 'leic-practice';
export const LOCAL = 'leic-hospital';
export const FAR = 'cornwall-hospital';
export const ALLOWED_FAR = 'london-hospice';
export const NOW = new Date('2026-07-01T09:00:00Z');

const AREAS: Record<string, [string, OrganisationKind]> = {
  [PRACTICE]: ['leicestershire', 'gp-practice'],
  [LOCAL]: ['leicestershire', 'hospital'],
  [FAR]: ['cornwall', 'hospital'],
  [ALLOWED_FAR]: ['london', 'community'],
};

export const organisationState = (
  id: string,
  status: 'active' | 'closed' | 'unregistered' = 'active',
): organisation.OrganisationState => {
  if (status === 'unregistered') return { status };
  const [area, kind] = AREAS[id] ?? ['elsewhere', 'other'];
  return { status, organisationId: b(id), odsCode: b('X1234'), name: b(id), kind, area: b(area) };
};

export const registeredPatient = (contact: PatientEvent[] = []): patient.PatientState =>
  [
    {
      type: 'PatientRegistered',
      data: {
        patientId: b(PATIENT),
        nhsNumber: b('9434765919'),
        name: b('Alice'),
        dateOfBirth: b('1980-01-01'),
        homeArea: b('leicestershire'),
        practiceId: b(PRACTICE),
      },
    } as PatientEvent,
    ...contact,
  ].reduce(patient.evolve, patient.initialState());

export const withMobile: PatientEvent = {
  type: 'ContactDetailsRecorded',
  data: { patientId: b(PATIENT), mobile: b('+447700900123'), preferredChannel: 'sms' },
};

/** Folds a consent history and the practice's lists into the facts the policy reads. */
export const factsFor = (
  organisationId: string,
  history: readonly ConsentRecordEvent[] = [],
  options: {
    lists?: readonly PracticeListsEvent[];
    patient?: patient.PatientState;
    organisationStatus?: 'active' | 'closed' | 'unregistered';
  } = {},
): AccessFacts => ({
  organisation: organisationState(organisationId, options.organisationStatus),
  patient: options.patient ?? registeredPatient([withMobile]),
  practiceLists: (options.lists ?? []).reduce(lists.evolve, lists.initialState()),
  record: history.reduce(evolveConsentRecord, initialConsentRecord()),
});

/** Event builders for the consent stream of PATIENT. */
export const ev = {
  care: (organisationId: string, selfClaimed = false): ConsentRecordEvent => ({
    type: 'CareRelationshipStarted',
    data: {
      patientId: b(PATIENT),
      relationshipId: b(`care-${organisationId}`),
      organisationId: b(organisationId),
      selfClaimed,
    },
  }),
  endCare: (organisationId: string): ConsentRecordEvent => ({
    type: 'CareRelationshipEnded',
    data: {
      patientId: b(PATIENT),
      relationshipId: b(`care-${organisationId}`),
      organisationId: b(organisationId),
    },
  }),
  preference: (
    preference: 'allow' | 'deny' | 'require-verification',
    organisationId?: string,
    until?: string,
  ): ConsentRecordEvent => ({
    type: 'SharingPreferenceSet',
    data: {
      patientId: b(PATIENT),
      preference,
      setBy: 'patient',
      ...(organisationId === undefined ? {} : { organisationId: b(organisationId) }),
      ...(until === undefined ? {} : { until: b(until) }),
    },
  }),
  clearPreference: (organisationId?: string): ConsentRecordEvent => ({
    type: 'SharingPreferenceCleared',
    data: {
      patientId: b(PATIENT),
      ...(organisationId === undefined ? {} : { organisationId: b(organisationId) }),
    },
  }),
  sharingIn: (organisationId: string, answer: 'consent' | 'dissent'): ConsentRecordEvent => ({
    type: 'SharingInConsentRecorded',
    data: { patientId: b(PATIENT), organisationId: b(organisationId), answer, route: 'in-person' },
  }),
  withdraw: (organisationId: string): ConsentRecordEvent => ({
    type: 'SharingInConsentWithdrawn',
    data: { patientId: b(PATIENT), organisationId: b(organisationId) },
  }),
  emergency: (organisationId: string, until: string): ConsentRecordEvent => ({
    type: 'EmergencyAccessInvoked',
    data: {
      patientId: b(PATIENT),
      requestId: b(`r-${until}`),
      emergencyId: b(`e-${until}`),
      organisationId: b(organisationId),
      justification: b('unconscious'),
      until: b(until),
    },
  }),
};

export const listEvent = (
  type: PracticeListsEvent['type'],
  organisationId: string,
): PracticeListsEvent => ({
  type,
  data: { practiceId: b(PRACTICE), organisationId: b(organisationId) },
});
