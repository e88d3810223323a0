import * as t from 'io-ts';
import { brandedString, isOpaqueId } from '../shared/brandedString.js';

export interface RelationshipIdBrand {
  readonly RelationshipId: unique symbol;
}
export const RelationshipId = brandedString<RelationshipIdBrand>(
  'RelationshipId',
  'a relationship id',
  isOpaqueId,
);
export type RelationshipId = t.TypeOf<typeof RelationshipId>;
