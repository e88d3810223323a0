import * as t from 'io-ts';
import { brandedString, isOpaqueId } from '../../shared/brandedString.js';

export interface RelationshipIdBrand {
  readonly RelationshipId: unique symbol;
}
export const RelationshipId = brandedString<RelationshipIdBrand>(
  'RelationshipId',
  'a relationship id',
  isOpaqueId,
);
export type RelationshipId = t.TypeOf<typeof RelationshipId>;

/**
 * Where a care relationship came from: the organisation's own system feed (admissions,
 * bookings), a referral by the registered practice or another caring organisation, or a
 * claim made by hand by the organisation's staff (which raises a privacy-officer alert).
 */
export const CareSource = t.keyof({ feed: null, referral: null, 'self-claim': null });
export type CareSource = t.TypeOf<typeof CareSource>;
