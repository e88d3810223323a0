import * as t from 'io-ts';
import { OrganisationId } from '../../organisation/codecs.js';
import { PatientId } from '../../patient/codecs.js';
import { ProxyId, ProxyRelationship } from '../proxy/codecs.js';
import { IsoInstant } from '../../shared/brandedString.js';

/**
 * The patient's choice (docs/domain.md, "Consent that ends"): whether they are told when a
 * time-limited consent of theirs ends. `at` is when they chose: a consent that had already
 * ended then is never noticed, so switching it on does not send a backlog.
 */
export const EndNoticesChosen = t.type({
  type: t.literal('EndNoticesChosen'),
  data: t.type({ patientId: PatientId, tell: t.boolean, at: IsoInstant }),
});

/** Which kind of time-limited "yes" ended. */
export const EndedConsent = t.keyof({ 'sharing-in': null, preference: null });

/**
 * The maintenance sweep found that a time-limited consent (a sharing-in consent, or an `allow`
 * preference; no `organisationId`: the one for all organisations) ended at `until`, and the
 * patient had asked to be told. The end itself needs no event: decisions read `until`.
 */
export const ConsentEndNoticed = t.type({
  type: t.literal('ConsentEndNoticed'),
  data: t.intersection([
    t.type({ patientId: PatientId, consent: EndedConsent, until: IsoInstant }),
    t.partial({ organisationId: OrganisationId }),
  ]),
});

/**
 * The sweep found that a proxy's grant (the one given at `grantedAt`) is no longer in force:
 * past its end date, or a parent's on the child's 16th birthday. No date of birth is recorded.
 */
export const ProxyEndNoticed = t.type({
  type: t.literal('ProxyEndNoticed'),
  data: t.type({
    patientId: PatientId,
    proxyId: ProxyId,
    relationship: ProxyRelationship,
    grantedAt: IsoInstant,
    reason: t.keyof({ ended: null, 'child-turned-sixteen': null }),
  }),
});

export const EndNoticeEvent = t.union([EndNoticesChosen, ConsentEndNoticed, ProxyEndNoticed]);
export type EndNoticeEvent = t.TypeOf<typeof EndNoticeEvent>;
