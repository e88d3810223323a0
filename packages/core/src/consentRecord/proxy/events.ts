import * as t from 'io-ts';
import { Email, PatientId, UkMobile } from '../../patient/codecs.js';
import { erasable } from '../../personalData/erasable.js';
import { IsoInstant } from '../../shared/brandedString.js';
import {
  CodesRecipient,
  EvidenceReference,
  ProxyGrantor,
  ProxyId,
  ProxyRelationship,
  ProxyScope,
} from './codecs.js';

/**
 * Granted, or changed (a grant again replaces the earlier one). `grantedAt` is the instant of
 * the grant: a parent's access outlives the child's 16th birthday only when the practice
 * granted it on or after that birthday. `mobile`/`email` are the proxy's own contact details,
 * sealed under the proxy's own key (docs/personal-data.md).
 */
export const ProxyGranted = t.type({
  type: t.literal('ProxyGranted'),
  data: t.intersection([
    t.type({
      patientId: PatientId,
      proxyId: ProxyId,
      relationship: ProxyRelationship,
      evidence: EvidenceReference,
      scope: t.array(ProxyScope),
      grantedBy: ProxyGrantor,
      grantedAt: IsoInstant,
    }),
    t.partial({ until: IsoInstant, mobile: erasable(UkMobile), email: erasable(Email) }),
  ]),
});

export const ProxyRevoked = t.type({
  type: t.literal('ProxyRevoked'),
  data: t.type({ patientId: PatientId, proxyId: ProxyId, revokedBy: ProxyGrantor }),
});

/** The practice records whether the patient lacks capacity to make these choices. */
export const PatientCapacityRecorded = t.type({
  type: t.literal('PatientCapacityRecorded'),
  data: t.type({ patientId: PatientId, lacksCapacity: t.boolean }),
});

/** Where codes go; `proxyId` names the proxy for `proxy` and `both`. */
export const CodesRecipientChosen = t.type({
  type: t.literal('CodesRecipientChosen'),
  data: t.intersection([
    t.type({ patientId: PatientId, to: CodesRecipient }),
    t.partial({ proxyId: ProxyId }),
  ]),
});

export const ProxyEvent = t.union([
  ProxyGranted,
  ProxyRevoked,
  PatientCapacityRecorded,
  CodesRecipientChosen,
]);
export type ProxyEvent = t.TypeOf<typeof ProxyEvent>;
