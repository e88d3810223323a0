import * as t from 'io-ts';
import { boundedText, brandedString, isOpaqueId } from '../shared/brandedString.js';

export interface OrganisationIdBrand {
  readonly OrganisationId: unique symbol;
}
export const OrganisationId = brandedString<OrganisationIdBrand>(
  'OrganisationId',
  'an id of letters, digits, ".", "_", "~" or "-" (at most 64)',
  isOpaqueId,
);
export type OrganisationId = t.TypeOf<typeof OrganisationId>;

export interface OdsCodeBrand {
  readonly OdsCode: unique symbol;
}
/** The NHS Organisation Data Service code (e.g. `C82001`, `RWE`), upper-cased. */
export const OdsCode = brandedString<OdsCodeBrand>(
  'OdsCode',
  'an ODS code of 3 to 10 letters and digits',
  (s) => /^[A-Z0-9]{3,10}$/.test(s),
  (s) => s.trim().toUpperCase(),
);
export type OdsCode = t.TypeOf<typeof OdsCode>;

export const OrganisationKind = t.keyof({
  'gp-practice': null,
  hospital: null,
  'urgent-care': null,
  community: null,
  physiotherapy: null,
  'social-care': null,
  pharmacy: null,
  other: null,
});
export type OrganisationKind = t.TypeOf<typeof OrganisationKind>;

export interface AreaBrand {
  readonly Area: unique symbol;
}
/** The locality that decides "close to home", e.g. `leicestershire` (lower-case, dashes). */
export const Area = brandedString<AreaBrand>(
  'Area',
  'an area name of lower-case letters, digits and dashes, e.g. leicestershire',
  (s) => /^[a-z][a-z0-9-]{0,63}$/.test(s),
  (s) => s.trim().toLowerCase().replace(/\s+/g, '-'),
);
export type Area = t.TypeOf<typeof Area>;

export const OrganisationName = boundedText('OrganisationName', 200);
export type OrganisationName = t.TypeOf<typeof OrganisationName>;
