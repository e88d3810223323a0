import type { OrganisationId } from '../../organisation/codecs.js';
import type { PatientId } from '../../patient/codecs.js';
import type { Text } from '../../shared/brandedString.js';
import type { CareSource, RelationshipId } from './codecs.js';
import type { ReviewOutcome } from './events.js';

export type CareCommand =
  | {
      readonly type: 'StartCare';
      readonly data: {
        readonly patientId: PatientId;
        readonly relationshipId: RelationshipId;
        readonly organisationId: OrganisationId;
        readonly selfClaimed: boolean;
        readonly source: CareSource;
        readonly referredBy?: OrganisationId;
        readonly reason?: Text;
      };
    }
  | {
      readonly type: 'EndCare';
      readonly data: { readonly patientId: PatientId; readonly organisationId: OrganisationId };
    }
  | {
      readonly type: 'ReviewRelationship';
      readonly data: {
        readonly patientId: PatientId;
        readonly relationshipId: RelationshipId;
        readonly outcome: ReviewOutcome;
        readonly notes?: Text;
      };
    };
