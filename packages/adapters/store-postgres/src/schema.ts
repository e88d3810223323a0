import type pg from 'pg';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { storeFailure, type StoreError } from '@consentry/core';
import { beginWriteFunction } from './horizon.js';
import { withLockedTransaction } from './lockedTransaction.js';
import { toStoreError } from './mapping.js';

/** Schema names are spliced into SQL, so only plain lower-case identifiers are accepted. */
export const isValidSchemaName = (name: string): boolean => /^[a-z_][a-z0-9_]{0,62}$/.test(name);

/** `"schema".table`, for a name already checked by `isValidSchemaName`. */
export const qualified = (schema: string, table: string): string => `"${schema}".${table}`;

/**
 * Migrations in order; never edit a shipped one, add the next. Each runs once, inside the
 * migration transaction. The global position is described in mapping.ts.
 */
const migrations = (schema: string): readonly string[] => [
  `CREATE TABLE ${qualified(schema, 'streams')} (
     stream_name text PRIMARY KEY,
     version     bigint NOT NULL CHECK (version > 0),
     last_hash   text   NOT NULL
   );
   CREATE TABLE ${qualified(schema, 'events')} (
     global_position bigint PRIMARY KEY,
     stream_name     text   NOT NULL,
     stream_position bigint NOT NULL CHECK (stream_position > 0),
     type            text   NOT NULL,
     data            json   NOT NULL,
     metadata        json   NOT NULL,
     hash            text   NOT NULL,
     CONSTRAINT events_stream_position_unique UNIQUE (stream_name, stream_position)
   );`,
  // Writers announce themselves, so readers wait only for them (horizon.ts).
  beginWriteFunction(schema),
];

/** The latest schema version this package writes. */
export const SCHEMA_VERSION = migrations('x').length;

/**
 * Brings the schema up to date. Idempotent, and safe when several processes start at once:
 * the whole migration runs in one transaction holding an advisory lock keyed by the schema
 * name, so the second process waits, then finds nothing left to do.
 */
export const migrate = (pool: pg.Pool, schema: string): TE.TaskEither<StoreError, void> =>
  TE.tryCatch(
    () =>
      withLockedTransaction(pool, 'consentry.migrate', schema, async (client) => {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${qualified(schema, 'migrations')} (
           version integer PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
        );
        const applied = await client.query<{ version: number }>(
          `SELECT version FROM ${qualified(schema, 'migrations')}`,
        );
        const done = new Set(applied.rows.map((row) => row.version));
        const newest = Math.max(0, ...done);
        if (newest > SCHEMA_VERSION) {
          // A newer release migrated this schema; writing with older code could break it.
          throw new NewerSchema(
            `Schema "${schema}" is at version ${newest}; this release knows up to ${SCHEMA_VERSION}: upgrade @consentry/store-postgres`,
          );
        }
        for (const [index, sql] of migrations(schema).entries()) {
          if (done.has(index + 1)) continue;
          await client.query(sql);
          await client.query(
            `INSERT INTO ${qualified(schema, 'migrations')} (version) VALUES ($1)`,
            [index + 1],
          );
        }
      }),
    (error) =>
      error instanceof NewerSchema
        ? storeFailure(error.message)
        : toStoreError(`migrate schema "${schema}"`, error),
  );

class NewerSchema extends Error {}
