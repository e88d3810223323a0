import * as E from 'fp-ts/lib/Either.js';
import {
  createConsentry,
  keyringFromSecrets,
  systemClock,
  type CommandContext,
  type Consentry,
  type EventStore,
} from '@consentry/core';
import { capturingNotifier } from '@consentry/core/testing';
import { throughput, type Measured } from './measure.js';

const system: CommandContext = { actor: { kind: 'system', id: 'bench' } };

const must = async <A>(task: () => Promise<E.Either<{ _tag: string }, A>>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`facade bench setup: ${JSON.stringify(result.left)}`);
  return result.right;
};

/** A valid NHS number (modulus 11) from a counter. */
const nhsNumber = (n: number): string => {
  for (let k = n; ; k += 7919) {
    const digits = String(100_000_000 + (k % 900_000_000))
      .split('')
      .map(Number);
    const check = 11 - (digits.reduce((sum, d, i) => sum + d * (10 - i), 0) % 11);
    if (check === 10) continue;
    return `${digits.join('')}${check === 11 ? 0 : check}`;
  }
};

/**
 * `requestAccess` commands per second through the facade (each reads the patient's stream,
 * decides, and appends the request and its permit), by `workers` concurrent callers, each
 * on its own patients (a local hospital the patient allows).
 */
export const facadeCommands = async (
  eventStore: EventStore,
  workers: number,
  seconds: number,
  run: number,
): Promise<Measured> => {
  const keyring = keyringFromSecrets({
    currentKeyId: 'k1',
    keys: { k1: 'bench-key-0123456789-0123456789-0123456789' },
  });
  if (E.isLeft(keyring)) throw new Error(keyring.left);
  const consentry: Consentry = createConsentry({
    eventStore,
    notifier: capturingNotifier(),
    clock: systemClock,
    keyring: keyring.right,
  });
  const practice = `bench-practice-${run}`;
  const hospital = `bench-hospital-${run}`;
  const staff: CommandContext = {
    actor: { kind: 'organisation-staff', id: 'clin', organisationId: hospital },
  };
  await must(
    consentry.registerOrganisation(
      {
        organisationId: practice,
        odsCode: 'B81001',
        name: 'Bench practice',
        kind: 'gp-practice',
        area: 'leicestershire',
      },
      system,
    ),
  );
  await must(
    consentry.registerOrganisation(
      {
        organisationId: hospital,
        odsCode: 'RX1',
        name: 'Bench hospital',
        kind: 'hospital',
        area: 'leicestershire',
      },
      system,
    ),
  );
  const patients = Array.from({ length: workers * 4 }, (_, i) => `bench-${run}-${i}`);
  await Promise.all(
    patients.map(async (patientId, i) => {
      await must(
        consentry.registerPatient(
          {
            patientId,
            nhsNumber: nhsNumber(run * 100_003 + i * 1009),
            name: `Patient ${i}`,
            dateOfBirth: '1980-01-01',
            homeArea: 'leicestershire',
            practiceId: practice,
          },
          system,
        ),
      );
      await must(
        consentry.startCare(
          { patientId, organisationId: hospital },
          { actor: { kind: 'organisation-system', id: 'bench-feed', organisationId: hospital } },
        ),
      );
      await must(
        consentry.setSharingPreference(
          { patientId, organisationId: hospital, preference: 'allow', setBy: 'patient' },
          { actor: { kind: 'patient', id: patientId } },
        ),
      );
    }),
  );
  return throughput(workers, seconds * 1000, async (worker, n) => {
    const patientId = patients[worker * 4 + (n % 4)] as string;
    const decided = await must(
      consentry.requestAccess({ patientId, organisationId: hospital }, staff),
    );
    if (decided.outcome !== 'permit')
      throw new Error(`facade bench: expected a permit, got ${decided.outcome}`);
    return 1;
  });
};
