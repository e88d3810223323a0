// Profiles one path of the facade-floor workload in memory, after a warm-up:
//   PROFILE=/tmp/x.cpuprofile node profile/facade-cost.js [requestAccess|floor|checkAccess|checkFloor] [n]
// SEND=external: the facade leaves sending codes to a host's reactor (none runs here), so
// requestAccess is measured without sending the code, the one feature its floor leaves out.
// Same seeding and clock as the workload (a clock 30 s on per call, so every verify issues a
// challenge and sends its code). Prints CPU µs per call; samples every 50 µs when profiling.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createConsentry } from '@consentry/core';
import { acceptingNotifier, benchKeyring, consentryOver, seed } from '../dist/seed.js';
import { openInMemory } from '../dist/stores.js';
import { floorOf, timedLoop, viaFacade } from '../dist/workloads/facadeFloor.js';

const path = process.argv[2] ?? 'requestAccess';
const n = Number(process.argv[3] ?? 3000);
let t = Date.now();
const clock = { now: () => new Date((t += 30_000)) };
const open = openInMemory();
const consentry =
  process.env.SEND === 'external'
    ? createConsentry({
        eventStore: open.store,
        notifier: acceptingNotifier,
        clock,
        keyring: benchKeyring(),
        notifications: { delivery: 'external' },
      })
    : consentryOver(open.store, clock);
const seeded = await seed(consentry, 1000);
const pairs = seeded.patients.flatMap((p) => (seeded.careWith.get(p) ?? []).map((o) => [p, o]));
const pairOf = (i) => pairs[(i * 7919) % pairs.length];
const floors = await floorOf(open.store, clock);
const ops = {
  requestAccess: viaFacade(consentry),
  floor: floors.requestAccess,
  checkFloor: floors.checkAccess,
  checkAccess: async (patientId, organisationId) => {
    const r = await consentry.checkAccess({ patientId, organisationId })();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  },
};
const op = ops[path];
let next = 0;
await timedLoop(n, () => op(...pairOf(next++)));
const session = new Session();
if (process.env.PROFILE) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
}
const timed = await timedLoop(n, () => op(...pairOf(next++)));
if (process.env.PROFILE) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
console.log(
  `${path}: ${timed.cpuUsPerOp.toFixed(1)} µs CPU/call, ${Math.round(timed.perSecond)}/s (${n} calls)`,
);
await open.close();
