// Raw better-sqlite3 doing the same disk work with no store around it, in the same run, so
// the store's own overhead reads as a ratio even when the machine is busy.
import Database from 'better-sqlite3';

const ROW = ['patient-1', 'SharingPreferenceSet', 'x'.repeat(180), 'y'.repeat(260), 'h'.repeat(64)];

/** One-row transactions into a plain table: the disk's commit rate. */
export const rawSingleRowCommits = (file, synchronous, count) => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, ty TEXT, d TEXT, m TEXT, h TEXT)');
  const insert = db.prepare('INSERT INTO t (s, ty, d, m, h) VALUES (?, ?, ?, ?, ?)');
  const one = db.transaction(() => insert.run(...ROW));
  const started = performance.now();
  for (let i = 0; i < count; i++) one.immediate();
  const elapsed = performance.now() - started;
  db.close();
  return Math.round((count / elapsed) * 1000);
};

/** Reads rows of the same size and JSON.parses two columns: the floor for a replay. */
export const rawReadAndParse = (file, count) => {
  const db = new Database(file);
  db.exec('CREATE TABLE r (id INTEGER PRIMARY KEY, d TEXT, m TEXT)');
  const d = JSON.stringify({
    patientId: 'p'.repeat(36),
    organisationId: 'ODS-A00001',
    preference: 'allow',
    setAt: '2026-03-03T10:15:00.000Z',
  });
  const m = JSON.stringify({
    eventId: 'e'.repeat(36),
    recordedAt: '2026-03-03T10:15:00.000Z',
    actor: { kind: 'patient', id: 'patient-1' },
    correlationId: 'c'.repeat(36),
    schemaVersion: 1,
    reason: 'Patient chose at reception',
  });
  const insert = db.prepare('INSERT INTO r (d, m) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(d, m);
  })();
  const read = db.prepare('SELECT id, d, m FROM r WHERE id >= ? ORDER BY id LIMIT 1000').raw();
  const started = performance.now();
  let seen = 0;
  for (let from = 0; ;) {
    const rows = read.all(from);
    for (const row of rows)
      if (JSON.parse(row[1]).preference === 'allow' && JSON.parse(row[2]).schemaVersion === 1)
        seen++;
    if (rows.length < 1000) break;
    from = rows[rows.length - 1][0] + 1;
  }
  const elapsed = performance.now() - started;
  db.close();
  if (seen !== count) throw new Error('baseline read lost rows');
  return Math.round((count / elapsed) * 1000);
};
