import * as t from 'io-ts';
import { OrganisationId } from '../../organisation/codecs.js';
import { PatientId } from '../../patient/codecs.js';
import { Text } from '../../shared/brandedString.js';
import { CareSource, RelationshipId } from './codecs.js';

/** Schema version 2 added `selfClaimed` (see schema/upcasters.ts for reading version 1). */
export const CareRelationshipStarted = t.type({
  type: t.literal('CareRelationshipStarted'),
  data: t.intersection([
    t.type({
      patientId: PatientId,
      relationshipId: RelationshipId,
      organisationId: OrganisationId,
      selfClaimed: t.boolean,
    }),
    // Absent in events recorded before sources were named: `selfClaimed` says which it was.
    t.partial({ reason: Text, source: CareSource, referredBy: OrganisationId }),
  ]),
});

export const CareRelationshipEnded = t.type({
  type: t.literal('CareRelationshipEnded'),
  data: t.type({
    patientId: PatientId,
    relationshipId: RelationshipId,
    organisationId: OrganisationId,
  }),
});

export const ReviewOutcome = t.keyof({ appropriate: null, inappropriate: null });
export type ReviewOutcome = t.TypeOf<typeof ReviewOutcome>;

/** A privacy officer looked at a self-claimed relationship. */
export const CareRelationshipReviewed = t.type({
  type: t.literal('CareRelationshipReviewed'),
  data: t.intersection([
    t.type({
      patientId: PatientId,
      relationshipId: RelationshipId,
      organisationId: OrganisationId,
      outcome: ReviewOutcome,
    }),
    t.partial({ notes: Text }),
  ]),
});

export const CareEvent = t.union([
  CareRelationshipStarted,
  CareRelationshipEnded,
  CareRelationshipReviewed,
]);
export type CareEvent = t.TypeOf<typeof CareEvent>;
