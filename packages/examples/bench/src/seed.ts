import * as E from 'fp-ts/lib/Either.js';
import {
  createConsentry,
  keyringFromSecrets,
  systemClock,
  type Clock,
  type Consentry,
  type EventStore,
  type Notifier,
} from '@consentry/core';
import {
  feedOf,
  patientActor as patientSelf,
  practiceStaffOf,
  systemActor,
} from '@consentry/core/testing';
import { must } from './measure.js';

// Each command by the actor the trust rules expect (docs/facade-api.md, "Who may act"), built
// by the test world's actor builders (docs/testing.md). The bench's organisations are its own:
// fifty across five areas and up to ten practices, so the load spreads as a region's would.
const system = systemActor('bench');
const practiceOf = (practiceId: string) => practiceStaffOf(practiceId, `bench@${practiceId}`);

export const benchKeyring = () =>
  must(
    E.mapLeft((e: string) => e)(
      keyringFromSecrets({
        currentKeyId: 'bench',
        keys: { bench: 'a bench secret that is long enough!!' },
      }),
    ),
    'keyring',
  );

/** A notifier that accepts every message at once (the bench measures Consentry, not a provider). */
export const acceptingNotifier: Notifier = {
  name: 'bench',
  honoursIdempotencyKeys: true,
  channels: ['sms', 'email'],
  send: (message) => () =>
    Promise.resolve(
      E.right({ providerMessageId: message.idempotencyKey, channel: message.channel }),
    ),
};

export const consentryOver = (eventStore: EventStore, clock: Clock = systemClock): Consentry =>
  createConsentry({
    eventStore,
    notifier: acceptingNotifier,
    clock,
    keyring: benchKeyring(),
  });

/** The n-th valid NHS number (modulus 11 check digit; numbers whose check digit would be 10 are skipped). */
export const nhsNumber = (n: number): string => {
  for (let k = n * 2; ; k += 1) {
    const body = String(400000000 + k).padStart(9, '0');
    const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return body + String(check === 11 ? 0 : check);
  }
};

export const AREAS = ['leicestershire', 'cornwall', 'cumbria', 'devon', 'kent'] as const;
export const ORGANISATION_KINDS = [
  'hospital',
  'urgent-care',
  'community',
  'physiotherapy',
  'pharmacy',
  'social-care',
] as const;

export interface Seeded {
  readonly practices: readonly string[];
  readonly organisations: readonly string[];
  readonly patients: readonly string[];
  /** Per patient, the organisations it has an active care relationship with. */
  readonly careWith: ReadonlyMap<string, readonly string[]>;
}

const run = async <A>(task: () => Promise<E.Either<unknown, A>>, what: string): Promise<A> =>
  must(await task(), what);

/**
 * Seeds practices and organisations (half local, half elsewhere) and patients with a mix of
 * choices: allow-all, a deny for one organisation, require-verification, or not asked;
 * care relationships with a few organisations, some with an in-person consent.
 */
export const seed = async (
  c: Consentry,
  patients: number,
  organisations = 50,
  onProgress?: (done: number) => void,
): Promise<Seeded> => {
  const practiceCount = Math.max(1, Math.min(10, Math.ceil(patients / 1000)));
  const practices: string[] = [];
  const orgs: string[] = [];
  for (let i = 0; i < organisations; i += 1) {
    const isPractice = i < practiceCount;
    const id = isPractice ? `practice-${i}` : `org-${i}`;
    await run(
      c.registerOrganisation(
        {
          organisationId: id,
          odsCode: `B${String(10000 + i)}`,
          name: `${isPractice ? 'Practice' : 'Organisation'} ${i}`,
          kind: isPractice ? 'gp-practice' : ORGANISATION_KINDS[i % ORGANISATION_KINDS.length]!,
          area: isPractice ? 'leicestershire' : AREAS[i % AREAS.length]!,
        },
        system,
      ),
      'registerOrganisation',
    );
    (isPractice ? practices : orgs).push(id);
  }
  const ids: string[] = [];
  const careWith = new Map<string, string[]>();
  for (let p = 0; p < patients; p += 1) {
    const patientId = `patient-${p}`;
    const practiceId = practices[p % practices.length]!;
    await run(
      c.registerPatient(
        {
          patientId,
          nhsNumber: nhsNumber(p),
          name: `Patient ${p}`,
          dateOfBirth: '1970-01-01',
          homeArea: 'leicestershire',
          practiceId,
        },
        system,
      ),
      'registerPatient',
    );
    if (p % 5 !== 0) {
      await run(
        c.recordContactDetails(
          {
            patientId,
            mobile: `+447700${String(900000 + (p % 100000)).slice(-6)}`,
            preferredChannel: 'sms',
          },
          patientSelf(patientId),
        ),
        'contact',
      );
    }
    const care = [0, 1, 2, 3, 4].map((k) => orgs[(p * 7 + k * 11) % orgs.length]!);
    for (const organisationId of care) {
      await run(
        c.startCare({ patientId, organisationId, reason: 'referral' }, feedOf(organisationId)),
        'startCare',
      );
    }
    const mix = p % 10;
    if (mix < 2)
      await run(
        c.setSharingPreference(
          { patientId, preference: 'allow', setBy: 'patient' },
          patientSelf(patientId),
        ),
        'allow',
      );
    else if (mix === 2)
      await run(
        c.setSharingPreference(
          { patientId, organisationId: care[0]!, preference: 'deny', setBy: 'patient' },
          patientSelf(patientId),
        ),
        'deny',
      );
    else if (mix === 3)
      await run(
        c.setSharingPreference(
          { patientId, preference: 'require-verification', setBy: 'practice' },
          practiceOf(practiceId),
        ),
        'verify',
      );
    else if (mix === 4)
      await run(
        c.recordInPersonAnswer(
          { patientId, organisationId: care[1]!, answer: 'consent' },
          practiceOf(practiceId),
        ),
        'in person',
      );
    ids.push(patientId);
    careWith.set(patientId, care);
    if (onProgress !== undefined && (p + 1) % 1000 === 0) onProgress(p + 1);
  }
  return { practices, organisations: orgs, patients: ids, careWith };
};
