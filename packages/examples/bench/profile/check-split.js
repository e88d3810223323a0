// Splits checkAccess's cost: the facade, its handler's steps called directly, and the floor,
// each after the same seeding, one variant per process:
//   [PRE=n] node profile/check-split.js [facade|query|handler|loadFacts…|floor] [n]
import { consentryOver, seed } from '../dist/seed.js';
import { openInMemory } from '../dist/stores.js';
import { floorOf, timedLoop, viaFacade } from '../dist/workloads/facadeFloor.js';
import { decideAccess } from '@consentry/core';

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
/** A task's answer, or a throw on a refusal (every variant answers the same calls). */
const answered = async (task) => {
  const r = await task();
  if (r._tag === 'Left') throw new Error(JSON.stringify(r.left));
  return r.right;
};
/**
 * Core's loadFacts then decideAccess, called straight, with the ask `askOf` makes (none: no
 * decision), reading from `from` (a fresh cache by default, or the runtime-like object).
 */
const loadThenDecide =
  (askOf, from = source) =>
  async (patientId, organisationId) => {
    const { facts } = await answered(loadFacts(from, patientId, organisationId));
    const ask = askOf(patientId, organisationId);
    if (ask !== undefined) decideAccess(facts, ask, policy);
  };
/** The ask as the handler once made it: the input spread, then two keys added. */
const spreadAsk = (patientId, organisationId) => {
  const input = { patientId, organisationId };
  return { ...input, purpose: input.purpose ?? 'TREAT', now: clock.now() };
};
const literalAsk = (_, organisationId) => ({ organisationId, purpose: 'TREAT', now: clock.now() });
const ops = {
  facade: (patientId, organisationId) =>
    answered(consentry.checkAccess({ patientId, organisationId })),
  query: (patientId, organisationId) => answered(queried({ patientId, organisationId })),
  handler: (patientId, organisationId) => answered(handler({ patientId, organisationId })),
  loadFacts: loadThenDecide(literalAsk),
  loadFactsRt: loadThenDecide(literalAsk, rt),
  loadFactsSpread: loadThenDecide(spreadAsk),
  loadFactsLiteral: loadThenDecide((patientId, organisationId) => ({
    patientId,
    organisationId,
    purpose: 'TREAT',
    now: clock.now(),
  })),
  // The spread ask made, then a literal from it decided on: is it making it, or deciding on it?
  spreadThenLiteral: loadThenDecide((patientId, organisationId) => {
    const ask = spreadAsk(patientId, organisationId);
    return { organisationId: ask.organisationId, purpose: ask.purpose, now: ask.now };
  }),
  spreadOnly: loadThenDecide(
    (patientId, organisationId) => void spreadAsk(patientId, organisationId),
  ),
  loadOnly: loadThenDecide(() => undefined),
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
