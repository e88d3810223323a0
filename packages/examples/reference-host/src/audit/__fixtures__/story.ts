import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  createConsentry,
  keyringFromSecrets,
  uuidV7Ids,
  writeCheckpoint,
  type EventStore,
} from '@consentry/core';
import {
  ALICE_MOBILE,
  capturingNotifier,
  expectRight,
  feedOf,
  manualClock,
  patientActor,
  registerTestWorld,
  staffOf,
  systemActor,
} from '@consentry/core/testing';

export const ALICE_NHS = '9434765919';
export const checkpointKeys = generateKeyPairSync('ed25519');
export const publicKeys: ReadonlyMap<string, KeyObject> = new Map([
  ['test-key', checkpointKeys.publicKey],
]);

/**
 * A small fixed-time story on any store, in core's test world (docs/testing.md): Alice
 * (Leicestershire) is admitted (each hospital's own system feed records the care) and asked
 * about in person by the local hospital (09:05, consents), verified by code for the Cornwall
 * hospital (10:00), which opens her record; the next day she refuses Cornwall. A checkpoint is signed at the
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
    await expectRight(writeCheckpoint({ eventStore, key, clock, ids: uuidV7Ids }), 'checkpoint');
  };
  // An organisation's own system feed (admissions): care it records raises no alert.
  const feed = (organisationId: string, reason: string) =>
    feedOf(organisationId, `${organisationId}-pas`, reason);
  const alice = patientActor('alice');
  await registerTestWorld(consentry, { patients: ['alice'], system: systemActor('setup') });

  clock.advanceMinutes(5); // 09:05 the local hospital asks her in person
  const local = { patientId: 'alice', organisationId: 'leic-hospital' };
  const nurse = staffOf('leic-hospital', 'nurse-patel', 'outpatient clinic');
  await expectRight(
    consentry.startCare(
      { ...local, reason: 'outpatient clinic' },
      feed('leic-hospital', 'outpatient clinic'),
    ),
  );
  await expectRight(consentry.requestAccess(local, nurse));
  await expectRight(consentry.recordInPersonAnswer({ ...local, answer: 'consent' }, nurse));

  clock.advanceMinutes(55); // 10:00 on holiday in Cornwall
  const away = { patientId: 'alice', organisationId: 'cornwall-hospital' };
  const doctor = staffOf('cornwall-hospital', 'dr-penrose', 'A&E attendance');
  await expectRight(
    consentry.startCare(
      { ...away, reason: 'A&E attendance' },
      feed('cornwall-hospital', 'A&E attendance'),
    ),
  );
  await expectRight(consentry.requestAccess(away, doctor));
  clock.advanceMinutes(2);
  await expectRight(
    consentry.enterCode({ ...away, code: notifier.lastCodeFor(ALICE_MOBILE) ?? '' }, doctor),
  );
  await expectRight(consentry.viewRecord(away, doctor));
  clock.set('2026-07-01T18:00:00Z');
  await sign();

  // The next day at 09:00 she stops sharing with the Cornwall hospital.
  clock.advanceMinutes(15 * 60);
  await expectRight(
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
  await expectRight(consentry.requestAccess(away, doctor));
  await sign();
};
