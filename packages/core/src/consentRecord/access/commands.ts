import type { OrganisationId } from '../../organisation/codecs.js';
import type { PatientId } from '../../patient/codecs.js';
import type { Text } from '../../shared/brandedString.js';
import type { ReviewOutcome } from '../care/events.js';
import type { Purpose, RequestId } from './codecs.js';
import type { AccessDecision } from './rules/decision.js';

interface Request {
  readonly patientId: PatientId;
  readonly requestId: RequestId;
  readonly organisationId: OrganisationId;
}

export type AccessCommand =
  /** Records a request with the decision `decideAccess` made on the same state. */
  | {
      readonly type: 'RecordAccessRequest';
      readonly data: Request & {
        readonly purpose: Purpose;
        readonly justification?: Text;
        readonly decision: AccessDecision;
        /** Id for the emergency, used when the decision is an emergency permit. */
        readonly emergencyId: RequestId;
      };
    }
  /** The patient answered a pending request (code, portal): grant or refuse it. */
  | {
      readonly type: 'ConcludeRequest';
      readonly data: Request & {
        readonly answer: 'verified-code' | 'approved-online' | 'refused-online';
        readonly trail: readonly import('./rules/decision.js').RuleStep[];
      };
    }
  | {
      readonly type: 'ViewRecord';
      readonly data: {
        readonly patientId: PatientId;
        readonly organisationId: OrganisationId;
        readonly decision: AccessDecision;
      };
    }
  | {
      readonly type: 'ReviewEmergency';
      readonly data: {
        readonly patientId: PatientId;
        readonly emergencyId: RequestId;
        readonly outcome: ReviewOutcome;
        readonly notes?: Text;
      };
    };
