import { expectLeft, expectRight } from '../testing/expectEither.js';
import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { historyAsOf } from '../audit/history.js';
import { verifyStore } from '../audit/verifyStore.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { canonicalJson } from '../eventStore/hashChain.js';
import type { RecordedEvent } from '../eventStore/envelope.js';
import { capturingNotifier } from '../testing/capturingNotifier.js';
import { manualClock } from '../testing/manualClock.js';
import {
  MOBILE,
  feedOf,
  patientActor,
  practiceStaff,
  privacyOfficerOf,
  registerHolidayWorld,
  staffOf,
  system,
  testKeyring,
  SECRET,
} from '../application/__fixtures__/world.js';
import { createConsentry } from '../application/createConsentry.js';
import { ERASED } from './erasable.js';
import { inMemoryKeyTable } from './inMemoryKeyTable.js';
import { personalDataStore } from './personalDataStore.js';
import { nhsNumberLookupKey } from '../patient/reservation.js';
import { directoryProjectionWith } from '../projections/directory.js';
import { project } from '../projections/projection.js';
import { kekRing, keyVault, localKek } from './keyVault.js';

const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' } as const;
const LOCAL = { patientId: 'alice', organisationId: 'leic-hospital' } as const;
const far = staffOf('cornwall-hospital');
const ALICE = ['9434765919', 'Alice Smith', '1980-02-03', MOBILE, '7700900123'];

const encryptedWorld = async () => {
  const raw = inMemoryEventStore();
  const table = inMemoryKeyTable();
  const notifier = capturingNotifier();
  const consentry = createConsentry({
    eventStore: raw,
    notifier,
    clock: manualClock('2026-07-01T09:00:00Z'),
    keyring: testKeyring(),
    keyVault: keyVault(table, kekRing(localKek('kek-1', Buffer.alloc(32, 1)))),
  });
  await registerHolidayWorld(consentry);
  const stored = async (): Promise<readonly RecordedEvent[]> =>
    (await expectRight(raw.readAll({ batchSize: 100_000 }))).events;
  return { raw, table, notifier, consentry, stored };
};

const withReason = (ctx: typeof system, reason = 'patient asked to be forgotten') => ({
  ...ctx,
  reason,
});

describe('personal data through the facade', () => {
  it('the log holds no personal value, yet the facade, the reactor and the audit read them', async () => {
    const { raw, consentry, notifier, stored } = await encryptedWorld();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(consentry.requestAccess({ ...FAR, purpose: 'TREAT' }, far));
    // The reactor read the mobile (sealed in the log) to send the code.
    expect(notifier.lastCodeFor(MOBILE)).toBeDefined();
    const text = canonicalJson(await stored());
    for (const value of ALICE) expect(text).not.toContain(value);
    expect(await expectRight(consentry.patient({ patientId: 'alice' }))).toMatchObject({
      nhsNumber: '9434765919',
      name: 'Alice Smith',
    });
    expect(
      await expectRight(consentry.findPatientByNhsNumber({ nhsNumber: '943 476 5919' })),
    ).toMatchObject({ patientId: 'alice' });
    expect((await expectRight(verifyStore(raw, { publicKeys: new Map() }))).clean).toBe(true);
  });

  it('only the practice or the host may erase, with a reason; a refusal destroys nothing', async () => {
    const { consentry } = await encryptedWorld();
    for (const ctx of [
      far,
      patientActor('alice'),
      practiceStaff('cornwall-hospital'),
      privacyOfficerOf('leic-practice'),
      staffOf('leic-practice'),
    ])
      expect(
        await expectLeft(
          consentry.erasePersonalData({ patientId: 'alice', scope: 'all' }, withReason(ctx)),
        ),
      ).toMatchObject({ _tag: 'NotPermitted' });
    expect(
      await expectLeft(consentry.erasePersonalData({ patientId: 'alice', scope: 'all' }, system)),
    ).toMatchObject({ _tag: 'InvalidInput' });
    expect(await expectRight(consentry.patient({ patientId: 'alice' }))).toMatchObject({
      nhsNumber: '9434765919',
      mobile: MOBILE,
    });
  });

  it('erasing contact details: the mobile goes, the identity and decisions stay', async () => {
    const { consentry, raw } = await encryptedWorld();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(
      consentry.erasePersonalData(
        { patientId: 'alice', scope: 'contact-details' },
        withReason(practiceStaff('leic-practice'), 'mobile number given in error'),
      ),
    );
    const alice = await expectRight(consentry.patient({ patientId: 'alice' }));
    expect(alice).toMatchObject({ nhsNumber: '9434765919' });
    expect(alice).not.toHaveProperty('mobile');
    // No channel left to send a code to: the decision says so (it still decides).
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'deny' });
    await expectRight(
      consentry.recordContactDetails(
        { patientId: 'alice', mobile: '07700 900999' },
        patientActor('alice'),
      ),
    );
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'verify' });
    expect((await expectRight(verifyStore(raw, { publicKeys: new Map() }))).clean).toBe(true);
  });

  it('erasing everything: verify passes, replay and the facade show it erased, decisions still work', async () => {
    const { consentry, raw, table } = await encryptedWorld();
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    await expectRight(consentry.startCare(LOCAL, feedOf(LOCAL.organisationId)));
    const localBefore = await expectRight(consentry.checkAccess(LOCAL));
    await expectRight(
      consentry.erasePersonalData({ patientId: 'alice', scope: 'all' }, withReason(system)),
    );
    expect((await expectRight(verifyStore(raw, { publicKeys: new Map() }))).clean).toBe(true);
    expect(await expectRight(consentry.patient({ patientId: 'alice' }))).toMatchObject({
      nhsNumber: ERASED,
      name: ERASED,
      dateOfBirth: ERASED,
    });
    expect(
      await expectLeft(consentry.findPatientByNhsNumber({ nhsNumber: '9434765919' })),
    ).toMatchObject({ _tag: 'UnknownPatient' });
    // Decisions come from non-personal facts (area, practice, care, choices): a local
    // organisation is decided as before, a far one cannot be verified (no channel left).
    expect((await expectRight(consentry.checkAccess(LOCAL))).outcome).toBe(localBefore.outcome);
    expect(await expectRight(consentry.checkAccess(FAR))).toMatchObject({ outcome: 'deny' });
    // A replay from an empty process (the audit's history) reads the same log as erased.
    const fresh = createConsentry({
      eventStore: raw,
      notifier: capturingNotifier(),
      clock: manualClock('2026-07-02T09:00:00Z'),
      keyring: testKeyring(),
      keyVault: keyVault(table, kekRing(localKek('kek-1', Buffer.alloc(32, 1)))),
    });
    expect(await expectRight(fresh.patient({ patientId: 'alice' }))).toMatchObject({
      nhsNumber: ERASED,
    });
    const history = historyAsOf(
      (await expectRight(raw.readAll({ batchSize: 100_000 }))).events,
      new Date('2027-01-01T00:00:00Z'),
    );
    expect([...history.patientIdByNhsNumber.values()]).not.toContain('alice');
    // With the keys that remain (the keyring's too), nothing names the number: the bucket's
    // name is 16 bits of a keyed HMAC, shared by ~15,000 of the billion numbers, and its
    // reservation reads as erased; no stream is named by the number's full HMAC.
    const stored = (await expectRight(raw.readAll({ batchSize: 100_000 }))).events;
    const buckets = [...new Set(stored.map((e) => e.streamName))].filter((n) =>
      n.startsWith('nhsNumberReservation-'),
    );
    expect(buckets).toEqual([expect.stringMatching(/^nhsNumberReservation-k1\.b[0-9a-f]{4}$/)]);
    const fullMac = createHmac('sha256', SECRET)
      .update('consentry/nhs-number/9434765919', 'utf8')
      .digest('base64url');
    expect(stored.some((e) => e.streamName.includes(fullMac.slice(0, 8)))).toBe(false);
    // The number is free: a new registration of it succeeds.
    const again = await fresh.registerPatient(
      {
        patientId: 'alice-2',
        nhsNumber: '9434765919',
        name: 'Alice Smith',
        dateOfBirth: '1980-02-03',
        homeArea: 'leicestershire',
        practiceId: 'leic-practice',
      },
      system,
    )();
    expect(E.isRight(again)).toBe(true);
  });

  it('the in-memory directory is keyed by a keyed HMAC of the number, and drops it at erasure', async () => {
    const { raw, table, consentry } = await encryptedWorld();
    const opened = personalDataStore(
      raw,
      keyVault(table, kekRing(localKek('kek-1', Buffer.alloc(32, 1)))),
    );
    const lookup = (n: string) => nhsNumberLookupKey(testKeyring().current(), n);
    const directoryNow = async () =>
      project(
        directoryProjectionWith(lookup),
        (await expectRight(opened.readAll({ batchSize: 100_000 }))).events,
      ).patientsByNhsNumber;
    expect([...(await directoryNow()).keys()]).toEqual([lookup('9434765919')]);
    await expectRight(
      consentry.erasePersonalData({ patientId: 'alice', scope: 'all' }, withReason(system)),
    );
    expect((await directoryNow()).size).toBe(0);
  });

  it('a plain store (no key vault) refuses erasure and changes nothing', async () => {
    const eventStore = inMemoryEventStore();
    const consentry = createConsentry({
      eventStore,
      notifier: capturingNotifier(),
      clock: manualClock('2026-07-01T09:00:00Z'),
      keyring: testKeyring(),
    });
    await registerHolidayWorld(consentry);
    const before = (await expectRight(eventStore.readAll())).events.length;
    expect(
      await expectLeft(
        consentry.erasePersonalData({ patientId: 'alice', scope: 'all' }, withReason(system)),
      ),
    ).toMatchObject({ _tag: 'Conflict' });
    expect((await expectRight(eventStore.readAll())).events.length).toBe(before);
  });
});
