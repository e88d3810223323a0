import * as E from 'fp-ts/lib/Either.js';
import type { Consentry, ConsentryDeps } from '../../../application/api.js';
import type { ConsentryPolicy } from '../../../application/policy.js';
import { createConsentry } from '../../../application/createConsentry.js';
import { inMemoryEventStore } from '../../../eventStore/inMemory.js';
import type { EventStore } from '../../../eventStore/port.js';
import { keyringFromSecrets, type Keyring } from '../../../shared/keyring.js';
import { capturingNotifier } from '../../capturingNotifier.js';
import type { ParsedScenario } from '../load.js';
import type { ScenarioPolicy } from '../codecs.js';
import { check, describeResult } from './observe.js';
import { perform } from './perform.js';
import type { ScenarioResult, StepResult } from './results.js';
import { setUpWorld } from './setup.js';
import { manualClock } from '../../manualClock.js';
import { rememberAddresses, type World } from './world.js';

export interface RunScenarioOptions {
  /** Run on another store (say, an adapter under test); an empty in-memory store by default. */
  readonly eventStore?: EventStore;
  /** The facade factory; `createConsentry` from `@consentry/core` by default. */
  readonly createConsentry?: (deps: ConsentryDeps) => Consentry;
  readonly keyring?: Keyring;
}

// A fixed test key: codes still differ per run, because challenge ids are random.
const scenarioKeyring = (): Keyring => {
  const keyring = keyringFromSecrets({
    currentKeyId: 'scenario',
    keys: { scenario: 'consentry scenario runner test key, not secret' },
  });
  if (E.isLeft(keyring)) throw new Error(keyring.left); // a constant key: failing here is a bug
  return keyring.right;
};

/** The file's `policy:` in the facade's terms. */
export const toConsentryPolicy = (policy: ScenarioPolicy): Partial<ConsentryPolicy> => ({
  ...(policy.codeTtl === undefined ? {} : { codeTtlSeconds: policy.codeTtl.ms / 1000 }),
  ...(policy.codeDigits === undefined ? {} : { codeDigits: policy.codeDigits }),
  ...(policy.maxAttempts === undefined ? {} : { maxAttempts: policy.maxAttempts }),
  ...(policy.maxChallengesPerOrganisation === undefined
    ? {}
    : { maxChallengesPerOrganisation: policy.maxChallengesPerOrganisation }),
  ...(policy.maxChallengesPerPatient === undefined
    ? {}
    : { maxChallengesPerPatient: policy.maxChallengesPerPatient }),
  ...(policy.emergencyWindow === undefined
    ? {}
    : { emergencyWindowHours: policy.emergencyWindow.ms / 3_600_000 }),
  ...(policy.emergencyOverridesDissent === undefined
    ? {}
    : { emergencyOverridesDissent: policy.emergencyOverridesDissent }),
  ...(policy.sensitiveLabels === undefined ? {} : { sensitiveLabels: policy.sensitiveLabels }),
  ...(policy.emergencyShowsSensitive === undefined
    ? {}
    : { emergencyShowsSensitive: policy.emergencyShowsSensitive }),
});

const runStep = async (
  world: World,
  located: ParsedScenario['steps'][number],
): Promise<StepResult> => {
  const { index, line, step } = located;
  const base = { index, line, verb: step.verb };
  const attempt = await perform(world, step);
  if (!(typeof attempt === 'function'))
    return { ...base, summary: 'not attempted', passed: false, failures: [attempt] };
  const result = await attempt();
  const patients = [...world.scenario.patients.map((p) => p.id), ...world.practices.keys()];
  for (const patient of patients) await rememberAddresses(world, patient);
  const failures = await check(world, step, result);
  const summary =
    step.verb === 'wait' ? `clock at ${world.clock.now().toISOString()}` : describeResult(result);
  return { ...base, summary, passed: failures.length === 0, failures };
};

/**
 * Runs a parsed scenario (docs/scenarios.md) on a fresh in-memory store, a capturing notifier and a
 * clock at `start` that moves only on `wait`; returns every step's result. Never throws for
 * a failing story: failures are in the result.
 */
export const runScenario = async (
  scenario: ParsedScenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> => {
  const clock = manualClock(scenario.start);
  const notifier = capturingNotifier();
  const consentry = (options.createConsentry ?? createConsentry)({
    eventStore: options.eventStore ?? inMemoryEventStore(),
    notifier,
    clock,
    keyring: options.keyring ?? scenarioKeyring(),
    policy: toConsentryPolicy(scenario.policy),
  });
  const world: World = {
    scenario,
    consentry,
    notifier,
    clock,
    addresses: new Map(),
    practices: new Map(),
    organisationKinds: new Map(),
    entries: new Map(),
  };
  const setupFailures = await setUpWorld(world);
  const steps: StepResult[] = [];
  if (setupFailures.length === 0)
    for (const located of scenario.steps) steps.push(await runStep(world, located));
  return {
    file: scenario.file,
    name: scenario.name,
    setupFailures,
    steps,
    passed: setupFailures.length === 0 && steps.every((s) => s.passed),
  };
};
