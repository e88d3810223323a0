import * as t from 'io-ts';
import { Email, PatientId, UkMobile } from '../../patient/codecs.js';
import { IsoInstant } from '../../shared/brandedString.js';
import {
  CodesRecipient,
  EvidenceReference,
  ProxyId,
  ProxyRelationship,
  ProxyScope,
} from './codecs.js';

/** Input codecs of the proxy commands (docs/facade-api.md, "Proxies"); exact, like every input. */
export const GrantProxyInput = t.intersection([
  t.exact(
    t.type({
      patientId: PatientId,
      proxyId: ProxyId,
      relationship: ProxyRelationship,
      evidence: EvidenceReference,
    }),
  ),
  t.exact(
    t.partial({ scope: t.array(ProxyScope), until: IsoInstant, mobile: UkMobile, email: Email }),
  ),
]);
export const RevokeProxyInput = t.exact(t.type({ patientId: PatientId, proxyId: ProxyId }));
export const RecordCapacityInput = t.exact(
  t.type({ patientId: PatientId, lacksCapacity: t.boolean }),
);
export const ChooseCodesRecipientInput = t.intersection([
  t.exact(t.type({ patientId: PatientId, to: CodesRecipient })),
  t.exact(t.partial({ proxyId: ProxyId })),
]);
