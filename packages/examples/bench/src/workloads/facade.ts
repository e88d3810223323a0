import type { OpenStore } from '../stores.js';
import { must, nowNs, percentileUs, progress } from '../measure.js';
import type { Row } from '../results.js';
import { consentryOver, seed } from '../seed.js';

/**
 * Facade command throughput: `requestAccess` → decision (read fresh state, decide, append
 * the request and its outcome at the version read) on a seeded store, first by one caller
 * one after another, then by `callers` callers at once (a host serving many requests).
 */
export const facadeBench = async (
  open: OpenStore,
  patients: number,
  commands: number,
  target?: string,
  callers = 8,
): Promise<Row[]> => {
  const consentry = consentryOver(open.store);
  progress(`facade on ${open.name}: seeding ${patients} patients`);
  const seeded = await seed(consentry, patients);
  const pairs = seeded.patients.flatMap((p) =>
    (seeded.careWith.get(p) ?? []).map((o) => [p, o] as const),
  );
  const staff = (organisationId: string) =>
    ({ actor: { kind: 'organisation-staff', id: 'bench-clinician', organisationId } }) as const;
  const outcomes: Record<string, number> = {};
  /** Runs commands first..first+count-1 one after another (pairs picked by a stride). */
  const runCommands = async (
    first: number,
    count: number,
    stride: number,
    samples: number[],
  ): Promise<void> => {
    for (let k = 0; k < count; k += 1) {
      const i = first + k * stride;
      const [patientId, organisationId] = pairs[(i * 7919) % pairs.length]!;
      const t0 = nowNs();
      const result = must(
        await consentry.requestAccess(
          { patientId, organisationId, purpose: 'TREAT' },
          staff(organisationId),
        )(),
        'requestAccess',
      );
      samples.push(Number(nowNs() - t0));
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    }
  };
  const timed = async (count: number, run: () => Promise<unknown>): Promise<number> => {
    const start = nowNs();
    await run();
    return count / (Number(nowNs() - start) / 1e9);
  };
  const oneSamples: number[] = [];
  const one = await timed(commands, () => runCommands(0, commands, 1, oneSamples));
  // Caller c takes commands c, c + callers, …; two callers may meet on a patient, as real
  // ones do, and the loser of that race retries on fresh state.
  const each = Math.floor(commands / callers);
  const manySamples: number[] = [];
  const many = await timed(each * callers, () =>
    Promise.all(
      Array.from({ length: callers }, (_, c) =>
        runCommands(commands + c, each, callers, manySamples),
      ),
    ),
  );
  const p99 = (samples: number[]): number =>
    percentileUs(Float64Array.from(samples).sort(), 99) / 1000;
  progress(`facade on ${open.name}: outcomes ${JSON.stringify(outcomes)}`);
  const row = (metric: string, ours: number, withTarget: boolean): Row => ({
    workload: 'facade: request access → decision',
    store: open.name,
    metric,
    ours,
    ...(withTarget && target !== undefined ? { target } : {}),
  });
  return [
    row('commands/s, 1 caller', one, false),
    row('p99 ms, 1 caller', p99(oneSamples), false),
    row(`commands/s, ${callers} callers`, many, true),
    row(`p99 ms, ${callers} callers`, p99(manySamples), false),
  ];
};
