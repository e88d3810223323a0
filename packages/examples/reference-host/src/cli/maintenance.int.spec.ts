import * as E from 'fp-ts/lib/Either.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConsentry, keyringFromSecrets } from '@consentry/core';
import {
  capturingNotifier,
  expectRight,
  manualClock,
  patientActor,
  registerTestWorld,
  systemActor,
} from '@consentry/core/testing';
import { openSqliteEventStore } from '@consentry/store-sqlite';
import { paths } from '../web/paths.js';

// Runs the built program, as a user would (`pnpm test` builds first), on a store whose story
// was told in the past: consents that have ended by the real clock.
const bin = path.join(paths.templates, '..', 'bin', 'consentry.js');
const built = fs.existsSync(path.join(paths.templates, '..', 'dist', 'cli', 'main.js'));

const system = systemActor('story');
const patient = patientActor;

/** Alice asked to be told; Bob did not. Each gave Cornwall an `allow` that ended in January 2026. */
const tellStory = async (file: string): Promise<void> => {
  const store = openSqliteEventStore(file);
  if (E.isLeft(store)) throw new Error(store.left.message);
  const keyring = keyringFromSecrets({
    currentKeyId: 'k1',
    keys: { k1: 'a key long enough to be a real key' },
  });
  if (E.isLeft(keyring)) throw new Error(keyring.left);
  const c = createConsentry({
    eventStore: store.right,
    notifier: capturingNotifier(),
    clock: manualClock('2026-01-01T09:00:00Z'),
    keyring: keyring.right,
  });
  // Core's test world (docs/testing.md), Alice and Bob, no contact details yet.
  await registerTestWorld(c, {
    patients: ['alice', 'bob'],
    contacts: { alice: null, bob: null },
    system,
  });
  for (const patientId of ['alice', 'bob']) {
    await expectRight(
      c.setSharingPreference(
        {
          patientId,
          organisationId: 'cornwall-hospital',
          preference: 'allow',
          setBy: 'patient',
          until: '2026-01-08T09:00:00Z',
        },
        patient(patientId),
      ),
    );
  }
  await expectRight(
    c.recordContactDetails({ patientId: 'alice', mobile: '07700 900123' }, patient('alice')),
  );
  await expectRight(c.chooseEndNotices({ patientId: 'alice', tell: true }, patient('alice')));
  await store.right.close();
};

describe('consentry maintenance (the daily sweep, docs/reference-host.md)', () => {
  let dataDir: string;
  beforeEach(() => {
    if (!built)
      throw new Error('packages/examples/reference-host/dist is missing: run `pnpm build` first');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-maintenance-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const maintenance = () =>
    spawnSync('node', [bin, 'maintenance'], {
      env: {
        ...process.env,
        CONSENTRY_DATA_DIR: dataDir,
        CONSENTRY_MODE: 'development',
        CONSENTRY_LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    });

  it('notices the ended consent of the patient who asked, once; prints counts and no personal data', async () => {
    await tellStory(path.join(dataDir, 'consentry.sqlite'));
    const first = maintenance();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Consents that ended, noticed: 1\n');
    expect(first.stdout).toContain('Patients with a notice: 1\n');
    expect(first.stdout).toContain('Messages not sent yet: 0\n');
    expect(first.stdout).not.toMatch(/alice|bob|9434765919|9434765218|cornwall|7700/i);

    // Idempotent: the second run notices nothing and appends nothing.
    const size = fs.statSync(path.join(dataDir, 'consentry.sqlite')).size;
    const second = maintenance();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Consents that ended, noticed: 0\n');
    expect(second.stdout).toContain('Patients checked: 0\n');

    // What the log holds: one notice, for Alice only (Bob never asked).
    const store = openSqliteEventStore(path.join(dataDir, 'consentry.sqlite'));
    if (E.isLeft(store)) throw new Error(store.left.message);
    const all = await expectRight(store.right.readAll({ fromPosition: 0n, batchSize: 10_000 }));
    const notices = all.events.filter((e) => e.type === 'ConsentEndNoticed');
    expect(notices.map((e) => e.streamName)).toEqual(['consent-alice']);
    expect(notices[0]?.metadata.actor).toEqual({ kind: 'system', id: 'consentry-maintenance' });
    // …and one message went out for it, recorded as sent.
    const sent = all.events.filter(
      (e) =>
        e.type === 'NotificationSent' && (e.data as { kind?: string }).kind === 'consent-ended',
    );
    expect(sent).toHaveLength(1);
    await store.right.close();
    expect(size).toBeGreaterThan(0);
  }, 60_000);

  it('on an empty store does nothing and says so', () => {
    const run = maintenance();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Patients checked: 0\n');
  }, 60_000);
});
