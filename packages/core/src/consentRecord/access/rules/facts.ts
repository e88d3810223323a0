import type { ConsentRecordState } from '../../state.js';
import type { OrganisationState } from '../../../organisation/state.js';
import type { PatientState } from '../../../patient/state.js';
import type { PracticeListsState } from '../../../practiceLists/state.js';
import type { Purpose } from '../codecs.js';

/** Everything the access decision reads: current state, folded from events. */
export interface AccessFacts {
  readonly organisation: OrganisationState;
  readonly patient: PatientState;
  /** The lists of the patient's registered practice. */
  readonly practiceLists: PracticeListsState;
  readonly record: ConsentRecordState;
}

export interface AccessAsk {
  readonly organisationId: string;
  readonly purpose: Purpose;
  readonly justification?: string | undefined;
  readonly now: Date;
  /**
   * Leave open emergency windows out (rule 3 for break-glass now still applies): the trust
   * rules ask what the decision would be on the patient's choices alone.
   */
  readonly ignoreEmergencyWindows?: boolean;
}

export interface AccessPolicy {
  readonly emergencyWindowHours: number;
  /** When false, a patient's dissent for O also stops emergency access. */
  readonly emergencyOverridesDissent: boolean;
}
