import type { Consentry } from '../../../application/api.js';
import type { CapturingNotifier } from '../../capturingNotifier.js';
import type { ManualClock } from '../../manualClock.js';
import type { ParsedScenario } from '../load.js';
import type { RecordEntryMeta } from '../../../record/visibility.js';

/** Everything a running scenario needs. */
export interface World {
  readonly scenario: ParsedScenario;
  readonly consentry: Consentry;
  readonly notifier: CapturingNotifier;
  /** Starts at the scenario's `start` and moves only on `wait`. */
  readonly clock: ManualClock;
  /** Every mobile and e-mail address each patient has had, as Consentry stores them. */
  readonly addresses: Map<string, Set<string>>;
  /** The registered practice of each patient a `registerPatient` step registered. */
  readonly practices: Map<string, string>;
  /** The kind of each organisation a `registerOrganisation` step registered. */
  readonly organisationKinds: Map<string, string>;
  /** Each patient's record entries (`recordEntry`): the record is not Consentry's, so the world holds it. */
  readonly entries: Map<string, RecordEntryMeta[]>;
}

/** Messages the patient has been sent so far, on any address they have had (docs/scenarios.md `notifications`). */
export const messagesTo = (world: World, patientId: string) => {
  const known = world.addresses.get(patientId) ?? new Set<string>();
  return world.notifier.sent().filter((message) => known.has(message.to));
};

/** Remembers the patient's current addresses, read back from Consentry (normalised as messages use them). */
export const rememberAddresses = async (world: World, patientId: string): Promise<void> => {
  const details = await world.consentry.patient({ patientId })();
  if (details._tag === 'Left') return;
  const known = world.addresses.get(patientId) ?? new Set<string>();
  for (const address of [details.right.mobile, details.right.email])
    if (address !== undefined) known.add(address);
  world.addresses.set(patientId, known);
};
