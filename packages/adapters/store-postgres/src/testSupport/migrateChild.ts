// One "host process" of the migration race: waits at a barrier (an advisory lock the test
// holds), then migrates the schema, and prints the outcome as JSON.
import pg from 'pg';
import { migrate } from '../schema.js';

const main = async (): Promise<void> => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const barrier = await pool.connect();
  await barrier.query('SELECT pg_advisory_lock_shared($1)', [Number(process.env.BARRIER)]);
  await barrier.query('SELECT pg_advisory_unlock_shared($1)', [Number(process.env.BARRIER)]);
  barrier.release();
  const result = await migrate(pool, process.env.SCHEMA ?? '')();
  process.stdout.write(
    `${JSON.stringify(result._tag === 'Right' ? { ok: true } : { ok: false, error: result.left.message })}\n`,
  );
  await pool.end();
  process.exitCode = result._tag === 'Right' ? 0 : 1;
};

void main();
