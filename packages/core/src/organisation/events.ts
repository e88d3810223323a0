import * as t from 'io-ts';
import { Area, OdsCode, OrganisationId, OrganisationKind, OrganisationName } from './codecs.js';

export const OrganisationRegistered = t.type({
  type: t.literal('OrganisationRegistered'),
  data: t.type({
    organisationId: OrganisationId,
    odsCode: OdsCode,
    name: OrganisationName,
    kind: OrganisationKind,
    area: Area,
  }),
});

export const OrganisationClosed = t.type({
  type: t.literal('OrganisationClosed'),
  data: t.type({ organisationId: OrganisationId }),
});

export const OrganisationEvent = t.union([OrganisationRegistered, OrganisationClosed]);
export type OrganisationEvent = t.TypeOf<typeof OrganisationEvent>;
