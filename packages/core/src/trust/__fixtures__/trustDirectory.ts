import * as E from 'fp-ts/lib/Either.js';
import type { Executed } from './trustExecuted.js';
import { stepsLog } from './trustFailure.js';
import type { Permit } from './trustPermits.js';
import { TrustViolation } from './trustStats.js';
import type { ActorStep } from './trustSteps.js';
import { nhsNumberOf, PATIENTS, type ActorKey, type PracticeKey } from './trustWorld.js';

/**
 * The rows of the actor × command table that grant no access but could be used to get it: the
 * directory is the host's alone, a patient is registered by the host or their own practice,
 * one patient per NHS number (also when two hosts register at once), and a record is opened
 * only on a permit.
 */
const digits = (nhsNumber: string): string => nhsNumber.replace(/\s/g, '');

/** What the table checks remember across a sequence. */
export interface TableState {
  /** NHS numbers (digits only) with a registered patient. */
  readonly registered: Set<string>;
  /** The permits core gave after the previous step. */
  permitsBefore: readonly Permit[];
}
export const initialTable = (): TableState => ({
  registered: new Set(Object.values(PATIENTS).map((p) => digits(p.nhsNumber))),
  permitsBefore: [],
});

const mayRegisterAt = (as: ActorKey, practice: PracticeKey): boolean =>
  as === 'system' || as === `practice-staff:${practice}`;

/** Why a command that succeeded should not have; undefined when it may. */
const breach = (
  step: ActorStep,
  executed: Executed,
  table: TableState,
  alone: boolean,
): string | undefined => {
  switch (step.do) {
    case 'registerOrganisation':
    case 'closeOrganisation':
      return step.as === 'system' ? undefined : `${step.as} changed the directory (${step.do})`;
    case 'registerPatient': {
      const nhs = digits(nhsNumberOf(step.nhs));
      if (!mayRegisterAt(step.as, step.practice))
        return `${step.as} registered a patient at ${step.practice}`;
      if (step.bornInFuture) return 'a patient born in the future was registered';
      if (table.registered.has(nhs))
        return `a second patient was registered with NHS number ${nhs}`;
      table.registered.add(nhs);
      return undefined;
    }
    case 'viewRecord': {
      if (!alone) return undefined;
      const permitted = table.permitsBefore.some(
        (p) => p.patient === step.patient && p.org === executed.org,
      );
      return permitted ? undefined : `${step.as} opened the record without a permit`;
    }
    default:
      return undefined;
  }
};

/** Checks the table's rows for a command that succeeded (`alone`: no other command ran at once). */
export const checkTable = (
  step: ActorStep,
  executed: Executed,
  table: TableState,
  log: readonly string[],
  alone: boolean,
): void => {
  if (E.isLeft(executed.result)) return;
  const why = breach(step, executed, table, alone);
  if (why !== undefined) throw new TrustViolation(`${why}\n${stepsLog(log)}`);
};
