import type { Expiry, Step } from '../steps.js';
import { actor, asPatient, asPracticeOf } from './actors.js';
import { nothing, type Run } from './performed.js';
import type { World } from './world.js';

/** The proxy steps (docs/scenarios.md, "Proxies"). */
export type ProxyStep = Extract<
  Step,
  { verb: 'addProxy' | 'removeProxy' | 'codesTo' | 'lacksCapacity' }
>;

/** An end date as the facade takes it: a time, or a duration from now. */
const endOf = (world: World, until: Expiry | undefined): string | undefined =>
  until === undefined
    ? undefined
    : until.kind === 'at'
      ? until.at.toISOString()
      : new Date(world.clock.now().getTime() + until.after.ms).toISOString();

/** `by: patient` or `by: practice` (the default): who grants, revokes or chooses. */
const byWhom = (world: World, patientId: string, by: 'patient' | 'practice' | undefined) =>
  by === 'patient' ? asPatient(patientId) : asPracticeOf(world, patientId);

/** A proxy's own mobile and e-mail count as where messages about the patient went. */
const rememberProxyAddresses = (world: World, patientId: string, addresses: readonly string[]) => {
  const known = world.addresses.get(patientId) ?? new Set<string>();
  for (const address of addresses) known.add(address);
  world.addresses.set(patientId, known);
};

/** E.164 as Consentry stores a UK mobile (`07700 900456` → `+447700900456`). */
const e164 = (mobile: string): string => {
  const digits = mobile.replace(/[\s-]/g, '');
  return digits.startsWith('0') ? `+44${digits.slice(1)}` : digits;
};

export const performProxyStep = (world: World, step: ProxyStep): Run => {
  const c = world.consentry;
  switch (step.verb) {
    case 'addProxy': {
      const { patient, proxy, relationship, scope, mobile, email, evidence, by } = step.args;
      const until = endOf(world, step.args.until);
      rememberProxyAddresses(world, patient, [
        ...(mobile === undefined ? [] : [e164(mobile)]),
        ...(email === undefined ? [] : [email.toLowerCase()]),
      ]);
      return nothing(
        c.grantProxy(
          {
            patientId: patient,
            proxyId: proxy,
            relationship,
            evidence: evidence ?? `${relationship} evidence checked`,
            ...(scope === undefined ? {} : { scope: [...scope] }),
            ...(until === undefined ? {} : { until }),
            ...(mobile === undefined ? {} : { mobile }),
            ...(email === undefined ? {} : { email }),
          },
          actor(world, step, () => byWhom(world, patient, by)),
        ),
      );
    }
    case 'removeProxy': {
      const { patient, proxy, by } = step.args;
      return nothing(
        c.revokeProxy(
          { patientId: patient, proxyId: proxy },
          actor(world, step, () => byWhom(world, patient, by)),
        ),
      );
    }
    case 'codesTo': {
      const { patient, to, proxy, by } = step.args;
      return nothing(
        c.chooseCodesRecipient(
          { patientId: patient, to, ...(proxy === undefined ? {} : { proxyId: proxy }) },
          actor(world, step, () => byWhom(world, patient, by)),
        ),
      );
    }
    case 'lacksCapacity': {
      const { patient, lacks } = step.args;
      return nothing(
        c.recordCapacity(
          { patientId: patient, lacksCapacity: lacks ?? true },
          actor(world, step, () => asPracticeOf(world, patient)),
        ),
      );
    }
  }
};
