import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@consentry/core';

/** A realistic small event (a preference set) with full metadata, the same for both libraries. */
export const preferenceData = (i: number) => ({
  patientId: `patient-${i}`,
  organisationId: `org-${i % 50}`,
  preference: 'allow',
  setBy: 'patient',
});

export const ourEvent = (i: number): NewEvent => ({
  type: 'SharingPreferenceSet',
  data: preferenceData(i),
  metadata: {
    eventId: randomUUID(),
    recordedAt: new Date().toISOString(),
    actor: { kind: 'patient', id: `patient-${i}` },
    correlationId: randomUUID(),
    schemaVersion: 1,
  },
});

export const emmettEvent = (i: number) => ({
  type: 'SharingPreferenceSet',
  data: preferenceData(i),
  metadata: { actor: { kind: 'patient', id: `patient-${i}` }, correlationId: randomUUID() },
});
