import * as t from 'io-ts';
import { AccessEvent } from '../access/events.js';
import * as access from '../access/state.js';
import { CareEvent } from '../care/events.js';
import * as care from '../care/state.js';
import { SharingEvent } from '../sharing/events.js';
import * as sharing from '../sharing/state.js';
import { eventTypesOf } from '../shared/streams.js';
import { VerificationEvent } from '../verification/events.js';
import * as verification from '../verification/state.js';

/** Every event of a patient's `consent-<patientId>` stream. */
export const ConsentRecordEvent = t.union([
  SharingEvent,
  CareEvent,
  AccessEvent,
  VerificationEvent,
]);
export type ConsentRecordEvent = t.TypeOf<typeof ConsentRecordEvent>;

/** The four slices folded from one patient's consent stream. */
export interface ConsentRecordState {
  readonly sharing: sharing.SharingState;
  readonly care: care.CareState;
  readonly access: access.AccessState;
  readonly verification: verification.VerificationState;
}

export const initialConsentRecord = (): ConsentRecordState => ({
  sharing: sharing.initialState(),
  care: care.initialState(),
  access: access.initialState(),
  verification: verification.initialState(),
});

const sharingTypes = eventTypesOf(SharingEvent);
const careTypes = eventTypesOf(CareEvent);
const accessTypes = eventTypesOf(AccessEvent);

/** Hands each event to the slice that owns its type. */
export const evolveConsentRecord = (
  state: ConsentRecordState,
  event: ConsentRecordEvent,
): ConsentRecordState => {
  if (sharingTypes.has(event.type))
    return { ...state, sharing: sharing.evolve(state.sharing, event as SharingEvent) };
  if (careTypes.has(event.type))
    return { ...state, care: care.evolve(state.care, event as CareEvent) };
  if (accessTypes.has(event.type))
    return { ...state, access: access.evolve(state.access, event as AccessEvent) };
  return {
    ...state,
    verification: verification.evolve(state.verification, event as VerificationEvent),
  };
};
