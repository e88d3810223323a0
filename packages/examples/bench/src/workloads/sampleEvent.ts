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

/** The n-th call's stream among `streams` existing ones: a stride that visits them all, in no useful order. */
export const streamFor = (n: number, streams: number): string => `patient-${(n * 7919) % streams}`;

/**
 * 64 ready-made calls' worth of events, `perCall` each, built before the timing starts; the
 * n-th call takes `batches[n & 63]`.
 */
export const batchesOf = <E>(perCall: number, event: (i: number) => E): E[][] =>
  Array.from({ length: 64 }, (_, b) =>
    Array.from({ length: perCall }, (_, k) => event(b * perCall + k)),
  );
