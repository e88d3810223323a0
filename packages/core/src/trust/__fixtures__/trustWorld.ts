import { expectRight } from '../../testing/expectEither.js';
import type { Consentry } from '../../application/api.js';
import { createConsentry } from '../../application/createConsentry.js';
import { testKeyring } from '../../application/__fixtures__/world.js';
import type { CommandContext } from '../../application/inputs.js';
import { inMemoryEventStore } from '../../eventStore/inMemory.js';
import { capturingNotifier, type CapturingNotifier } from '../../testing/capturingNotifier.js';
import { manualClock, type ManualClock } from '../../testing/manualClock.js';

/**
 * The world every random sequence starts from: five organisations (the one being decided, out
 * of the patient's area; a local hospital; a far one; Alice's registered practice; another
 * practice) and two patients, Alice and Bob, registered by the host. Every actor of every kind
 * is named by a short key, so a shrunk counterexample reads as a story.
 */
export const ORGANISATIONS = {
  decided: { id: 'cornwall-hospital', kind: 'hospital', area: 'cornwall' },
  local: { id: 'leic-hospital', kind: 'hospital', area: 'leicestershire' },
  far: { id: 'cumbria-hospital', kind: 'hospital', area: 'cumbria' },
  practice: { id: 'leic-practice', kind: 'gp-practice', area: 'leicestershire' },
  otherPractice: { id: 'oadby-practice', kind: 'gp-practice', area: 'leicestershire' },
} as const;
export type OrgKey = keyof typeof ORGANISATIONS;
export const ORG_KEYS = Object.keys(ORGANISATIONS) as readonly OrgKey[];
export type PracticeKey = 'practice' | 'otherPractice';

/** Alice lives near her practice; Bob lives in Cornwall, so for him the "far" hospitals swap. */
export const PATIENTS = {
  alice: {
    nhsNumber: '943 476 5919',
    homeArea: 'leicestershire',
    practice: 'practice',
    mobiles: ['07700 900123', '07700 900124'],
    emails: ['alice@example.org'],
  },
  bob: {
    nhsNumber: '401 023 2137',
    homeArea: 'cornwall',
    practice: 'otherPractice',
    mobiles: ['07700 900223', '07700 900224'],
    emails: ['bob@example.org'],
  },
} as const;
export type PatientKey = keyof typeof PATIENTS;
export const PATIENT_KEYS = Object.keys(PATIENTS) as readonly PatientKey[];

export const orgName = (key: OrgKey): string => `${key} ${ORGANISATIONS[key].id}`;
export const orgKeyOfId = (id: string): OrgKey | undefined =>
  ORG_KEYS.find((key) => ORGANISATIONS[key].id === id);

/** Every kind of actor that may speak for an organisation. */
export const ORG_ACTOR_KINDS = [
  'organisation-staff',
  'practice-staff',
  'organisation-system',
  'privacy-officer',
] as const;
export type OrgActorKind = (typeof ORG_ACTOR_KINDS)[number];

/** `patient:alice`, `organisation-staff:decided`, `privacy-officer:practice`, `auditor`, `system`. */
/** `proxy:alice`: someone claiming to act for Alice as her proxy, with no grant from her. */
export type ActorKey =
  | `patient:${PatientKey}`
  | `proxy:${PatientKey}`
  | `${OrgActorKind}:${OrgKey}`
  | 'auditor'
  | 'system';
export const ACTOR_KEYS: readonly ActorKey[] = [
  ...PATIENT_KEYS.map((p): ActorKey => `patient:${p}`),
  ...PATIENT_KEYS.map((p): ActorKey => `proxy:${p}`),
  ...ORG_ACTOR_KINDS.flatMap((kind) => ORG_KEYS.map((org): ActorKey => `${kind}:${org}`)),
  'auditor',
  'system',
];

/** The organisation an actor works for, if any. */
export const actorOrg = (actor: ActorKey): OrgKey | undefined => {
  const [kind, key] = actor.split(':') as [string, string | undefined];
  return kind === 'patient' || kind === 'proxy' || key === undefined ? undefined : (key as OrgKey);
};
export const actorKind = (actor: ActorKey): string => actor.split(':')[0]!;

export const contextOf = (actor: ActorKey): CommandContext => {
  const [kind, key] = actor.split(':') as [string, string | undefined];
  if (kind === 'patient') return { actor: { kind: 'patient', id: key! } };
  if (kind === 'proxy')
    return { actor: { kind: 'proxy', id: `stranger-for-${key}`, forPatientId: key! } };
  if (key === undefined) return { actor: { kind: kind as 'auditor' | 'system', id: kind } };
  const organisationId = ORGANISATIONS[key as OrgKey].id;
  return {
    actor: { kind: kind as OrgActorKind, id: `${kind}@${organisationId}`, organisationId },
  };
};

/** An emergency justification, with whether it says something (tagged here, not by core). */
export interface Justification {
  readonly text: string;
  readonly meaningful: boolean;
}

export const JUSTIFICATIONS: readonly Justification[] = [
  { text: 'Unconscious on arrival, no medication history', meaningful: true },
  { text: 'Anaphylaxis: need allergy list', meaningful: true },
  { text: 'abcde\u200bfghij', meaningful: true },
  { text: '.', meaningful: false },
  { text: '\u200b'.repeat(24), meaningful: false },
  { text: ' \t \n '.repeat(5) + 'x', meaningful: false },
  { text: 'too short', meaningful: false },
  { text: 'a\u200bb\u200bc\u200bd\u200be\u200bf\u200bg\u200bh\u200bi', meaningful: false },
  { text: '\u2060\ufeff\u200d.\u200c\u200e\u200f', meaningful: false },
];

/** The contact details a step may record for a patient. */
export const contactDetails = (
  patient: PatientKey,
  which: 'mobile' | 'other-mobile' | 'email' | 'both',
): { mobile?: string; email?: string; preferredChannel?: 'email' } => {
  const { mobiles, emails } = PATIENTS[patient];
  if (which === 'both') return { mobile: mobiles[0], email: emails[0], preferredChannel: 'email' };
  return which === 'email' ? { email: emails[0] } : { mobile: mobiles[which === 'mobile' ? 0 : 1] };
};

/** A valid NHS number nobody has yet, for registrations a step attempts. */
export const FRESH_NHS_NUMBER = '485 777 3457';
export const nhsNumberOf = (nhs: PatientKey | 'fresh'): string =>
  nhs === 'fresh' ? FRESH_NHS_NUMBER : PATIENTS[nhs].nhsNumber;

export const START = '2026-07-01T09:00:00Z';

export interface TrustWorld {
  readonly consentry: Consentry;
  /** A second host on the same store, clock and notifier: its commands race the first's. */
  readonly other: Consentry;
  readonly notifier: CapturingNotifier;
  readonly clock: ManualClock;
  readonly eventStore: ReturnType<typeof inMemoryEventStore>;
}

/** The real facade over an in-memory store, a capturing notifier and a manual clock. */
export const trustWorld = async (): Promise<TrustWorld> => {
  const eventStore = inMemoryEventStore();
  const notifier = capturingNotifier();
  const clock = manualClock(START);
  const deps = { eventStore, notifier, clock, keyring: testKeyring() };
  const consentry = createConsentry(deps);
  const system: CommandContext = { actor: { kind: 'system', id: 'host' } };
  for (const key of ORG_KEYS) {
    const { id, kind, area } = ORGANISATIONS[key];
    await expectRight(
      consentry.registerOrganisation(
        {
          organisationId: id,
          odsCode: `X${ORG_KEYS.indexOf(key)}1`,
          name: orgName(key),
          kind,
          area,
        },
        system,
      ),
    );
  }
  for (const key of PATIENT_KEYS) {
    const patient = PATIENTS[key];
    await expectRight(
      consentry.registerPatient(
        {
          patientId: key,
          nhsNumber: patient.nhsNumber,
          name: `${key} Smith`,
          dateOfBirth: '1980-02-03',
          homeArea: patient.homeArea,
          practiceId: ORGANISATIONS[patient.practice].id,
        },
        system,
      ),
    );
  }
  // Alice can be sent codes from the start; Bob only once someone records his details.
  await expectRight(
    consentry.recordContactDetails(
      { patientId: 'alice', mobile: PATIENTS.alice.mobiles[0] },
      { actor: { kind: 'patient', id: 'alice' } },
    ),
  );
  return { consentry, other: createConsentry(deps), notifier, clock, eventStore };
};

const e164 = (mobile: string): string => `+44${mobile.replace(/\s/g, '').slice(1)}`;

/**
 * The code the patient was last sent for this organisation, read from the messages as the
 * patient would (the test never asks core for it). Undefined when none was sent.
 */
export const codeSentTo = (
  notifier: CapturingNotifier,
  patient: PatientKey,
  org: OrgKey,
): string | undefined => {
  const addresses = new Set<string>([
    ...PATIENTS[patient].mobiles.map(e164),
    ...PATIENTS[patient].emails,
  ]);
  return notifier
    .sent()
    .filter(
      (m) =>
        m.kind === 'verification-code' &&
        addresses.has(m.to) &&
        m.personalisation['organisation'] === orgName(org),
    )
    .at(-1)?.personalisation['code'];
};
