import { expectRight } from '@consentry/core/testing';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import pino from 'pino';
import { verifyStore, type CommandContext } from '@consentry/core';
import { decodeConfig } from '../config/config.js';
import { openHost } from './openHost.js';
import { rotateStoreKek } from '../cli/migrate.js';
import { sealedAuditStore } from './personalData.js';
import { openStoreTarget } from '../audit/store.js';
import { loadAsOf } from '../audit/asOf.js';
import { exportFhir } from '../audit/exportFhir.js';
import { replayStore } from '../audit/replay.js';

const auditTarget = (dir: string, kek: string) => {
  const file = path.join(dir, 'consentry.sqlite');
  const opened = openStoreTarget(file);
  if (E.isLeft(opened)) throw new Error(opened.left);
  const sealed = sealedAuditStore(file, opened.right.store, kek, dir);
  if (E.isLeft(sealed)) throw new Error(sealed.left);
  return { label: file, store: sealed.right };
};
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

const system: CommandContext = { actor: { kind: 'system', id: 'host' }, reason: 'test' };

const hostWith = (dataDir: string, kek: string | undefined) => {
  const config = decodeConfig({
    CONSENTRY_MODE: 'development',
    CONSENTRY_DATA_DIR: dataDir,
    CONSENTRY_KEYRING: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    ...(kek === undefined ? {} : { CONSENTRY_KEK: kek }),
  });
  if (E.isLeft(config)) throw new Error(config.left.message);
  const runtime = openHost(config.right, pino({ level: 'silent' }));
  if (E.isLeft(runtime)) throw new Error(runtime.left.message);
  return runtime.right;
};

const register = async (host: ReturnType<typeof hostWith>) => {
  await expectRight(
    host.consentry.registerOrganisation(
      { organisationId: 'gp', odsCode: 'X11', name: 'GP', kind: 'gp-practice', area: 'leics' },
      system,
    ),
  );
  await expectRight(
    host.consentry.registerPatient(
      {
        patientId: 'p1',
        nhsNumber: '9434765919',
        name: 'Ada Lovelace',
        dateOfBirth: '1990-01-02',
        homeArea: 'leics',
        practiceId: 'gp',
      },
      system,
    ),
  );
  // A choice, so the FHIR export has a Consent naming the patient.
  await expectRight(
    host.consentry.setSharingPreference(
      { patientId: 'p1', preference: 'deny', setBy: 'patient' },
      { actor: { kind: 'patient', id: 'p1' } },
    ),
  );
};

const fileBytes = (dir: string): Buffer =>
  Buffer.concat(
    ['consentry.sqlite', 'consentry.sqlite-wal']
      .map((f) => path.join(dir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f)),
  );

describe('the reference host with CONSENTRY_KEK', () => {
  it('seals personal data in the SQLite file, erases it, and audit verify passes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-kek-'));
    const kek = `kek1:${randomBytes(32).toString('base64')}`;
    const host = hostWith(dir, kek);
    await register(host);
    expect(fileBytes(dir).includes('Ada Lovelace')).toBe(false);
    // The audit commands read through the vault too (as-of by NHS number, the FHIR export).
    const before = auditTarget(dir, kek);
    const asOf = await loadAsOf(before, '9434765919', new Date('2100-01-01T00:00:00Z'));
    expect(E.isRight(asOf)).toBe(true);
    const exported = JSON.stringify(await exportFhir(before, undefined, new Date()));
    expect(exported).toContain('9434765919');
    await before.store.close();
    expect(await expectRight(host.consentry.patient({ patientId: 'p1' }))).toMatchObject({
      name: 'Ada Lovelace',
    });
    await expectRight(host.consentry.erasePersonalData({ patientId: 'p1', scope: 'all' }, system));
    expect(await expectRight(host.consentry.patient({ patientId: 'p1' }))).toMatchObject({
      name: '[erased]',
    });
    expect((await expectRight(verifyStore(host.eventStore, { publicKeys: new Map() }))).clean).toBe(
      true,
    );
    const after = auditTarget(dir, kek);
    expect(E.isRight(await replayStore(after, quiet))).toBe(true);
    // Found by number no more; exported by internal id, with no number or name.
    expect(E.isLeft(await loadAsOf(after, '9434765919', new Date('2100-01-01T00:00:00Z')))).toBe(
      true,
    );
    const erased = JSON.stringify(await exportFhir(after, undefined, new Date()));
    expect(erased).not.toContain('9434765919');
    expect(erased).not.toContain('Ada Lovelace');
    await after.store.close();
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without it, stores plain as before and refuses erasure', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-kek-'));
    const host = hostWith(dir, undefined);
    await register(host);
    expect(fileBytes(dir).includes('Ada Lovelace')).toBe(true);
    const refused = await host.consentry.erasePersonalData(
      { patientId: 'p1', scope: 'all' },
      system,
    )();
    expect(E.isLeft(refused) && refused.left._tag).toBe('Conflict');
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('consentry migrate rotate-kek rewraps the keys: the new KEK alone then reads, the old alone no more', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-kek-'));
    const kek1 = `kek1:${randomBytes(32).toString('base64')}`;
    const kek2 = `kek2:${randomBytes(32).toString('base64')}`;
    const first = hostWith(dir, kek1);
    await register(first);
    await first.close();
    const config = decodeConfig({
      CONSENTRY_MODE: 'development',
      CONSENTRY_DATA_DIR: dir,
      CONSENTRY_KEK: `${kek2},${kek1}`,
    });
    if (E.isLeft(config)) throw new Error(config.left.message);
    const lines: string[] = [];
    expect(await rotateStoreKek(config.right, (l) => lines.push(l))).toEqual(E.right(1));
    expect(lines[0]).toMatch(/rewrapped 1 data keys under kek2/);
    const rotated = hostWith(dir, kek2);
    expect(await expectRight(rotated.consentry.patient({ patientId: 'p1' }))).toMatchObject({
      name: 'Ada Lovelace',
    });
    await rotated.close();
    const stale = hostWith(dir, kek1);
    expect(E.isLeft(await stale.consentry.patient({ patientId: 'p1' })())).toBe(true);
    await stale.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a malformed key at start-up', () => {
    expect(() =>
      hostWith(fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-kek-')), 'kek1:short'),
    ).toThrow(/CONSENTRY_KEK/);
  });
});
