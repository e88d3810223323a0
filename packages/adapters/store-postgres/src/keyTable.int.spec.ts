import { expectRight } from '@consentry/core/testing';
import {
  ERASED,
  kekRing,
  keyVault,
  localKek,
  patientSubject,
  personalDataStore,
  verifyStore,
  type NewEvent,
} from '@consentry/core';
import { postgresKeyTable } from './keyTable.js';
import { postgresEventStore } from './postgresEventStore.js';
import {
  describeWithDatabase,
  dropSchema,
  randomSchema,
  testPool,
} from './testSupport/database.js';

let n = 0;
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: `evt-${++n}`,
    recordedAt: '2026-12-07T10:00:00.000Z',
    actor: { kind: 'system', id: 'host' },
    correlationId: 'c',
    schemaVersion: 1,
  },
});

describeWithDatabase('postgresKeyTable', (url) => {
  it('keeps wrapped keys beside the events; the events table holds no personal value; erasure is seen by a second host', async () => {
    const schema = randomSchema('keys');
    const pool = testPool(url);
    try {
      const kek = localKek('kek-1', Buffer.alloc(32, 5));
      const table = postgresKeyTable(pool, { schema });
      const hostA = personalDataStore(
        postgresEventStore(pool, { schema }),
        keyVault(table, kekRing(kek)),
      );
      const hostB = personalDataStore(
        postgresEventStore(pool, { schema }),
        keyVault(postgresKeyTable(pool, { schema }), kekRing(kek)),
      );
      await expectRight(
        hostA.appendToStream('patient-p1', [
          event('PatientRegistered', {
            patientId: 'p1',
            nhsNumber: '9434765919',
            name: 'Ada Lovelace',
            dateOfBirth: '1990-01-02',
            homeArea: 'cornwall',
            practiceId: 'gp-1',
          }),
          event('ContactDetailsRecorded', { patientId: 'p1', mobile: '+447700900123' }),
        ]),
      );
      const dump = async (relation: string): Promise<string> =>
        JSON.stringify((await pool.query(`SELECT * FROM "${schema}".${relation}`)).rows);
      const events = await dump('events');
      for (const value of ['9434765919', 'Ada Lovelace', '1990-01-02', '+447700900123'])
        expect(events).not.toContain(value);
      // Host B reads (and caches) the keys, then host A erases: B's next read sees it erased.
      expect((await expectRight(hostB.readStream('patient-p1'))).events[0]?.data).toMatchObject({
        name: 'Ada Lovelace',
      });
      const wrapped = (await table.rows()).map((r) => r.wrapped);
      expect(await hostA.erase(patientSubject('p1'), 'all')).toBe(2);
      expect((await expectRight(hostB.readStream('patient-p1'))).events[0]?.data).toMatchObject({
        name: ERASED,
      });
      const keys = await dump('data_keys');
      for (const w of wrapped) expect(keys).not.toContain(w);
      expect((await expectRight(verifyStore(hostA.stored, { publicKeys: new Map() }))).clean).toBe(
        true,
      );
      await hostA.close();
      await hostB.close();
    } finally {
      await pool.end();
      await dropSchema(url, schema);
    }
  });
});
