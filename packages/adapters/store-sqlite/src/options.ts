/**
 * How each commit reaches the disk (SQLite's `synchronous` pragma, in WAL mode):
 * - `FULL` (default): the WAL is fsynced at every commit. An acknowledged append survives a
 *   process crash, an OS crash and a power cut.
 * - `NORMAL`: the WAL is fsynced only at checkpoints. An acknowledged append survives a process
 *   crash, but an OS crash or power cut can lose the last commits (never corrupts the file).
 */
export type Synchronous = 'FULL' | 'NORMAL';

export interface SqliteEventStoreOptions {
  /** Defaults to `FULL`. See {@link Synchronous} for what `NORMAL` risks. */
  readonly synchronous?: Synchronous;
  /** How long a writer waits for another process's write lock before giving up. Defaults to 5,000 ms. */
  readonly busyTimeoutMs?: number;
  /** How often subscriptions look for appends made by other processes. Defaults to 250 ms. */
  readonly pollIntervalMs?: number;
  /**
   * WAL pages after which a commit also checkpoints the WAL into the database file
   * (SQLite's `wal_autocheckpoint`; 0 turns automatic checkpoints off). Defaults to 10,000
   * (about 40 MB of WAL with 4 KiB pages) rather than SQLite's 1,000: checkpoints are ten
   * times rarer, and pages that many commits rewrite (index leaves) are copied once. The
   * cost: a WAL file up to that size on disk, and more of it to scan when the file is
   * opened after a crash.
   */
  readonly walAutocheckpointPages?: number;
}

export interface ResolvedOptions {
  readonly synchronous: Synchronous;
  readonly busyTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly walAutocheckpointPages: number;
}

export const resolveOptions = (options: SqliteEventStoreOptions = {}): ResolvedOptions => ({
  synchronous: options.synchronous ?? 'FULL',
  busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
  pollIntervalMs: options.pollIntervalMs ?? 250,
  walAutocheckpointPages: options.walAutocheckpointPages ?? 10_000,
});
