import { storeFailure } from '@consentry/core';
import type { Database } from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { incompatibleStoreFile, type OpenStoreError } from './errors.js';
import { sqliteErrorCode, toStoreError } from './mapping.js';
import type { ResolvedOptions } from './options.js';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, MIGRATIONS } from './schema.js';

/**
 * The schema version of the file, by reading only: 0 for an empty file, or an error
 * for a file that is not SQLite, belongs to something else, or is newer than this build.
 */
export const readSchemaVersion = (db: Database): E.Either<OpenStoreError, number> => {
  try {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const objects = db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() as number;
    if (applicationId === 0 && objects === 0) return E.right(0);
    if (applicationId !== APPLICATION_ID) {
      return E.left(
        incompatibleStoreFile(
          'not-consentry',
          'This SQLite file is not a Consentry event store (it holds other tables); refusing to change it.',
        ),
      );
    }
    const version = db.prepare('SELECT MAX(version) FROM schema_version').pluck().get() as number;
    if (version > LATEST_SCHEMA_VERSION) {
      return E.left(
        incompatibleStoreFile(
          'newer-schema',
          `This store file has schema version ${version}, written by a newer @consentry/store-sqlite; ` +
            `this version understands up to ${LATEST_SCHEMA_VERSION}. Upgrade the package to open it.`,
        ),
      );
    }
    return E.right(version);
  } catch (error) {
    if (sqliteErrorCode(error) === 'SQLITE_NOTADB') {
      return E.left(
        incompatibleStoreFile(
          'not-sqlite',
          'This file is not an SQLite database; refusing to change it.',
        ),
      );
    }
    return E.left(toStoreError(error, 'reading the schema version'));
  }
};

const applyMissing = (db: Database): E.Either<OpenStoreError, void> => {
  // BEGIN IMMEDIATE: when two processes open an old file at once, one migrates and the other
  // waits, then finds the work done, instead of both upgrading a read lock and deadlocking.
  const upgrade = db.transaction((): E.Either<OpenStoreError, void> => {
    const current = readSchemaVersion(db);
    if (E.isLeft(current)) return current;
    for (const migration of MIGRATIONS.filter((m) => m.version > current.right)) {
      migration.up(db);
      db.prepare(
        'INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)',
      ).run(migration.version, migration.description, new Date().toISOString());
    }
    return E.right(undefined);
  });
  try {
    return upgrade.immediate();
  } catch (error) {
    return E.left(toStoreError(error, 'migrating the schema'));
  }
};

/**
 * Checks the file before touching it, then sets WAL, durability and busy timeout and
 * brings the schema up to date. A refused file is left byte for byte as it was.
 */
export const prepareDatabase = (
  db: Database,
  options: ResolvedOptions,
): E.Either<OpenStoreError, void> => {
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  } catch (error) {
    return E.left(toStoreError(error, 'setting the busy timeout'));
  }
  const found = readSchemaVersion(db);
  if (E.isLeft(found)) return found;
  const pages = options.walAutocheckpointPages;
  if (!Number.isSafeInteger(pages) || pages < 0) {
    return E.left(storeFailure(`walAutocheckpointPages must be a whole number ≥ 0, not ${pages}`));
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    db.pragma(`wal_autocheckpoint = ${pages}`);
  } catch (error) {
    return E.left(toStoreError(error, 'setting journal mode, durability and checkpoints'));
  }
  return found.right < LATEST_SCHEMA_VERSION ? applyMissing(db) : E.right(undefined);
};
