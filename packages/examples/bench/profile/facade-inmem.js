// Profiles the in-memory facade: PROFILE=/tmp/facade.cpuprofile node profile/facade-inmem.js
// CACHE=0 turns the state cache off. Prints commands per wall second and per CPU second.
import { createConsentry, inMemoryEventStore, systemClock } from '@consentry/core';
import { seed } from '../dist/seed.js';
import { acceptingNotifier, benchKeyring } from '../dist/seed.js';
const store = inMemoryEventStore();
const consentry = createConsentry({
  eventStore: store,
  notifier: acceptingNotifier,
  clock: systemClock,
  keyring: benchKeyring(),
  ...(process.env.CACHE === undefined ? {} : { stateCacheStreams: Number(process.env.CACHE) }),
});
const seeded = await seed(consentry, 1000);
const pairs = seeded.patients.flatMap((p) => (seeded.careWith.get(p) ?? []).map((o) => [p, o]));
const n = Number(process.env.N ?? 5000);
// PROFILE=file.cpuprofile profiles the timed loop only (not the seeding).
const { Session } = await import('node:inspector/promises');
const session = new Session();
if (process.env.PROFILE) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const outcomes = {};
const t = performance.now();
const cpu = process.cpuUsage();
for (let i = 0; i < n; i++) {
  const [patientId, organisationId] = pairs[(i * 7919) % pairs.length];
  const r = await consentry.requestAccess(
    { patientId, organisationId, purpose: 'TREAT' },
    { actor: { kind: 'organisation-staff', id: 'c', organisationId } },
  )();
  if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  outcomes[r.right.outcome] = (outcomes[r.right.outcome] ?? 0) + 1;
}
const used = process.cpuUsage(cpu);
if (process.env.PROFILE) {
  const { profile } = await session.post('Profiler.stop');
  (await import('node:fs')).writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
console.log(
  Math.round(n / ((performance.now() - t) / 1000)),
  'commands/s;',
  Math.round(n / ((used.user + used.system) / 1e6)),
  'per CPU-s',
  JSON.stringify(outcomes),
);
