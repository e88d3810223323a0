import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { decodeConfig } from '../config/config.js';
import { seedDemo } from '../demo/seed.js';
import { Client, send } from '../__fixtures__/testHost.js';
import { openHost, type HostRuntime } from '../wiring/openHost.js';

/**
 * CONSENTRY_STORE_REPLICA over HTTP, with the primary and synchronous standby .ci/run starts
 * (.ci/postgres-pair.sh: CONSENTRY_PG_PRIMARY_URL, CONSENTRY_PG_STANDBY_URL).
 */
const primaryUrl = process.env.CONSENTRY_PG_PRIMARY_URL ?? '';
const standbyUrl = process.env.CONSENTRY_PG_STANDBY_URL ?? '';
const describeWithPair = standbyUrl !== '' && primaryUrl !== '' ? describe : describe.skip;
if (standbyUrl === '' || primaryUrl === '')
  process.stdout.write(
    'skipped reference-host read-replica test: CONSENTRY_PG_STANDBY_URL is not set\n',
  );

const ALICE = '9434765919';
/** Taken on the primary by every suite that pauses the standby's replay (store-postgres's replica spec too). */
const REPLAY_LOCK = 7_419_630_019;
const CHECK = `/api/v1/access-check?patient=${ALICE}`;

describeWithPair(
  'the reference host reading checks from a replica (CONSENTRY_STORE_REPLICA)',
  () => {
    const schema = `consentry_replica_${randomBytes(5).toString('hex')}`;
    let runtime: HostRuntime;
    let app: FastifyInstance;
    let base: string;
    let practice: Client;
    let hospital: Client;
    let standby: pg.Pool;
    let replayLock: pg.Client;

    beforeAll(async () => {
      replayLock = new pg.Client({ connectionString: primaryUrl });
      await replayLock.connect();
      await replayLock.query('SELECT pg_advisory_lock($1)', [REPLAY_LOCK]);
      const config = decodeConfig({
        CONSENTRY_MODE: 'development',
        CONSENTRY_STORE: `${primaryUrl}?schema=${schema}`,
        CONSENTRY_STORE_REPLICA: standbyUrl,
        CONSENTRY_DELIVERY: 'immediate',
        CONSENTRY_KEYRING: `k1:${randomBytes(32).toString('base64')}`,
        CONSENTRY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-replica-')),
      });
      if (E.isLeft(config)) throw new Error(config.left.message);
      const opened = openHost(config.right, pino({ level: 'silent' }));
      if (E.isLeft(opened)) throw new Error(opened.left.message);
      runtime = opened.right;
      await seedDemo(runtime, { passwordCost: { N: 1024 } });
      app = await buildApp({
        ...runtime,
        logger: pino({ level: 'silent' }),
        mode: 'development',
        now: () => new Date(),
      });
      base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
      practice = new Client(base);
      await practice.signInStaff('practice');
      hospital = new Client(base);
      await hospital.signInStaff('leicester');
      standby = new pg.Pool({ connectionString: standbyUrl, max: 1 });
      // The hospital cares for Alice: off the practice's lists, her check is no longer a deny.
      const started = await hospital.api('POST', `/api/v1/patients/${ALICE}/care-relationship`, {
        selfClaimed: true,
        reason: 'Admitted through A&E',
      });
      expect(started.statusCode).toBe(201);
    }, 120_000);
    afterAll(async () => {
      await standby?.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
      await standby?.end();
      app?.server.closeAllConnections();
      await app?.close();
      await runtime?.close();
      const pool = new pg.Pool({ connectionString: primaryUrl, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
      await replayLock?.end();
    });

    /** The practice prohibits the hospital, or takes it off its lists: the check's answer follows. */
    const write = async (prohibit: boolean): Promise<string> => {
      const response = prohibit
        ? await practice.api('POST', '/api/v1/practices/leic-practice/prohibited', {
            organisationId: 'leic-hospital',
          })
        : await practice.api('DELETE', '/api/v1/practices/leic-practice/lists/leic-hospital');
      expect(response.statusCode).toBe(200);
      const token = response.headers['consentry-commit-token'];
      expect(token).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(response.json<{ commitToken?: string }>().commitToken).toBe(token);
      return token as string;
    };
    const check = async (token: string | undefined) => {
      const response = await send(base, 'GET', CHECK, {
        headers: {
          cookie: hospital.sessionCookie!,
          ...(token === undefined ? {} : { 'consentry-commit-token': token }),
        },
      });
      return response;
    };
    const outcomeOf = async (token: string | undefined): Promise<string> => {
      const response = await check(token);
      expect(response.statusCode).toBe(200);
      return response.json<{ outcome: string }>().outcome;
    };

    it('a check sent the write’s token reads that write from the replica', async () => {
      const outcomes: string[] = [];
      for (const prohibit of [true, false, true, false]) {
        const token = await write(prohibit);
        const before = runtime.replicaReads!.served();
        outcomes.push(await outcomeOf(token));
        const after = runtime.replicaReads!.served();
        expect(after.replica).toBeGreaterThan(before.replica);
        expect(after.primary).toBe(before.primary);
        expect(await outcomeOf(undefined)).toBe(outcomes.at(-1)); // the primary's answer
      }
      // Prohibited is a deny; off the lists it is not: a stale read would have been caught.
      expect(outcomes[0]).toBe('deny');
      expect(outcomes[1]).not.toBe('deny');
      expect(outcomes).toEqual([outcomes[0], outcomes[1], outcomes[0], outcomes[1]]);
    });

    it('a check without a token reads the primary', async () => {
      const before = runtime.replicaReads!.served();
      await outcomeOf(undefined);
      const after = runtime.replicaReads!.served();
      expect(after.replica).toBe(before.replica);
      expect(after.primary).toBeGreaterThan(before.primary);
    });

    it('goes to the primary after the bound when the replica has not replayed the token', async () => {
      await standby.query('SELECT pg_wal_replay_pause()');
      try {
        const token = await write(true);
        const before = runtime.replicaReads!.served();
        const started = Date.now();
        expect(await outcomeOf(token)).toBe('deny');
        const waited = Date.now() - started;
        expect(runtime.replicaReads!.served().primary).toBeGreaterThan(before.primary);
        expect(waited).toBeGreaterThanOrEqual(450);
        expect(waited).toBeLessThan(950); // one wait for the request, not one per read;
      } finally {
        await standby.query('SELECT pg_wal_replay_resume()');
      }
      await write(false);
    });

    it('an old token may read the standby’s past, but opening the record is decided on the primary', async () => {
      const old = await write(false); // off the lists: the hospital's check is not a deny
      expect(await outcomeOf(old)).not.toBe('deny');
      await standby.query('SELECT pg_wal_replay_pause()');
      try {
        await write(true); // prohibited, on the primary only: the standby does not replay it
        // The old token is covered by the standby, so the check reads the standby: as of the
        // token, not the latest (read-your-writes, no more).
        expect(await outcomeOf(old)).not.toBe('deny');
        expect(await outcomeOf(undefined)).toBe('deny');
        // Opening the record is a command: the header is ignored and the primary decides.
        const opened = await send(base, 'POST', `/api/v1/patients/${ALICE}/record-views`, {
          headers: {
            cookie: hospital.sessionCookie!,
            'x-consentry-request': '1',
            'consentry-commit-token': old,
          },
        });
        expect(opened.statusCode).toBe(403);
        const refused = opened.json<{ error: string; decision: { reason: string } }>();
        expect(refused.error).toBe('NotPermitted');
        expect(refused.decision.reason).toBe('organisation-prohibited');
      } finally {
        await standby.query('SELECT pg_wal_replay_resume()');
      }
      await write(false);
    });

    it('measures a check over HTTP read from the replica beside one read from the primary', async () => {
      const token = await write(false);
      await outcomeOf(token); // the replica has it: later requests ask it nothing more
      const REQUESTS = 200;
      const time = async (given: string | undefined): Promise<number> => {
        const started = process.hrtime.bigint();
        for (let i = 0; i < REQUESTS; i++) expect((await check(given)).statusCode).toBe(200);
        return Number(process.hrtime.bigint() - started) / 1000 / REQUESTS;
      };
      await time(undefined); // warm both
      await time(token);
      const before = runtime.replicaReads!.served();
      const primaryUs = await time(undefined);
      const replicaUs = await time(token);
      const after = runtime.replicaReads!.served();
      expect(after.replica - before.replica).toBeGreaterThanOrEqual(REQUESTS);
      console.log(
        `GET /api/v1/access-check, ${REQUESTS} in a row: ${primaryUs.toFixed(0)} µs per request from the primary, ${replicaUs.toFixed(0)} µs from the replica with a replayed token (stream reads: replica ${after.replica - before.replica}, primary ${after.primary - before.primary}); both servers and the host share this machine's cores, so this is cost per check, not added capacity`,
      );
    });

    it('answers a token the primary never issued from the primary at once, without waiting', async () => {
      const before = runtime.replicaReads!.served();
      const started = Date.now();
      expect(await outcomeOf('FFFFFFFF/0')).not.toBe('deny');
      expect(Date.now() - started).toBeLessThan(400); // the bound is 500 ms
      expect(runtime.replicaReads!.served().primary).toBeGreaterThan(before.primary);
      expect(runtime.replicaReads!.served().replica).toBe(before.replica);
    });

    it('refuses a malformed token and changes nothing', async () => {
      const response = await check("0/1' OR 1=1");
      expect(response.statusCode).toBe(400);
      expect(response.json<{ field?: string }>().field).toBe('header.consentry-commit-token');
    });
  },
);
