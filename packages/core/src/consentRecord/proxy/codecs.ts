import * as t from 'io-ts';
import { brandedString, boundedText, isOpaqueId } from '../../shared/brandedString.js';

export interface ProxyIdBrand {
  readonly ProxyId: unique symbol;
}
/** A proxy's own id: a person, never a patient id or an organisation id taken over. */
export const ProxyId = brandedString<ProxyIdBrand>('ProxyId', 'a proxy id', isOpaqueId);
export type ProxyId = t.TypeOf<typeof ProxyId>;

export const ProxyRelationship = t.keyof({
  parent: null,
  carer: null,
  'lasting-power-of-attorney': null,
  'court-appointed-deputy': null,
});
export type ProxyRelationship = t.TypeOf<typeof ProxyRelationship>;

/** What a proxy may do for the patient (the table in docs/facade-api.md, "Proxies"). */
export const ProxyScope = t.keyof({
  'manage-sharing': null,
  'receive-codes': null,
  'see-access-history': null,
});
export type ProxyScope = t.TypeOf<typeof ProxyScope>;
export const ALL_SCOPES: readonly ProxyScope[] = [
  'manage-sharing',
  'receive-codes',
  'see-access-history',
];

/** The evidence the practice checked, as a reference (never the document itself). */
export const EvidenceReference = boundedText('EvidenceReference', 200);
export type EvidenceReference = t.TypeOf<typeof EvidenceReference>;

/** Who granted or revoked: the registered practice, or the patient themself (when they have capacity). */
export const ProxyGrantor = t.keyof({ practice: null, patient: null });
export type ProxyGrantor = t.TypeOf<typeof ProxyGrantor>;

/** Where verification codes go: the patient, a proxy with `receive-codes`, or both. */
export const CodesRecipient = t.keyof({ patient: null, proxy: null, both: null });
export type CodesRecipient = t.TypeOf<typeof CodesRecipient>;
