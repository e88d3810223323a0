import * as t from 'io-ts';
import { brandedString, isOpaqueId } from '../../shared/brandedString.js';

/** `TREAT` direct care, `ETREAT` emergency (break-glass). */
export const Purpose = t.keyof({ TREAT: null, ETREAT: null });
export type Purpose = t.TypeOf<typeof Purpose>;

export interface RequestIdBrand {
  readonly RequestId: unique symbol;
}
export const RequestId = brandedString<RequestIdBrand>('RequestId', 'a request id', isOpaqueId);
export type RequestId = t.TypeOf<typeof RequestId>;

export const PermitBasis = t.keyof({
  'registered-practice': null,
  emergency: null,
  'patient-consent': null,
  'sharing-in-consent': null,
  'verified-code': null,
  'approved-online': null,
});
export type PermitBasis = t.TypeOf<typeof PermitBasis>;

export const DenyReason = t.keyof({
  'unknown-organisation': null,
  'unknown-patient': null,
  'no-care-relationship': null,
  'organisation-prohibited': null,
  'patient-dissent': null,
  'no-verification-channel': null,
  // The patient was deregistered or has died: no new access but the practice's.
  'record-closed': null,
});
export type DenyReason = t.TypeOf<typeof DenyReason>;

export const Outcome = t.keyof({ permit: null, deny: null, verify: null, 'ask-patient': null });
export type Outcome = t.TypeOf<typeof Outcome>;
