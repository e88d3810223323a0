/**
 * Whose key a personal field is sealed under, and how long that key lives.
 * - `identity`: the person's identity (name, date of birth, NHS number); kept until erasure.
 * - `contact-details`: a mobile or e-mail; each event gets a fresh key, and the keys of the
 *   subject's older contact details are destroyed once a newer one is stored, so a replaced
 *   value is unreadable in the log, not only superseded.
 */
export type KeyScope = 'identity' | 'contact-details';

export interface PersonalFieldSpec {
  /** Top-level keys of the event's `data` that are personal (absent ones are skipped). */
  readonly fields: readonly string[];
  /** The person the data is about, as a key subject such as `patient/<patientId>` (never personal itself). */
  readonly subject: (data: Readonly<Record<string, unknown>>) => string;
  readonly scope: KeyScope;
}

/** The key subject of a patient: what `erasePersonalData` destroys. */
export const patientSubject = (patientId: string): string => `patient/${patientId}`;

/**
 * The key subject of a proxy (a person acting for a patient): keys of their own, kept under
 * the patient's subject, so erasing all of the patient's data takes the proxy's details held
 * for them too, while a change of the proxy's details replaces only the proxy's key.
 */
export const proxySubject = (patientId: string, proxyId: string): string =>
  `${patientSubject(patientId)}/proxy/${proxyId}`;

const ofPatient = (data: Readonly<Record<string, unknown>>): string =>
  patientSubject(String(data['patientId']));

/**
 * The personal fields of each event type: the one list the store wrapper reads. A new
 * personal field (e.g. a proxy's contact details, under the proxy's own subject) is one
 * entry here; the event's codec wraps the field in `erasable(...)`.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, PersonalFieldSpec>> = {
  PatientRegistered: {
    fields: ['nhsNumber', 'name', 'dateOfBirth'],
    subject: ofPatient,
    scope: 'identity',
  },
  ContactDetailsRecorded: {
    fields: ['mobile', 'email'],
    subject: ofPatient,
    scope: 'contact-details',
  },
  NhsNumberReserved: { fields: ['nhsNumber'], subject: ofPatient, scope: 'identity' },
  // A proxy's own contact details, under the proxy's own key for that patient's grant (never
  // the patient's key); erasing all of the patient's data takes it too (see `proxySubject`).
  ProxyGranted: {
    fields: ['mobile', 'email'],
    subject: (data) => proxySubject(String(data['patientId']), String(data['proxyId'])),
    scope: 'contact-details',
  },
};

export const personalFieldsOf = (type: string): PersonalFieldSpec | undefined =>
  Object.prototype.hasOwnProperty.call(PERSONAL_FIELDS, type) ? PERSONAL_FIELDS[type] : undefined;
