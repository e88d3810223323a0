import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import type { Actor } from '../eventStore/envelope.js';
import type * as Rules from './consentRules.js';
import { emptyStats, runSequence, trustProperty } from './__fixtures__/trustProperty.js';
import type { Step } from './__fixtures__/trustSteps.js';

/**
 * The property of noSelfGrant.unit.spec.ts must be able to fail: with one rule broken on
 * purpose (an organisation's own "yes" no longer needs a decision of `ask-patient`: core's
 * `ownConsentAllowed` check is skipped), fast-check has to find a sequence that breaks it.
 */
const mockRule = { broken: true };

jest.mock('./consentRules.js', () => {
  const actual = jest.requireActual<typeof Rules>('./consentRules.js');
  const isStaff = (actor: Actor, organisationId: string | undefined): boolean =>
    (actor.kind === 'organisation-staff' || actor.kind === 'practice-staff') &&
    actor.organisationId === organisationId;
  const ownYes = (actor: Actor, change: Rules.SharingChange): boolean =>
    (change.kind === 'sharing-in' &&
      change.answer === 'consent' &&
      isStaff(actor, change.organisationId)) ||
    (change.kind === 'preference' &&
      change.preference === 'allow' &&
      change.setBy === 'organisation' &&
      isStaff(actor, change.organisationId));
  // Allowed, and recorded: what maySetSharing answers when a change may go ahead.
  const recorded = E.right('record') as unknown as ReturnType<typeof actual.maySetSharing>;
  const maySetSharing: typeof actual.maySetSharing = (actor, facts, change, now, policy) =>
    mockRule.broken && ownYes(actor, change) && !actual.liftsNo(facts.record.sharing, change, now)
      ? recorded
      : actual.maySetSharing(actor, facts, change, now, policy);
  return { ...actual, maySetSharing };
});

describe('the trust property with one rule broken on purpose', () => {
  afterEach(() => {
    mockRule.broken = true;
  });

  it('finds a counterexample when an organisation may record its own yes anywhere', async () => {
    const started = Date.now();
    const result = await fc.check(trustProperty(emptyStats()), { numRuns: 1000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `broken rule: failed after ${result.numRuns} run(s), ${result.numShrinks} shrink(s), ${seconds} s\n` +
        `${fc.defaultReportMessage(result)}\n${(result.errorInstance as Error | null)?.message ?? ''}`,
    );
    expect(result.failed).toBe(true);

    // The shrunk sequence breaks the property because of the broken rule: with the rule
    // restored, the same sequence holds.
    const [sequence] = result.counterexample as [readonly Step[]];
    await expect(runSequence(sequence, emptyStats())).rejects.toThrow(
      /without a legitimate ground/,
    );
    mockRule.broken = false;
    await expect(runSequence(sequence, emptyStats())).resolves.toBeUndefined();
  });
});
