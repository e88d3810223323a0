// Full commands through the facade on a SQLite store: each setSharingPreference reads the
// patient's consent stream, decides, and appends at the version it read.
import Database from 'better-sqlite3';
import { createConsentry, keyringFromSecrets, systemClock } from '@consentry/core';
import { capturingNotifier } from '@consentry/core/testing';
import { sqliteEventStore } from '../dist/index.js';

const ok = async (task, what) => {
  const result = await task();
  if (result._tag === 'Left') throw new Error(`${what}: ${JSON.stringify(result.left)}`);
  return result.right;
};

/** A valid NHS number (modulus 11) from a serial number. */
const nhsNumber = (serial) => {
  for (let n = serial; ; n++) {
    const digits = String(400_000_000 + n)
      .split('')
      .map(Number);
    const check = 11 - (digits.reduce((sum, d, i) => sum + d * (10 - i), 0) % 11);
    if (check !== 10) return digits.join('') + String(check % 11);
  }
};

const system = { actor: { kind: 'system', id: 'bench' } };

/**
 * Registers `patients` patients, then times `commands` sharing preference commands with
 * `timer`, issued by `callers` concurrent loops (caller c sends commands c, c + callers, …).
 */
export const facadeCommands = async (file, synchronous, patients, commands, timer, callers = 1) => {
  const db = new Database(file);
  const opened = sqliteEventStore(db, { synchronous });
  if (opened._tag === 'Left') throw new Error(opened.left.message);
  const keyring = keyringFromSecrets({
    currentKeyId: 'k1',
    keys: { k1: 'a bench secret that is at least 32 bytes long' },
  });
  if (keyring._tag === 'Left') throw new Error(keyring.left);
  const consentry = createConsentry({
    eventStore: opened.right,
    notifier: capturingNotifier(),
    clock: systemClock,
    keyring: keyring.right,
  });
  const organisation = (organisationId, kind) =>
    ok(
      consentry.registerOrganisation(
        {
          organisationId,
          odsCode: `B${organisationId.length}1`,
          name: organisationId,
          kind,
          area: 'leicestershire',
        },
        system,
      ),
      'organisation',
    );
  await organisation('bench-practice', 'gp-practice');
  await organisation('bench-hospital', 'hospital');
  let serial = 0;
  for (let p = 0; p < patients; p++) {
    const nhs = nhsNumber(serial);
    serial = Number(nhs.slice(0, 9)) - 400_000_000 + 1;
    await ok(
      consentry.registerPatient(
        {
          patientId: `patient-${p}`,
          nhsNumber: nhs,
          name: `Patient ${p}`,
          dateOfBirth: '1980-02-03',
          homeArea: 'leicestershire',
          practiceId: 'bench-practice',
        },
        system,
      ),
      'patient',
    );
  }
  // `callers` loops run at once (as many HTTP requests would), each on its own patients, so
  // they never conflict; the store may group their appends into shared commits.
  const command = async (i) => {
    const patientId = `patient-${i % patients}`;
    const preference = Math.floor(i / patients) % 2 === 0 ? 'deny' : 'allow';
    const receipt = await ok(
      consentry.setSharingPreference(
        { patientId, organisationId: 'bench-hospital', preference, setBy: 'patient' },
        { actor: { kind: 'patient', id: patientId } },
      ),
      'setSharingPreference',
    );
    if (receipt.appended < 1) throw new Error('a command appended nothing');
  };
  const caller = async (c) => {
    for (let i = c; i < commands; i += callers) await command(i);
  };
  const stop = timer();
  await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
  const rates = stop(commands);
  await opened.right.close();
  db.close();
  return rates;
};
