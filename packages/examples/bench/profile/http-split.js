// Splits the reference host's access-check cost: the facade calls alone, then the same
// request through Fastify's inject (no sockets), both in one process on the same store.
//   node profile/http-split.js [n]
// ONLY=label runs the timings whose label holds it; PROFILE=dir writes a .cpuprofile of each
// timed loop there (sampled every 50 µs, warm-up and set-up left out).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import {
  buildApp,
  createLogger,
  decodeConfig,
  demoApiToken,
  openHost,
  seedDemo,
} from '@consentry/reference-host';

const n = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'consentry-http-split-'));
const config = decodeConfig({
  CONSENTRY_MODE: 'development', // the demo host; production is the default
  CONSENTRY_DATA_DIR: dir,
  CONSENTRY_LOG_LEVEL: 'warn',
});
if (E.isLeft(config)) throw new Error(config.left.message);
const logger = createLogger('warn');
const opened = openHost(config.right, logger);
if (E.isLeft(opened)) throw new Error(opened.left.message);
const runtime = opened.right;
await seedDemo(runtime);
const token = demoApiToken(runtime.keyring, 'cornwall-hospital');
const app = await buildApp({ ...runtime, logger, mode: 'development', now: () => new Date() });
await app.ready();
const nhsNumber = '9434765919';
const organisationId = 'cornwall-hospital';

const only = process.env.ONLY;
const session = process.env.PROFILE === undefined ? undefined : new Session();
if (process.env.PROFILE !== undefined) mkdirSync(process.env.PROFILE, { recursive: true });
if (session !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
}
const time = async (label, body) => {
  if (only !== undefined && !label.includes(only)) return;
  for (let i = 0; i < 300; i += 1) await body(); // warm-up
  if (session !== undefined) await session.post('Profiler.start');
  const start = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i += 1) await body();
  const cpu = process.cpuUsage(start);
  if (session !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    const file = join(process.env.PROFILE, `${label.replace(/\W+/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
  }
  const us = (cpu.user + cpu.system) / n;
  console.log(
    `${label.padEnd(34)} ${us.toFixed(0).padStart(5)} µs CPU/op  ${Math.round(n / ((performance.now() - t) / 1000))} op/s`,
  );
};
const { consentry } = runtime;
await time('findPatientByNhsNumber', async () => {
  const r = await consentry.findPatientByNhsNumber({ nhsNumber })();
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
});
const patient = await consentry.findPatientByNhsNumber({ nhsNumber })();
const patientId = patient.right.patientId;
await time('checkAccess', async () => {
  const r = await consentry.checkAccess({ patientId, organisationId })();
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
});
await time('inject GET /health', async () => {
  const r = await app.inject({ method: 'GET', url: '/health' });
  if (r.statusCode !== 200) throw new Error(r.body);
});
await time('inject 404 GET /api/v1/nothing', async () => {
  const r = await app.inject({
    method: 'GET',
    url: '/api/v1/nothing',
    headers: { authorization: `Bearer ${token}` },
  });
  if (r.statusCode !== 404) throw new Error(r.body);
});
await time('inject 401 access-check, bad token', async () => {
  const r = await app.inject({
    method: 'GET',
    url: `/api/v1/access-check?patient=${nhsNumber}&organisation=${organisationId}`,
    headers: { authorization: `Bearer ${'x'.repeat(43)}` },
  });
  if (r.statusCode !== 401) throw new Error(r.body);
});
await time('inject GET /api/v1/access-check', async () => {
  const r = await app.inject({
    method: 'GET',
    url: `/api/v1/access-check?patient=${nhsNumber}&organisation=${organisationId}`,
    headers: { authorization: `Bearer ${token}` },
  });
  if (r.statusCode !== 200) throw new Error(r.body);
});
await app.close();
await runtime.close();
rmSync(dir, { recursive: true, force: true });
