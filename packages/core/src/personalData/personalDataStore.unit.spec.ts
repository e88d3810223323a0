import { expectRight } from '../testing/expectEither.js';
import { canonicalJson } from '../eventStore/hashChain.js';
import * as E from 'fp-ts/lib/Either.js';
import type { NewEvent, RecordedEvent } from '../eventStore/envelope.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { verifyStore } from '../audit/verifyStore.js';
import { ERASED } from './erasable.js';
import { patientSubject } from './fields.js';
import { inMemoryKeyTable } from './inMemoryKeyTable.js';
import { kekRing, keyVault, localKek, rotateKek } from './keyVault.js';
import { personalDataStore } from './personalDataStore.js';

const kek = localKek('kek-1', Buffer.alloc(32, 7));
let n = 0;
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: `evt-${++n}`,
    recordedAt: '2026-12-07T10:00:00.000Z',
    actor: { kind: 'system', id: 'host' },
    correlationId: 'c-1',
    schemaVersion: 1,
  },
});
const registered = (patientId: string, nhsNumber: string) =>
  event('PatientRegistered', {
    patientId,
    nhsNumber,
    name: 'Ada Lovelace',
    dateOfBirth: '1990-01-02',
    homeArea: 'cornwall',
    practiceId: 'gp-1',
  });
const contact = (patientId: string, mobile: string) =>
  event('ContactDetailsRecorded', { patientId, mobile, preferredChannel: 'sms' });

const world = () => {
  const table = inMemoryKeyTable();
  const raw = inMemoryEventStore();
  const store = personalDataStore(raw, keyVault(table, kekRing(kek)));
  return { table, raw, store };
};
const rawText = async (raw: ReturnType<typeof inMemoryEventStore>): Promise<string> =>
  canonicalJson((await expectRight(raw.readAll({ batchSize: 10_000 }))).events);
const dataOf = (events: readonly RecordedEvent[]) => events.map((e) => e.data);
const verified = async (s: ReturnType<typeof inMemoryEventStore>) =>
  (await expectRight(verifyStore(s, { publicKeys: new Map() }))).findings;

describe('personalDataStore', () => {
  it('stores only ciphertext and reads the plain event back; the chain covers the stored bytes', async () => {
    const { raw, store } = world();
    const appended = await expectRight(
      store.appendToStream('patient-p1', [
        registered('p1', '9434765919'),
        contact('p1', '+447700900123'),
      ]),
    );
    expect(dataOf(appended.events)[0]).toMatchObject({
      nhsNumber: '9434765919',
      name: 'Ada Lovelace',
    });
    const text = await rawText(raw);
    for (const value of ['9434765919', 'Ada Lovelace', '1990-01-02', '+447700900123'])
      expect(text).not.toContain(value);
    expect(text).toContain('p1'); // non-personal fields stay in clear
    const read = await expectRight(store.readStream('patient-p1'));
    expect(dataOf(read.events)).toEqual([
      {
        patientId: 'p1',
        nhsNumber: '9434765919',
        name: 'Ada Lovelace',
        dateOfBirth: '1990-01-02',
        homeArea: 'cornwall',
        practiceId: 'gp-1',
      },
      { patientId: 'p1', mobile: '+447700900123', preferredChannel: 'sms' },
    ]);
    // Read through the wrapper or the raw store, the chain verifies.
    expect(await verified(store)).toEqual([]);
    expect(await verified(raw)).toEqual([]);
    expect(read.events[0]?.hash).toBe(
      (await expectRight(raw.readStream('patient-p1'))).events[0]?.hash,
    );
  });

  it('a ciphertext moved into another event does not open (associated data binds it)', async () => {
    const { raw, store } = world();
    await expectRight(store.appendToStream('patient-p1', [registered('p1', '9434765919')]));
    const stored = (await expectRight(raw.readStream('patient-p1'))).events[0] as RecordedEvent;
    // The same sealed data, copied as it is into another stream's event.
    const copy = { ...event('PatientRegistered', {}), data: stored.data };
    await expectRight(raw.appendToStream('patient-p2', [copy]));
    const read = await store.readStream('patient-p2')();
    expect(E.isLeft(read) && read.left._tag).toBe('StoreFailure');
  });

  it('changed contact details: the old value is unreadable, the new one reads', async () => {
    const { table, store } = world();
    await expectRight(store.appendToStream('patient-p1', [registered('p1', '9434765919')]));
    await expectRight(store.appendToStream('patient-p1', [contact('p1', '+447700900111')]));
    const oldRow = JSON.parse(table.dump()) as { wrapped: string }[];
    await expectRight(store.appendToStream('patient-p1', [contact('p1', '+447700900222')]));
    const read = await expectRight(store.readStream('patient-p1'));
    expect(dataOf(read.events).map((d) => (d as { mobile?: string }).mobile)).toEqual([
      undefined,
      ERASED,
      '+447700900222',
    ]);
    const keys = await store.vault.liveKeys(patientSubject('p1'));
    expect(keys.map((k) => k.scope).sort()).toEqual(['contact-details', 'identity']);
    // The replaced key's wrapped bytes are gone from the table.
    const wrappedBefore = oldRow.map((r) => r.wrapped);
    expect(wrappedBefore.some((w) => !table.dump().includes(w))).toBe(true);
  });

  it('erasure: every field reads as erased, the chain still verifies, others are untouched', async () => {
    const { raw, store } = world();
    await expectRight(
      store.appendToStream('patient-p1', [
        registered('p1', '9434765919'),
        contact('p1', '+447700900123'),
      ]),
    );
    await expectRight(store.appendToStream('patient-p2', [registered('p2', '9876543210')]));
    // A reader holding keys in its cache (this wrapper, or another host's over the same vault).
    const other = personalDataStore(raw, store.vault);
    await expectRight(other.readAll());
    expect(await store.erase(patientSubject('p1'), 'all')).toBe(2);
    for (const reader of [store, other]) {
      const p1 = await expectRight(reader.readStream('patient-p1'));
      expect(dataOf(p1.events)).toEqual([
        expect.objectContaining({
          nhsNumber: ERASED,
          name: ERASED,
          dateOfBirth: ERASED,
          patientId: 'p1',
        }),
        { patientId: 'p1', mobile: ERASED, preferredChannel: 'sms' },
      ]);
      const p2 = await expectRight(reader.readStream('patient-p2'));
      expect(dataOf(p2.events)[0]).toMatchObject({ nhsNumber: '9876543210' });
    }
    expect(await verified(store)).toEqual([]);
  });

  it('erasure of contact details keeps the identity', async () => {
    const { store } = world();
    await expectRight(
      store.appendToStream('patient-p1', [
        registered('p1', '9434765919'),
        contact('p1', '+447700900123'),
      ]),
    );
    await store.erase(patientSubject('p1'), 'contact-details');
    const p1 = await expectRight(store.readStream('patient-p1'));
    expect(dataOf(p1.events)).toEqual([
      expect.objectContaining({ nhsNumber: '9434765919' }),
      expect.objectContaining({ mobile: ERASED }),
    ]);
  });

  it("a proxy's details are under the proxy's own key: the patient's contact erasure keeps them, erasing all takes them", async () => {
    const { store } = world();
    const grant = event('ProxyGranted', {
      patientId: 'p1',
      proxyId: 'px',
      mobile: '+447700900456',
    });
    await expectRight(store.appendToStream('proxy-p1', [grant]));
    await expectRight(store.appendToStream('patient-p1', [contact('p1', '+447700900123')]));
    const mobiles = async () =>
      (await expectRight(store.readAll())).events.map(
        (e) => (e.data as { mobile?: string }).mobile,
      );
    await store.erase(patientSubject('p1'), 'contact-details');
    expect(await mobiles()).toEqual(['+447700900456', ERASED]);
    await store.erase(patientSubject('p1'), 'all');
    expect(await mobiles()).toEqual([ERASED, ERASED]);
  });

  it('plain events stored before encryption read as they were', async () => {
    const { raw, store } = world();
    await expectRight(raw.appendToStream('patient-p0', [registered('p0', '9434765919')]));
    const read = await expectRight(store.readStream('patient-p0'));
    expect(read.events[0]?.data).toMatchObject({ nhsNumber: '9434765919' });
  });

  it('rotating the key-encryption key rewraps keys without touching events', async () => {
    const { table, raw, store } = world();
    await expectRight(store.appendToStream('patient-p1', [registered('p1', '9434765919')]));
    const before = await rawText(raw);
    const kek2 = localKek('kek-2', Buffer.alloc(32, 9));
    expect(await rotateKek(table, kekRing(kek2, kek))).toBe(1);
    const rotated = personalDataStore(raw, keyVault(table, kekRing(kek2)));
    expect((await expectRight(rotated.readStream('patient-p1'))).events[0]?.data).toMatchObject({
      nhsNumber: '9434765919',
    });
    expect(await rawText(raw)).toBe(before);
  });

  it('delivers opened events to subscribers', async () => {
    const { store } = world();
    const seen: unknown[] = [];
    const sub = store.subscribe({ fromPosition: 0n, handler: (e) => void seen.push(e.data) });
    await expectRight(store.appendToStream('patient-p1', [registered('p1', '9434765919')]));
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await sub.stop();
    expect(seen[0]).toMatchObject({ nhsNumber: '9434765919' });
  });
});
