// The measurements behind docs/scaling.md (run: see that page). Runs every scenario of the
// library on an in-memory store and counts what the log records per patient, per command and
// per kind of event; then writes those events (many copies, under fresh stream names) to a
// PostgreSQL schema to measure bytes per event on disk, and times appends of them from 8
// writers. Prints one JSON document.
import path from 'node:path';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { inMemoryEventStore, type EventStore, type RecordedEvent } from '@consentry/core';
import { runScenarioFile, scenarioFiles } from '@consentry/core/testing';
import { postgresEventStore } from '../postgresEventStore.js';

const SCENARIOS = path.resolve(__dirname, '../../../../examples/scenarios');
const COPIES = Number(process.env.SIZING_COPIES ?? 40);

const readAll = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let position = 0n; ;) {
    const batch = await store.readAll({ fromPosition: position, batchSize: 5000 })();
    if (E.isLeft(batch)) throw new Error(batch.left.message);
    events.push(...batch.right.events);
    position = batch.right.nextPosition;
    if (batch.right.isEnd) return events;
  }
};

const main = async (): Promise<void> => {
  const logs: RecordedEvent[][] = [];
  const byType = new Map<string, number>();
  let patients = 0;
  let commands = 0;
  let spanDays = 0;
  for (const file of scenarioFiles(SCENARIOS)) {
    const store = inMemoryEventStore();
    const run = await runScenarioFile(file, { eventStore: store });
    if (E.isLeft(run) || !run.right.passed) throw new Error(`scenario failed: ${file}`);
    const events = await readAll(store);
    logs.push(events);
    for (const e of events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    patients += events.filter((e) => e.type === 'PatientRegistered').length;
    commands += new Set(events.map((e) => e.metadata.correlationId)).size;
    const times = events.map((e) => Date.parse(e.metadata.recordedAt));
    spanDays += (Math.max(...times) - Math.min(...times)) / 86_400_000;
  }
  const all = logs.flat();
  const count = (type: string) => byType.get(type) ?? 0;

  // PostgreSQL: the same events, COPIES times over under fresh stream names.
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const schema = `consentry_sizing_${process.pid}`;
  const store = postgresEventStore(pool, { schema });
  const streams = (copy: number) => {
    const out = new Map<string, RecordedEvent[]>();
    for (const [n, log] of logs.entries())
      for (const e of log) {
        const name = `${e.streamName}-s${n}c${copy}`;
        out.set(name, [...(out.get(name) ?? []), e]);
      }
    return [...out.entries()];
  };
  let written = 0;
  const started = process.hrtime.bigint();
  for (let copy = 0; copy < COPIES; copy++) {
    const work = streams(copy);
    // 8 writers, each appending one stream's events one command at a time.
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < work.length; i += 8) {
          const [name, events] = work[i] as [string, RecordedEvent[]];
          const byCommand = new Map<string, RecordedEvent[]>();
          for (const e of events)
            byCommand.set(e.metadata.correlationId, [
              ...(byCommand.get(e.metadata.correlationId) ?? []),
              e,
            ]);
          for (const group of byCommand.values()) {
            const result = await store.appendToStream(
              name,
              group.map((e) => ({
                type: e.type,
                data: e.data,
                metadata: { ...e.metadata, eventId: `${e.metadata.eventId}-${copy}` },
              })),
            )();
            if (E.isLeft(result)) throw new Error(result.left.message);
            written += group.length;
          }
        }
      }),
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.query('VACUUM ANALYZE ' + `"${schema}".events`).catch(() => undefined);
  const size = await pool.query<{
    events: string;
    streams: string;
    rows: string;
    nstreams: string;
  }>(
    `SELECT pg_total_relation_size('"${schema}".events')::text AS events,
            pg_total_relation_size('"${schema}".streams')::text AS streams,
            (SELECT count(*) FROM "${schema}".events)::text AS rows,
            (SELECT count(*) FROM "${schema}".streams)::text AS nstreams`,
  );
  const row = size.rows[0] as { events: string; streams: string; rows: string; nstreams: string };
  const parts = await pool.query<{ heap: string; pkey: string; stream_index: string }>(
    `SELECT pg_relation_size('"${schema}".events')::text AS heap,
            pg_relation_size('"${schema}".events_pkey')::text AS pkey,
            pg_relation_size('"${schema}".events_stream_position_unique')::text AS stream_index`,
  );
  const part = parts.rows[0] as { heap: string; pkey: string; stream_index: string };
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await store.close();
  await pool.end();

  process.stdout.write(
    `${JSON.stringify(
      {
        scenarios: logs.length,
        events: all.length,
        patients,
        commands,
        eventsPerPatient: all.length / patients,
        eventsPerCommand: all.length / commands,
        scenarioSpanDays: spanDays,
        byType: Object.fromEntries([...byType.entries()].sort((a, b) => b[1] - a[1])),
        accessRequests: count('AccessRequested'),
        emergencies: count('EmergencyAccessInvoked'),
        postgres: {
          eventsWritten: written,
          appendSeconds: seconds,
          eventsPerSecond: written / seconds,
          eventRows: Number(row.rows),
          bytesPerEvent: Number(row.events) / Number(row.rows),
          streams: Number(row.nstreams),
          bytesPerStream: Number(row.streams) / Number(row.nstreams),
          heapBytesPerEvent: Number(part.heap) / Number(row.rows),
          positionIndexBytesPerEvent: Number(part.pkey) / Number(row.rows),
          streamIndexBytesPerEvent: Number(part.stream_index) / Number(row.rows),
        },
      },
      null,
      2,
    )}\n`,
  );
};
void main();
