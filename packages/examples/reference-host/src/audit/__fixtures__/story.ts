import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  createConsentry,
  keyringFromSecrets,
  uuidV7Ids,
  writeCheckpoint,
  type CommandContext,
  type ConsentryError,
  type EventStore,
} from '@consentry/core';
import { capturingNotifier, manualClock } from '@consentry/core/testing';

const must = async <A>(
  task: () => Promise<{ _tag: 'Left'; left: ConsentryError } | { _tag: 'Right'; right: A }>,
): Promise<A> => {
  const result = await task();
  if (result._tag === 'Left') throw new Error(`${result.left._tag}: ${result.left.message}`);
  return result.right;
};

export const ALICE_NHS = '9434765919';
export const checkpointKeys = generateKeyPairSync('ed25519');
export const publicKeys: ReadonlyMap<string, KeyObject> = new Map([
  ['test-key', checkpointKeys.publicKey],
]);

/**
 * A small fixed-time story on any store: Alice (Leicestershire) is admitted (each hospital's
 * own system feed records the care) and asked about in person by the local hospital (09:05,
 * consents), verified by code for the Cornwall hospital (10:00),
 * which opens her record; the next day she refuses Cornwall. A checkpoint is signed at the
 * end of each day when `checkpoints` is set.
 */
export const tellStory = async (eventStore: EventStore, checkpoints = true): Promise<void> => {
  const keyring = keyringFromSecrets({
    currentKeyId: 'k1',
    keys: { k1: 'audit story key, long enough to be a real key' },
  });
  if (keyring._tag === 'Left') throw new Error(keyring.left);
  const notifier = capturingNotifier();
  const clock = manualClock('2026-07-01T09:00:00Z');
  const consentry = createConsentry({ eventStore, notifier, clock, keyring: keyring.right });
  const sign = async (): Promise<void> => {
    if (!checkpoints) return;
    const key = { keyId: 'test-key', privateKey: checkpointKeys.privateKey };
    const result = await writeCheckpoint({ eventStore, key, clock, ids: uuidV7Ids })();
    if (result._tag === 'Left') throw new Error(result.left.message);
  };
  const system: CommandContext = { actor: { kind: 'system', id: 'setup' } };
  const staff = (organisationId: string, id: string, reason?: string): CommandContext => ({
    actor: { kind: 'organisation-staff', id, organisationId },
    ...(reason === undefined ? {} : { reason }),
  });
  // An organisation's own system feed (admissions): care it records raises no alert.
  const feed = (organisationId: string, reason: string): CommandContext => ({
    actor: { kind: 'organisation-system', id: `${organisationId}-pas`, organisationId },
    reason,
  });
  const alice: CommandContext = { actor: { kind: 'patient', id: 'alice' } };
  const org = (
    organisationId: string,
    odsCode: string,
    name: string,
    kind: 'gp-practice' | 'hospital',
    area: string,
  ) => must(consentry.registerOrganisation({ organisationId, odsCode, name, kind, area }, system));
  await org('leic-practice', 'C82001', 'Wigston Lane Surgery', 'gp-practice', 'leicestershire');
  await org('leic-hospital', 'RWE01', 'Leicester Royal Infirmary', 'hospital', 'leicestershire');
  await org('cornwall-hospital', 'REF01', 'Royal Cornwall Hospital', 'hospital', 'cornwall');
  await must(
    consentry.registerPatient(
      {
        patientId: 'alice',
        nhsNumber: ALICE_NHS,
        name: 'Alice Smith',
        dateOfBirth: '1980-02-03',
        homeArea: 'leicestershire',
        practiceId: 'leic-practice',
      },
      system,
    ),
  );
  await must(consentry.recordContactDetails({ patientId: 'alice', mobile: '07700 900123' }, alice));

  clock.advanceMinutes(5); // 09:05 the local hospital asks her in person
  const local = { patientId: 'alice', organisationId: 'leic-hospital' };
  const nurse = staff('leic-hospital', 'nurse-patel', 'outpatient clinic');
  await must(
    consentry.startCare(
      { ...local, reason: 'outpatient clinic' },
      feed('leic-hospital', 'outpatient clinic'),
    ),
  );
  await must(consentry.requestAccess(local, nurse));
  await must(consentry.recordInPersonAnswer({ ...local, answer: 'consent' }, nurse));

  clock.advanceMinutes(55); // 10:00 on holiday in Cornwall
  const away = { patientId: 'alice', organisationId: 'cornwall-hospital' };
  const doctor = staff('cornwall-hospital', 'dr-penrose', 'A&E attendance');
  await must(
    consentry.startCare(
      { ...away, reason: 'A&E attendance' },
      feed('cornwall-hospital', 'A&E attendance'),
    ),
  );
  await must(consentry.requestAccess(away, doctor));
  clock.advanceMinutes(2);
  await must(
    consentry.enterCode({ ...away, code: notifier.lastCodeFor('+447700900123') ?? '' }, doctor),
  );
  await must(consentry.viewRecord(away, doctor));
  clock.set('2026-07-01T18:00:00Z');
  await sign();

  // The next day at 09:00 she stops sharing with the Cornwall hospital.
  clock.advanceMinutes(15 * 60);
  await must(
    consentry.setSharingPreference(
      {
        patientId: 'alice',
        organisationId: 'cornwall-hospital',
        preference: 'deny',
        setBy: 'patient',
      },
      alice,
    ),
  );
  clock.advanceMinutes(60);
  await must(consentry.requestAccess(away, doctor));
  await sign();
};
