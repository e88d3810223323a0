// Splits checkAccess's cost: the facade, its handler's steps called directly, and the floor,
// each after the same seeding, one variant per process:
//   [PRE=n] node profile/check-split.js [facade|query|handler|loadFacts…|floor] [n]
import { consentryOver, seed } from '../dist/seed.js';
import { openInMemory } from '../dist/stores.js';
import { floorOf, timedLoop, viaFacade } from '../dist/workloads/facadeFloor.js';
import { decideAccess, defaultPolicy } from '@consentry/core';

const coreDist = new URL('.', import.meta.resolve('@consentry/core'));
const { loadFacts } = await import(new URL('streams/folds.js', coreDist).href);
const { stateCache } = await import(new URL('streams/stateCache.js', coreDist).href);
const { resolvePolicy } = await import(new URL('application/policy.js', coreDist).href);
const access = await import(new URL('application/handlers/access.js', coreDist).href);
const { query } = await import(new URL('application/command.js', coreDist).href);
const I = await import(new URL('application/inputs.js', coreDist).href);

const variant = process.argv[2] ?? 'facade';
const n = Number(process.argv[3] ?? 20000);
let t = Date.now();
const clock = { now: () => new Date((t += 30_000)) };
const open = openInMemory();
const consentry = consentryOver(open.store, clock);
const seeded = await seed(consentry, 1000);
const pairs = seeded.patients.flatMap((p) => (seeded.careWith.get(p) ?? []).map((o) => [p, o]));
const pairOf = (i) => pairs[(i * 7919) % pairs.length];
// PRE=n: n requestAccess calls through the facade first, as the bench's rounds before its checks.
const pre = viaFacade(consentry);
for (let i = 0; i < Number(process.env.PRE ?? 0); i += 1) await pre(...pairOf(i));
// FLOORPRE=n: n floor requestAccess calls on a second store seeded alike, as the bench interleaves.
if (process.env.FLOORPRE !== undefined) {
  const other = openInMemory();
  await seed(consentryOver(other.store, clock), 1000);
  const otherFloor = await floorOf(other.store, clock);
  for (let i = 0; i < Number(process.env.FLOORPRE); i += 1)
    await otherFloor.requestAccess(...pairOf(i));
  for (let i = 0; i < 3000; i += 1) await otherFloor.checkAccess(...pairOf(i));
}
const floors = await floorOf(open.store, clock);
const source = { store: open.store, states: stateCache() };
const policy = resolvePolicy();
const rt = { store: open.store, states: stateCache(), clock, policy };
const handler = access.checkAccess(rt);
const queried = query(I.CheckAccessInput, handler);
const ops = {
  facade: async (patientId, organisationId) => {
    const r = await consentry.checkAccess({ patientId, organisationId })();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  },
  loadFacts: async (patientId, organisationId) => {
    const r = await loadFacts(source, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    decideAccess(
      r.right.facts,
      { organisationId, purpose: 'TREAT', now: clock.now() },
      defaultPolicy,
    );
  },
  loadFactsPolicy: async (patientId, organisationId) => {
    const r = await loadFacts(source, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    decideAccess(r.right.facts, { organisationId, purpose: 'TREAT', now: clock.now() }, policy);
  },
  loadFactsSpread: async (patientId, organisationId) => {
    const input = { patientId, organisationId };
    const r = await loadFacts(source, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    decideAccess(
      r.right.facts,
      { ...input, purpose: input.purpose ?? 'TREAT', now: clock.now() },
      policy,
    );
  },
  loadFactsLiteral: async (patientId, organisationId) => {
    const r = await loadFacts(source, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    decideAccess(
      r.right.facts,
      { patientId, organisationId, purpose: 'TREAT', now: clock.now() },
      policy,
    );
  },
  spreadThenLiteral: async (patientId, organisationId) => {
    const input = { patientId, organisationId };
    const r = await loadFacts(source, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    const ask = { ...input, purpose: input.purpose ?? 'TREAT', now: clock.now() };
    decideAccess(
      r.right.facts,
      { organisationId: ask.organisationId, purpose: ask.purpose, now: ask.now },
      policy,
    );
  },
  spreadOnly: async (patientId, organisationId) => {
    const input = { patientId, organisationId };
    const r = await loadFacts(source, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    const ask = { ...input, purpose: input.purpose ?? 'TREAT', now: clock.now() };
    if (ask.now === undefined) throw new Error();
  },
  loadOnly: async (patientId, organisationId) => {
    const r = await loadFacts(source, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  },
  loadFactsRt: async (patientId, organisationId) => {
    const r = await loadFacts(rt, patientId, organisationId)();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
    decideAccess(r.right.facts, { organisationId, purpose: 'TREAT', now: clock.now() }, policy);
  },
  handler: async (patientId, organisationId) => {
    const r = await handler({ patientId, organisationId })();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  },
  query: async (patientId, organisationId) => {
    const r = await queried({ patientId, organisationId })();
    if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  },
  floor: floors.checkAccess,
};
const op = ops[variant];
let next = 0;
await timedLoop(n, () => op(...pairOf(next++)));
// Ten batches; the least CPU per call is the figure least disturbed by GC and the machine.
const batches = [];
for (let b = 0; b < 10; b += 1)
  batches.push((await timedLoop(n / 10, () => op(...pairOf(next++)))).cpuUsPerOp);
batches.sort((a, b) => a - b);
console.log(
  `${variant}: ${batches[0].toFixed(2)} µs CPU/call least of 10 batches, median ${batches[5].toFixed(2)} (${n} calls)`,
);
await open.close();
