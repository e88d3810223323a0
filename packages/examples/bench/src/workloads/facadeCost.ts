import { must, progress } from '../measure.js';
import type { Row } from '../results.js';
import { createConsentry } from '@consentry/core';
import { acceptingNotifier, benchKeyring, consentryOver, seed } from '../seed.js';
import { openInMemory } from '../stores.js';
import { floorOf, timedLoop, viaFacade, type Timed } from './facadeFloor.js';

/** Rounds of each order (so twice as many rounds in all). */
const ROUNDS = 3;

/**
 * A clock 30 s further on at each call: a pair comes round again hours later, when its last
 * challenge has expired, so every verify issues a challenge and sends its code, as in the
 * facade workload's first pass (held at the wall clock, later rounds would reuse open
 * challenges and send nothing).
 */
const steppingClock = () => {
  let t = Date.now();
  return { now: () => new Date((t += 30_000)) };
};

/**
 * What one command costs against its floor, in memory, one caller: `requestAccess` through
 * the facade beside read → decide → append with the facade's own folds and deciders
 * (facadeFloor.ts) on a store seeded alike, in alternating rounds; and `checkAccess` beside
 * its floor. CPU time
 * (process.cpuUsage around each round) is the figure to read on a shared machine; each
 * figure is the round with the least CPU per operation, of six: the paths in turn in every
 * order. Also `requestAccess` with codes left to a host's reactor: what the facade costs
 * beside its floor once the one feature the floor leaves out, sending the code, is taken away.
 */
export const facadeCostBench = async (patients: number, commands: number): Promise<Row[]> => {
  // Stores seeded alike: each path reads only what it wrote itself, as one host would.
  const ourStore = openInMemory();
  const bareStore = openInMemory();
  const quietStore = openInMemory();
  try {
    const clock = steppingClock();
    const consentry = consentryOver(ourStore.store, clock);
    // The facade with codes left to a host's reactor (none runs here): sending the code is
    // the one feature the floor leaves out, so this path shows what the rest costs.
    const quiet = createConsentry({
      eventStore: quietStore.store,
      notifier: acceptingNotifier,
      clock,
      keyring: benchKeyring(),
      notifications: { delivery: 'external' },
    });
    progress(`facade cost: seeding ${patients} patients, three times`);
    const seeded = await seed(consentry, patients);
    await seed(consentryOver(bareStore.store, clock), patients);
    await seed(quiet, patients);
    const pairs = seeded.patients.flatMap((p) =>
      (seeded.careWith.get(p) ?? []).map((o) => [p, o] as const),
    );
    const pairOf = (i: number) => pairs[(i * 7919) % pairs.length]!;
    const facade = viaFacade(consentry);
    const facadeNoSend = viaFacade(quiet);
    const floor = await floorOf(bareStore.store, clock);
    const check = async (i: number): Promise<void> => {
      const [patientId, organisationId] = pairOf(i);
      must(await consentry.checkAccess({ patientId, organisationId })(), 'checkAccess');
    };
    const checkFloor = (i: number) => floor.checkAccess(...pairOf(i));
    const best = {
      facade: [] as Timed[],
      noSend: [] as Timed[],
      floor: [] as Timed[],
      check: [] as Timed[],
      checkFloor: [] as Timed[],
    };
    // Each path runs the same commands in the same order, on its own store.
    const next = { facade: 0, noSend: 0, floor: 0 };
    const paths = { facade, noSend: facadeNoSend, floor: floor.requestAccess };
    type Path = keyof typeof paths;
    const round = (path: Path) => timedLoop(commands, () => paths[path](...pairOf(next[path]++)));
    // Warm-up, not measured: the JIT settles on all the paths first.
    await round('facade');
    await round('noSend');
    await round('floor');
    await timedLoop(commands, check);
    await timedLoop(commands, checkFloor);
    // The commands' rounds, then the checks' rounds, each pair in turn in both orders: a
    // round pays for collecting the garbage of the round before it, and a check round that
    // always came after a round of commands, or always after the other path, was charged
    // for garbage not its own.
    for (let r = 0; r < ROUNDS * 2; r += 1) {
      progress(`facade cost: commands, round ${r + 1} of ${ROUNDS * 2}`);
      const order: readonly Path[] = ['facade', 'noSend', 'floor'];
      // Each path first, second and third in turn.
      for (let k = 0; k < order.length; k += 1) {
        const path = order[(r + k) % order.length]!;
        best[path].push(await round(path));
      }
    }
    await timedLoop(commands, check);
    for (let r = 0; r < ROUNDS * 2; r += 1) {
      progress(`facade cost: checks, round ${r + 1} of ${ROUNDS * 2}`);
      const ours = () => timedLoop(commands, (i) => check(i + r * commands));
      const bare = () => timedLoop(commands, (i) => checkFloor(i + r * commands));
      if (r % 2 === 0) {
        best.check.push(await ours());
        best.checkFloor.push(await bare());
      } else {
        best.checkFloor.push(await bare());
        best.check.push(await ours());
      }
    }
    const least = (timed: readonly Timed[]): Timed =>
      timed.reduce((a, b) => (b.cpuUsPerOp < a.cpuUsPerOp ? b : a));
    const [ours, noSend, bare] = [least(best.facade), least(best.noSend), least(best.floor)];
    const [checks, bareChecks] = [least(best.check), least(best.checkFloor)];
    const row = (metric: string, value: number, floor?: number, target?: string): Row => ({
      workload: 'facade: request access, one command',
      store: 'in-memory',
      metric,
      ours: value,
      ...(floor === undefined ? {} : { floor }),
      ...(target === undefined ? {} : { target }),
    });
    return [
      row('commands/s, 1 caller', ours.perSecond, bare.perSecond),
      row('CPU µs/command', ours.cpuUsPerOp, bare.cpuUsPerOp, '≤ 50 µs'),
      {
        workload: 'facade: request access, codes sent by a host reactor',
        store: 'in-memory',
        metric: 'CPU µs/command',
        ours: noSend.cpuUsPerOp,
        floor: bare.cpuUsPerOp,
      },
      {
        workload: 'facade: check access (records nothing)',
        store: 'in-memory',
        metric: 'CPU µs/call',
        ours: checks.cpuUsPerOp,
        floor: bareChecks.cpuUsPerOp,
        target: '≤ 10 µs',
      },
      {
        workload: 'facade: check access (records nothing)',
        store: 'in-memory',
        metric: 'calls/s, 1 caller',
        ours: checks.perSecond,
        floor: bareChecks.perSecond,
      },
    ];
  } finally {
    await ourStore.close();
    await bareStore.close();
    await quietStore.close();
  }
};
