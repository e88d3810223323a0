// The events the bench writes: the shape of a real SharingPreferenceSet, full metadata.
import { randomUUID } from 'node:crypto';

export const event = (i) => ({
  type: 'SharingPreferenceSet',
  data: {
    patientId: `0190a8f2-1c3d-7e4f-8a9b-${String(i % 100_000).padStart(12, '0')}`,
    organisationId: `ODS-A${String(i % 50).padStart(5, '0')}`,
    preference: i % 3 === 0 ? 'decline' : 'allow',
    setAt: '2026-03-03T10:15:00.000Z',
  },
  metadata: {
    eventId: randomUUID(),
    recordedAt: '2026-03-03T10:15:00.000Z',
    actor: { kind: 'patient', id: `patient-${i % 100_000}` },
    correlationId: randomUUID(),
    schemaVersion: 1,
    reason: 'Patient chose at reception',
  },
});

export const events = (count, from = 0) => Array.from({ length: count }, (_, k) => event(from + k));

export const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
