import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import type { Actor } from '../eventStore/envelope.js';
import type { SharingState } from '../consentRecord/sharing/state.js';
import type * as Rules from './consentRules.js';
import { emptyStats, runSequence, trustProperty } from './__fixtures__/trustProperty.js';
import type { Step } from './__fixtures__/trustSteps.js';

/**
 * The property of noSelfGrant.unit.spec.ts must be able to fail. With one rule of core broken
 * on purpose, fast-check has to find a sequence that breaks it, and the same sequence must
 * hold once the rule is restored:
 * - `own-yes`: an organisation's own "yes" no longer needs a decision of `ask-patient`
 *   (core's `ownConsentAllowed` is skipped);
 * - `no-stands`: an organisation may lift the patient's "no" (core's `liftsNo` is skipped).
 */
const mockRule: { broken: 'own-yes' | 'no-stands' | undefined } = { broken: undefined };

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
  // The patient's choices with every "no" taken out: what the rules see when the no is ignored.
  const withoutNo = ({ preferenceForAll, ...sharing }: SharingState): SharingState => ({
    ...sharing,
    preferences: Object.fromEntries(
      Object.entries(sharing.preferences).filter(([, entry]) => entry.preference !== 'deny'),
    ),
    sharingIn: Object.fromEntries(
      Object.entries(sharing.sharingIn).filter(([, entry]) => entry.answer !== 'dissent'),
    ),
    ...(preferenceForAll === undefined || preferenceForAll.preference === 'deny'
      ? {}
      : { preferenceForAll }),
  });
  // Allowed, and recorded: what maySetSharing answers when a change may go ahead.
  const recorded = E.right('record') as unknown as ReturnType<typeof actual.maySetSharing>;
  const maySetSharing: typeof actual.maySetSharing = (actor, facts, change, now, policy) => {
    const { sharing } = facts.record;
    if (
      mockRule.broken === 'own-yes' &&
      ownYes(actor, change) &&
      !actual.liftsNo(sharing, change, now)
    )
      return recorded;
    if (mockRule.broken === 'no-stands' && actual.liftsNo(sharing, change, now)) {
      const record = { ...facts.record, sharing: withoutNo(sharing) };
      return actual.maySetSharing(actor, { ...facts, record }, change, now, policy);
    }
    return actual.maySetSharing(actor, facts, change, now, policy);
  };
  return { ...actual, maySetSharing };
});

describe('the trust property with one rule broken on purpose', () => {
  afterEach(() => {
    mockRule.broken = undefined;
  });

  it.each([
    ['own-yes', 'an organisation may record its own yes anywhere'],
    ['no-stands', "an organisation may lift the patient's no"],
  ] as const)(
    '%s: finds a counterexample when %s',
    async (broken: 'own-yes' | 'no-stands', _what: string) => {
      mockRule.broken = broken;
      const started = Date.now();
      // It stops at the first failure; the budget only matters if the break were hard to reach.
      const result = await fc.check(trustProperty(emptyStats()), { numRuns: 5000 });
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `broken rule ${broken}: failed after ${result.numRuns} run(s), ${result.numShrinks} shrink(s), ${seconds} s\n` +
          `${fc.defaultReportMessage(result)}\n${(result.errorInstance as Error | null)?.message ?? ''}`,
      );
      expect(result.failed).toBe(true);

      // The shrunk sequence breaks the property because of the broken rule: with the rule
      // restored, the same sequence holds.
      const [sequence] = result.counterexample as [readonly Step[]];
      await expect(runSequence(sequence, emptyStats())).rejects.toThrow(
        /without a legitimate ground/,
      );
      mockRule.broken = undefined;
      await expect(runSequence(sequence, emptyStats())).resolves.toBeUndefined();
    },
    300_000,
  );
});
