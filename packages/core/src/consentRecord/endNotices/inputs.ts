import * as t from 'io-ts';
import { PatientId } from '../../patient/codecs.js';
import { strictType } from '../../shared/strictType.js';

/** Whether the patient is told when their time-limited consents end (docs/facade-api.md). */
export const ChooseEndNoticesInput = strictType(
  'ChooseEndNotices',
  { patientId: PatientId, tell: t.boolean },
  {},
);

/** The maintenance sweep takes no input. */
export const RunMaintenanceInput = strictType('RunMaintenance', {}, {});

/** What one sweep did: counts only, no personal data. */
export interface MaintenanceReport {
  /** Patients the sweep looked at (those the read model says may have an ending due). */
  readonly patientsChecked: number;
  /** Patients with at least one notice recorded by this sweep. */
  readonly patientsNoticed: number;
  readonly consentEndsNoticed: number;
  readonly proxyEndsNoticed: number;
  /** Messages owed by this sweep's notices that did not go out (see `Receipt.undelivered`). */
  readonly undelivered: number;
  /** Patients left out: deregistered, dead, or erased since (nothing is sent to them). */
  readonly skipped: number;
}

/** The patient's choice as it stands (the `endNotices` query). */
export interface EndNoticesView {
  readonly patientId: string;
  /** True when the patient is told when their time-limited consents end. */
  readonly tell: boolean;
  /** When they last asked to be told. */
  readonly askedAt?: string;
}
