import * as E from 'fp-ts/lib/Either.js';
import { createHmac } from 'node:crypto';
import type { CommandContext, Consentry, ConsentryError, Keyring } from '@consentry/core';
import type { HostDb } from '../host/hostDb.js';
import type { SharedRecords } from '../host/records.js';
import { hashPassword } from '../security/passwords.js';
import {
  DEMO_PASSWORD,
  demoOrganisations,
  demoPatients,
  demoRecordEntries,
  demoStaff,
} from './data.js';

export interface DemoTarget {
  readonly consentry: Consentry;
  readonly hostDb: HostDb;
  readonly records: SharedRecords;
  readonly keyring: Keyring;
}

// The host itself registers the organisations and patients (core's `system`: registration only).
const system: CommandContext = {
  actor: { kind: 'system', id: 'consentry-demo' },
  reason: 'demonstration data',
};
// A patient's starting details are the practice's to record, as its staff would at registration.
const practice: CommandContext = {
  actor: { kind: 'practice-staff', id: 'consentry-demo', organisationId: 'leic-practice' },
  reason: 'demonstration data',
};

/** Runs a command; `Conflict` means "already there" (the seed was run before). Other errors stop the seed. */
const once = async (
  task: () => Promise<E.Either<ConsentryError, unknown>>,
): Promise<'created' | 'existing'> => {
  const result = await task();
  if (E.isRight(result)) return 'created';
  if (result.left._tag === 'Conflict') return 'existing';
  throw new Error(`demo seed failed: ${result.left._tag}: ${result.left.message}`);
};

/** The demo API token of an organisation: derived from the keyring, so re-seeding gives the same token. */
export const demoApiToken = (keyring: Keyring, organisationId: string): string =>
  createHmac('sha256', keyring.current().secret)
    .update(`consentry-demo-api-token:${organisationId}`)
    .digest('base64url');

/** Seeds the demo world. Safe to repeat: what exists is left as it is, nothing is duplicated. */
export const seedDemo = async (
  target: DemoTarget,
  options: { readonly passwordCost?: { readonly N: number } } = {},
): Promise<{ created: number; existing: number }> => {
  const { consentry } = target;
  const outcomes: ('created' | 'existing')[] = [];
  for (const organisation of demoOrganisations)
    outcomes.push(await once(consentry.registerOrganisation(organisation, system)));
  for (const patient of demoPatients) {
    const { contact, portal, ...details } = patient;
    const registered = await once(
      consentry.registerPatient(
        { ...details, homeArea: 'leicestershire', practiceId: 'leic-practice' },
        system,
      ),
    );
    outcomes.push(registered);
    if (registered === 'existing') continue;
    // Only a new patient gets their starting details: a re-seed must not undo what the demo user changed.
    if (contact !== null)
      await once(
        consentry.recordContactDetails({ patientId: patient.patientId, ...contact }, practice),
      );
    if (portal) await once(consentry.enrolPortal({ patientId: patient.patientId }, practice));
    await once(
      consentry.recordSharingOutConsent(
        { patientId: patient.patientId, organisationId: 'leic-practice', answer: 'consent' },
        practice,
      ),
    );
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD, options.passwordCost);
  for (const staff of demoStaff) {
    if ((await target.hostDb.findAccount(staff.username)) === undefined)
      await target.hostDb.upsertAccount({ ...staff, passwordHash });
  }
  await target.hostDb.addApiToken(demoApiToken(target.keyring, 'cornwall-hospital'), {
    organisationId: 'cornwall-hospital',
    label: 'demo',
  });
  for (const entry of demoRecordEntries) await target.records.add(entry);
  return {
    created: outcomes.filter((o) => o === 'created').length,
    existing: outcomes.filter((o) => o === 'existing').length,
  };
};

/** What a newcomer needs to try the demo, printed by `consentry demo` and `consentry serve --demo`. */
export const demoSignInText = (keyring: Keyring): string =>
  [
    '',
    'Demo sign-ins (development only):',
    `  Staff — password for every account: ${DEMO_PASSWORD}`,
    ...demoStaff.map((s) => `    ${s.username.padEnd(11)} ${s.displayName}`),
    '  Patients — NHS number and date of birth; the code appears at /dev/outbox',
    ...demoPatients.map(
      (p) =>
        `    ${p.name.padEnd(12)} NHS number ${p.nhsNumber}, born ${p.dateOfBirth}${p.contact === null ? ' (no contact details: cannot sign in)' : ''}`,
    ),
    `  API token for Cornwall Coast Hospital: ${demoApiToken(keyring, 'cornwall-hospital')}`,
    '',
  ].join('\n');
