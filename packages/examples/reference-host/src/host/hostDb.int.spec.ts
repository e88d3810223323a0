import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describeWithDatabase } from '@consentry/core/testing';
import { hostDbContract } from './__fixtures__/hostDbContract.js';
import { openHostDb } from './hostDb.js';
import { openPostgresHostDb } from './hostDbPostgres.js';

// One contract, both implementations: what a test asks of one, it asks of the other.

describe('HostDb on SQLite (host.sqlite)', () => {
  hostDbContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consentry-hostdb-'));
    // Two opens of one file: two processes on one data folder.
    const a = openHostDb(path.join(dir, 'host.sqlite'));
    const b = openHostDb(path.join(dir, 'host.sqlite'));
    return Promise.resolve({
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    });
  });
});

describeWithDatabase('HostDb on PostgreSQL (the store’s database)', (url) => {
  hostDbContract(async () => {
    const schema = `consentry_hostdb_${randomBytes(5).toString('hex')}`;
    // Two pools: two hosts, each with its own connections, on one schema.
    const poolA = new pg.Pool({ connectionString: url, max: 4 });
    const poolB = new pg.Pool({ connectionString: url, max: 4 });
    const a = openPostgresHostDb(poolA, { schema, endPool: true });
    const b = openPostgresHostDb(poolB, { schema, endPool: true });
    return Promise.resolve({
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
        const admin = new pg.Pool({ connectionString: url, max: 1 });
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      },
    });
  });

  it('hosts starting together create the tables once, without an error', async () => {
    const schema = `consentry_hostdb_${randomBytes(5).toString('hex')}`;
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 2 }));
    try {
      const dbs = pools.map((pool) => openPostgresHostDb(pool, { schema }));
      // Each one's first call creates the tables if missing: all at once.
      const counts = await Promise.all(
        dbs.map((db, i) => db.recordSignInCodeSent('alice', 1_000 + i, 60_000)),
      );
      expect([...counts].sort()).toEqual([1, 2, 3, 4]);
    } finally {
      await pools[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
