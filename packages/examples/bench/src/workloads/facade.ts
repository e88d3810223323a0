import type { OpenStore } from '../stores.js';
import { must, nowNs, percentileUs, progress } from '../measure.js';
import type { Row } from '../results.js';
import { consentryOver, seed } from '../seed.js';

/**
 * Facade command throughput: `requestAccess` → decision (read fresh state, decide, append
 * the request and its outcome at the version read), one after another, on a seeded store.
 */
export const facadeBench = async (
  open: OpenStore,
  patients: number,
  commands: number,
  target?: string,
): Promise<Row[]> => {
  const consentry = consentryOver(open.store);
  progress(`facade on ${open.name}: seeding ${patients} patients`);
  const seeded = await seed(consentry, patients);
  const pairs = seeded.patients.flatMap((p) =>
    (seeded.careWith.get(p) ?? []).map((o) => [p, o] as const),
  );
  const staff = (organisationId: string) =>
    ({ actor: { kind: 'organisation-staff', id: 'bench-clinician', organisationId } }) as const;
  const samples = new Float64Array(commands);
  const outcomes: Record<string, number> = {};
  const start = nowNs();
  for (let i = 0; i < commands; i += 1) {
    const [patientId, organisationId] = pairs[(i * 7919) % pairs.length]!;
    const t0 = nowNs();
    const result = must(
      await consentry.requestAccess(
        { patientId, organisationId, purpose: 'TREAT' },
        staff(organisationId),
      )(),
      'requestAccess',
    );
    samples[i] = Number(nowNs() - t0);
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
  }
  const seconds = Number(nowNs() - start) / 1e9;
  samples.sort();
  progress(`facade on ${open.name}: outcomes ${JSON.stringify(outcomes)}`);
  return [
    {
      workload: 'facade: request access → decision',
      store: open.name,
      metric: 'commands/s',
      ours: commands / seconds,
      ...(target === undefined ? {} : { target }),
    },
    {
      workload: 'facade: request access → decision',
      store: open.name,
      metric: 'p99 ms',
      ours: percentileUs(samples, 99) / 1000,
    },
  ];
};
