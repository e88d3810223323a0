import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import * as E from 'fp-ts/lib/Either.js';
import type { Consentry } from '@consentry/core';
import {
  ALICE_MOBILE,
  describeWithDatabase,
  expectRight,
  registerTestWorld,
  staffOf,
  systemActor,
} from '@consentry/core/testing';
import { decodeConfig } from '../config/config.js';
import { openHost, type HostRuntime } from './openHost.js';

const MOBILE = ALICE_MOBILE;
const system = systemActor('delivery-test');
const waitFor = async (done: () => boolean, ms: number): Promise<void> => {
  for (const started = Date.now(); !done();) {
    if (Date.now() - started > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

// Two hosts with CONSENTRY_DELIVERY=background on one PostgreSQL schema: the one holding the
// store's lease sends; when it stops, the other takes over.
describeWithDatabase('reference hosts delivering in the background (CONSENTRY_DELIVERY)', (url) => {
  const schema = `consentry_delivery_${randomBytes(5).toString('hex')}`;
  const keyring = `k1:${randomBytes(32).toString('base64')}`;
  const hosts: HostRuntime[] = [];
  const open = (): HostRuntime => {
    const config = decodeConfig({
      CONSENTRY_MODE: 'development',
      CONSENTRY_STORE: `${url}?schema=${schema}`,
      CONSENTRY_DELIVERY: 'background',
      CONSENTRY_KEYRING: keyring,
      CONSENTRY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-delivery-')),
    });
    if (E.isLeft(config)) throw new Error(config.left.message);
    const runtime = openHost(config.right, pino({ level: 'silent' }));
    if (E.isLeft(runtime)) throw new Error(runtime.left.message);
    hosts.push(runtime.right);
    return runtime.right;
  };
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.close().catch(() => undefined)));
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const emergency = (consentry: Consentry) =>
    expectRight(
      consentry.requestAccess(
        {
          patientId: 'alice',
          organisationId: 'cornwall-hospital',
          purpose: 'ETREAT',
          justification: 'Unconscious in A&E',
        },
        staffOf('cornwall-hospital', 'dr'),
      ),
    );

  it('sends each message once from whichever host holds the lease, and hands over on stop', async () => {
    const [a, b] = [open(), open()] as [HostRuntime, HostRuntime];
    // Core's test world (docs/testing.md), Alice alone with her mobile.
    await registerTestWorld(a.consentry, { patients: ['alice'], system });
    const sent = (host: HostRuntime) => host.outbox?.messagesTo(MOBILE).length ?? 0;

    const first = await emergency(a.consentry);
    expect(first.receipt.undelivered).toBe(0); // the background reactor sends, a moment later
    await waitFor(() => sent(a) + sent(b) === 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sent(a) + sent(b)).toBe(1);

    // The host that sent stops; the other takes the lease and sends the next one.
    const [holder, other] = sent(a) === 1 ? [a, b] : [b, a];
    await holder.close();
    await emergency(other.consentry);
    await waitFor(() => sent(other) === 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([sent(holder), sent(other)]).toEqual([1, 1]);
  }, 60_000);
});
