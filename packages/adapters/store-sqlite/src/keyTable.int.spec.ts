import { expectRight } from '@consentry/core/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import * as E from 'fp-ts/lib/Either.js';
import { openSqliteEventStore, sqliteKeyTable } from './index.js';

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

/** Every byte SQLite keeps for the store: the file and its write-ahead log. */
const fileBytes = (file: string): Buffer =>
  Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));

const setUp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-keys-'));
  const file = join(dir, 'store.db');
  const opened = openSqliteEventStore(file);
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  const table = sqliteKeyTable(file);
  const kek = localKek('kek-1', Buffer.alloc(32, 3));
  const store = personalDataStore(opened.right, keyVault(table, kekRing(kek)));
  return {
    file,
    table,
    store,
    raw: opened.right,
    teardown: async () => {
      table.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

describe('sqliteKeyTable', () => {
  it('keeps wrapped keys beside the events, and an erased key leaves no byte in the file or its WAL', async () => {
    const { file, table, store, raw, teardown } = setUp();
    await expectRight(
      store.appendToStream('patient-p1', [
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
    await expectRight(
      store.appendToStream('patient-p2', [
        event('ContactDetailsRecorded', { patientId: 'p2', mobile: '+447700900999' }),
      ]),
    );
    const before = fileBytes(file);
    for (const value of ['9434765919', 'Ada Lovelace', '1990-01-02', '+447700900123'])
      expect(before.includes(value)).toBe(false);
    const rows = await table.rows();
    const p1 = rows.filter((r) => r.subject === patientSubject('p1'));
    expect(p1).toHaveLength(2);
    // The wrapped keys are in the file (or its WAL) now.
    for (const row of p1) expect(before.includes(row.wrapped)).toBe(true);
    const unwrapped = await Promise.all(p1.map((r) => store.vault.find(r.keyId)));

    expect(await store.erase(patientSubject('p1'), 'all')).toBe(2);

    const after = fileBytes(file);
    for (const row of p1) {
      expect(after.includes(row.wrapped)).toBe(false);
      expect(after.includes(Buffer.from(row.wrapped, 'base64'))).toBe(false);
    }
    for (const key of unwrapped)
      if (key !== undefined && key !== 'erased')
        expect(after.includes(Buffer.from(key.key))).toBe(false);
    // The other patient's key is still there and still opens.
    const p2 = await expectRight(store.readStream('patient-p2'));
    expect(p2.events[0]?.data).toMatchObject({ mobile: '+447700900999' });
    const read = await expectRight(store.readStream('patient-p1'));
    expect(
      read.events.map(
        (e) =>
          (e.data as { mobile?: string; name?: string }).name ??
          (e.data as { mobile?: string }).mobile,
      ),
    ).toEqual([ERASED, ERASED]);
    expect(await table.erasures()).toBe(2);
    expect((await expectRight(verifyStore(raw, { publicKeys: new Map() }))).clean).toBe(true);
    await teardown();
  });

  it('without secure delete the erased row survives in the file (what the pragma prevents)', async () => {
    const { file, table, store, teardown } = setUp();
    await expectRight(
      store.appendToStream('patient-p1', [
        event('ContactDetailsRecorded', { patientId: 'p1', mobile: '+447700900123' }),
      ]),
    );
    const [row] = await table.rows();
    // A second connection with secure_delete off deletes the row as a plain DELETE would.
    const Database = (await import('better-sqlite3')).default;
    const plain = new Database(file);
    plain.pragma('secure_delete = OFF');
    plain.prepare('DELETE FROM consentry_data_keys WHERE key_id = ?').run(row?.keyId);
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.close();
    expect(fileBytes(file).includes(row?.wrapped ?? 'none')).toBe(true);
    await teardown();
  });
});
