import * as t from 'io-ts';
import { Area, OrganisationId } from '../organisation/codecs.js';
import { PatientId } from './codecs.js';

/**
 * Patients move (docs/record-as-shared.md, "Patients move"): a new home area changes which
 * organisations are local; a new registered practice changes whose lists apply and who the
 * registered practice is; deregistration and death stop new access except by the practice.
 * The record's history stays: these events only change what later decisions read.
 */
export const HomeAreaChanged = t.type({
  type: t.literal('HomeAreaChanged'),
  data: t.type({ patientId: PatientId, homeArea: Area, previousArea: Area }),
});

/** Recorded by the new practice; the patient and the old practice are told. */
export const RegisteredPracticeChanged = t.type({
  type: t.literal('RegisteredPracticeChanged'),
  data: t.type({
    patientId: PatientId,
    practiceId: OrganisationId,
    previousPracticeId: OrganisationId,
  }),
});

export const PatientDeregistered = t.type({
  type: t.literal('PatientDeregistered'),
  data: t.type({ patientId: PatientId, practiceId: OrganisationId }),
});

export const PatientDied = t.type({
  type: t.literal('PatientDied'),
  data: t.type({ patientId: PatientId }),
});

export const PatientMoveEvent = t.union([
  HomeAreaChanged,
  RegisteredPracticeChanged,
  PatientDeregistered,
  PatientDied,
]);
export type PatientMoveEvent = t.TypeOf<typeof PatientMoveEvent>;

/** Why no new access is given to anyone but the practice; absent while the patient is registered and alive. */
export type RecordClosed = 'deregistered' | 'died';
