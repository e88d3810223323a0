import * as t from 'io-ts';
import { PatientId } from './codecs.js';

/** What `erasePersonalData` destroys: the contact details, or everything personal. */
export const ErasureScope = t.keyof({ 'contact-details': null, all: null });
export type ErasureScope = t.TypeOf<typeof ErasureScope>;

/**
 * The patient's personal data of `scope` was erased: its keys destroyed. Who asked and why
 * are the event's actor and reason. Folded into the patient's state, so a host that cached
 * the state before sees the erasure on its next read of the stream.
 */
export const PersonalDataErased = t.type({
  type: t.literal('PersonalDataErased'),
  data: t.type({ patientId: PatientId, scope: ErasureScope }),
});
export type PersonalDataErased = t.TypeOf<typeof PersonalDataErased>;
