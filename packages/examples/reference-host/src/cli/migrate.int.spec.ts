import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import {
  createConsentry,
  kekRing,
  keyringFromSecrets,
  keyVault,
  localKek,
  type CommandContext,
} from '@consentry/core';
import { capturingNotifier, expectRight, manualClock } from '@consentry/core/testing';
import { openSqliteEventStore, sqliteKeyTable } from '@consentry/store-sqlite';
import { migrateEncrypt } from './migrate.js';

const system: CommandContext = { actor: { kind: 'system', id: 'host' }, reason: 'test' };
const keyring = expectRight(keyringFromSecrets({ currentKeyId: 'k', keys: { k: 'y'.repeat(40) } }));
const keks = kekRing(localKek('kek1', Buffer.alloc(32, 9)));
const bytes = (file: string): Buffer =>
  Buffer.concat([file, `${file}-wal`].filter(fs.existsSync).map((f) => fs.readFileSync(f)));
const facade = (
  eventStore: Parameters<typeof createConsentry>[0]['eventStore'],
  vault?: ReturnType<typeof keyVault>,
) =>
  createConsentry({
    eventStore,
    notifier: capturingNotifier(),
    clock: manualClock('2026-07-01T09:00:00Z'),
    keyring,
    ...(vault === undefined ? {} : { keyVault: vault }),
  });
const ADA = {
  patientId: 'p1',
  nhsNumber: '9434765919',
  name: 'Ada Lovelace',
  dateOfBirth: '1990-01-02',
  homeArea: 'leics',
  practiceId: 'gp',
};

describe('consentry migrate encrypt', () => {
  it('copies a plain SQLite store into a sealed one, verifies it, and the copy works and erases', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-migrate-'));
    const from = path.join(dir, 'plain.sqlite');
    const to = path.join(dir, 'sealed.sqlite');
    const plain = expectRight(openSqliteEventStore(from));
    const before = facade(plain);
    await expectRight(
      before.registerOrganisation(
        { organisationId: 'gp', odsCode: 'X11', name: 'GP', kind: 'gp-practice', area: 'leics' },
        system,
      ),
    );
    await expectRight(before.registerPatient(ADA, system));
    await expectRight(
      before.recordContactDetails(
        { patientId: 'p1', mobile: '07700 900123' },
        { actor: { kind: 'patient', id: 'p1' } },
      ),
    );
    await plain.close();
    expect(bytes(from).includes('Ada Lovelace')).toBe(true);

    const lines: string[] = [];
    expectRight(await migrateEncrypt({ from, to, keks, keyring }, (l) => lines.push(l)));
    expect(lines.join('\n')).toMatch(/verified: .* events read back as in the source/);
    for (const value of ['Ada Lovelace', '9434765919', '+447700900123', '1990-01-02'])
      expect(bytes(to).includes(value)).toBe(false);

    const copy = expectRight(openSqliteEventStore(to));
    const keys = sqliteKeyTable(to);
    const after = facade(copy, keyVault(keys, keks));
    expect(await expectRight(after.patient({ patientId: 'p1' }))).toMatchObject({
      name: 'Ada Lovelace',
    });
    // The number is still taken (its reservation was written again, in its bucket).
    const again = await after.registerPatient({ ...ADA, patientId: 'p2' }, system)();
    expect(E.isLeft(again) && again.left._tag).toBe('Conflict');
    await expectRight(after.erasePersonalData({ patientId: 'p1', scope: 'all' }, system));
    expect(await expectRight(after.patient({ patientId: 'p1' }))).toMatchObject({
      name: '[erased]',
    });
    keys.close();
    await copy.close();

    // A second run refuses to write over the copy.
    const refused = await migrateEncrypt({ from, to, keks, keyring }, () => undefined);
    expect(E.isLeft(refused) && refused.left).toMatch(/exists/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
