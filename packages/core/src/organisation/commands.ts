import type {
  Area,
  OdsCode,
  OrganisationId,
  OrganisationKind,
  OrganisationName,
} from './codecs.js';

export type OrganisationCommand =
  | {
      readonly type: 'RegisterOrganisation';
      readonly data: {
        readonly organisationId: OrganisationId;
        readonly odsCode: OdsCode;
        readonly name: OrganisationName;
        readonly kind: OrganisationKind;
        readonly area: Area;
      };
    }
  | { readonly type: 'CloseOrganisation'; readonly data: Record<string, never> };
