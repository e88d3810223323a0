// Raw better-sqlite3 doing the same disk work with no store around it, in the same run, so
// the store's own overhead reads as a ratio even when the machine is busy.
import Database from 'better-sqlite3';

const ROW = ['patient-1', 'SharingPreferenceSet', 'x'.repeat(180), 'y'.repeat(260), 'h'.repeat(64)];

/**
 * Transactions of `rows` rows into a plain table (no index, nothing computed): with one row,
 * the disk's commit rate. Returns rows per second.
 */
export const rawSingleRowCommits = (file, synchronous, count, rows = 1) => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, ty TEXT, d TEXT, m TEXT, h TEXT)');
  const insert = db.prepare('INSERT INTO t (s, ty, d, m, h) VALUES (?, ?, ?, ?, ?)');
  const some = db.transaction(() => {
    for (let r = 0; r < rows; r++) insert.run(...ROW);
  });
  const started = performance.now();
  for (let i = 0; i < count; i++) some.immediate();
  const elapsed = performance.now() - started;
  db.close();
  return Math.round(((count * rows) / elapsed) * 1000);
};

/**
 * Reads the same `events` rows the store's replay read, and JSON.parses data and metadata:
 * the floor for a replay, measured on the same file right after it.
 */
export const rawReadAndParse = (db) => {
  const read = db
    .prepare(
      'SELECT global_position, data, metadata FROM events WHERE global_position >= ? ORDER BY global_position LIMIT 1000',
    )
    .raw();
  const started = performance.now();
  let seen = 0;
  for (let from = 0; ;) {
    const rows = read.all(from);
    for (const row of rows)
      if (JSON.parse(row[1]).preference !== undefined && JSON.parse(row[2]).schemaVersion === 1)
        seen++;
    if (rows.length < 1000) break;
    from = rows[rows.length - 1][0] + 1;
  }
  return { seen, perSecond: Math.round((seen / (performance.now() - started)) * 1000) };
};
