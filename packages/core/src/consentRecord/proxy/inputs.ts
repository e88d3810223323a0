import * as t from 'io-ts';
import { Email, PatientId, UkMobile } from '../../patient/codecs.js';
import { IsoInstant } from '../../shared/brandedString.js';
import { strictType } from '../../shared/strictType.js';
import {
  CodesRecipient,
  EvidenceReference,
  ProxyId,
  ProxyRelationship,
  ProxyScope,
} from './codecs.js';

/** Input codecs of the proxy commands (docs/facade-api.md, "Proxies"); strict, like every input. */
export const GrantProxyInput = strictType(
  'GrantProxy',
  {
    patientId: PatientId,
    proxyId: ProxyId,
    relationship: ProxyRelationship,
    evidence: EvidenceReference,
  },
  { scope: t.array(ProxyScope), until: IsoInstant, mobile: UkMobile, email: Email },
);
export const RevokeProxyInput = strictType(
  'RevokeProxy',
  { patientId: PatientId, proxyId: ProxyId },
  {},
);
export const RecordCapacityInput = strictType(
  'RecordCapacity',
  { patientId: PatientId, lacksCapacity: t.boolean },
  {},
);
export const ChooseCodesRecipientInput = strictType(
  'ChooseCodesRecipient',
  { patientId: PatientId, to: CodesRecipient },
  { proxyId: ProxyId },
);
