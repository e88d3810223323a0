import * as t from 'io-ts';
import { RequestId } from '../access/codecs.js';
import { OrganisationId } from '../../organisation/codecs.js';
import { PatientId } from '../../patient/codecs.js';
import { IsoInstant } from '../../shared/brandedString.js';
import {
  ConsentAnswer,
  ConsentRoute,
  Preference,
  PreferenceSetter,
  SensitiveLabel,
} from './codecs.js';

/**
 * No `organisationId`: the preference for all organisations. `opens`: the organisations an
 * `allow` set by someone other than the patient newly opened the record to (each is told to
 * the patient); absent in events recorded before it was kept.
 */
export const SharingPreferenceSet = t.type({
  type: t.literal('SharingPreferenceSet'),
  data: t.intersection([
    t.type({ patientId: PatientId, preference: Preference, setBy: PreferenceSetter }),
    t.partial({
      organisationId: OrganisationId,
      until: IsoInstant,
      opens: t.array(OrganisationId),
    }),
  ]),
});

export const SharingPreferenceCleared = t.type({
  type: t.literal('SharingPreferenceCleared'),
  data: t.intersection([
    t.type({ patientId: PatientId }),
    t.partial({ organisationId: OrganisationId }),
  ]),
});

export const SharingInConsentRecorded = t.type({
  type: t.literal('SharingInConsentRecorded'),
  data: t.intersection([
    t.type({
      patientId: PatientId,
      organisationId: OrganisationId,
      answer: ConsentAnswer,
      route: ConsentRoute,
    }),
    // `until`: a time-limited consent, which ends by itself (docs/domain.md, "Consent that ends").
    t.partial({ requestId: RequestId, until: IsoInstant }),
  ]),
});

export const SharingInConsentWithdrawn = t.type({
  type: t.literal('SharingInConsentWithdrawn'),
  data: t.type({ patientId: PatientId, organisationId: OrganisationId }),
});

export const SharingOutConsentRecorded = t.type({
  type: t.literal('SharingOutConsentRecorded'),
  data: t.type({ patientId: PatientId, organisationId: OrganisationId, answer: ConsentAnswer }),
});

/** The patient agreed that entries with this sensitive label may be shown to this organisation. */
export const SensitiveLabelConsentRecorded = t.type({
  type: t.literal('SensitiveLabelConsentRecorded'),
  data: t.type({ patientId: PatientId, organisationId: OrganisationId, label: SensitiveLabel }),
});

export const SharingEvent = t.union([
  SharingPreferenceSet,
  SharingPreferenceCleared,
  SharingInConsentRecorded,
  SharingInConsentWithdrawn,
  SharingOutConsentRecorded,
  SensitiveLabelConsentRecorded,
]);
export type SharingEvent = t.TypeOf<typeof SharingEvent>;
