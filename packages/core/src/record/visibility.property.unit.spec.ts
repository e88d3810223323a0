import fc from 'fast-check';
import type { AccessDecision } from '../consentRecord/access/rules/decision.js';
import { PERMIT_BASES } from './__fixtures__/bases.js';
import { decideEntries, type RecordEntryMeta, type SharedOutChoices } from './visibility.js';

/**
 * The two promises of the record as shared (docs/record-as-shared.md), over random entries,
 * choices, viewers, decisions and policies: organisations of every kind, including the one
 * that recorded the entry, the registered practice, and one in an emergency.
 */
const ORGS = ['practice', 'local-hospital', 'far-hospital', 'clinic', 'hospice'] as const;
const LABELS = ['sexual-health', 'safeguarding', 'routine', 'assisted-conception'] as const;
const PRACTICE = 'practice';

const entryArb: fc.Arbitrary<RecordEntryMeta> = fc.record(
  {
    entryId: fc.uuid(),
    organisationId: fc.constantFrom(...ORGS),
    recordedAt: fc.constant('2026-03-01T10:00:00.000Z'),
    label: fc.constantFrom(...LABELS),
  },
  { requiredKeys: ['entryId', 'organisationId', 'recordedAt'] },
);
const choicesArb: fc.Arbitrary<SharedOutChoices> = fc.record({
  sharingOut: fc.dictionary(fc.constantFrom(...ORGS), fc.constantFrom('consent', 'dissent')),
  labelConsents: fc.dictionary(
    fc.constantFrom(...ORGS),
    fc.uniqueArray(fc.constantFrom(...LABELS), { maxLength: 4 }),
  ),
});
// The registered-practice basis only ever comes to the practice (rule R2 of the access decision).
const viewerArb = fc
  .tuple(
    fc.constantFrom(...ORGS),
    fc.oneof(
      fc
        .constantFrom(...PERMIT_BASES)
        .map((basis): AccessDecision => ({ outcome: 'permit', basis, trail: [] })),
      fc.constantFrom<AccessDecision>(
        { outcome: 'ask-patient', trail: [] },
        { outcome: 'verify', channels: ['sms'], trail: [] },
      ),
    ),
  )
  .filter(
    ([organisationId, decision]) =>
      (organisationId === PRACTICE) ===
      (decision.outcome === 'permit' && decision.basis === 'registered-practice'),
  )
  .map(([organisationId, decision]) => ({ organisationId, decision }));
const policyArb = fc.record({
  sensitiveLabels: fc.uniqueArray(fc.constantFrom<string>(...LABELS), { maxLength: 4 }),
  emergencyShowsSensitive: fc.boolean(),
});

const scenario = fc.tuple(fc.array(entryArb, { maxLength: 12 }), choicesArb, viewerArb, policyArb);

describe('the record as shared: properties', () => {
  it("a sensitive entry is never visible to another organisation without the patient's consent for that label and organisation (the practice and, by policy, an emergency aside)", () => {
    fc.assert(
      fc.property(scenario, ([entries, choices, viewer, policy]) => {
        const { visible } = decideEntries(entries, choices, viewer, policy);
        const emergencyOpen =
          policy.emergencyShowsSensitive &&
          viewer.decision.outcome === 'permit' &&
          viewer.decision.basis === 'emergency';
        for (const e of visible) {
          const sensitive = e.label !== undefined && policy.sensitiveLabels.includes(e.label);
          if (!sensitive || e.organisationId === viewer.organisationId) continue;
          if (viewer.organisationId === PRACTICE || emergencyOpen) continue;
          expect(choices.labelConsents[viewer.organisationId] ?? []).toContain(e.label);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('an entry whose organisation has a sharing-out dissent is never visible to any other organisation but the registered practice', () => {
    fc.assert(
      fc.property(scenario, ([entries, choices, viewer, policy]) => {
        const { visible } = decideEntries(entries, choices, viewer, policy);
        for (const e of visible)
          if (choices.sharingOut[e.organisationId] === 'dissent')
            expect([e.organisationId, PRACTICE]).toContain(viewer.organisationId);
      }),
      { numRuns: 2000 },
    );
  });

  it('never shows another organisation entries without a permit, and accounts for every entry once', () => {
    fc.assert(
      fc.property(scenario, ([entries, choices, viewer, policy]) => {
        const d = decideEntries(entries, choices, viewer, policy);
        expect(d.visible.length + d.withheld.length).toBe(entries.length);
        if (viewer.decision.outcome !== 'permit')
          for (const e of d.visible) expect(e.organisationId).toBe(viewer.organisationId);
      }),
      { numRuns: 1000 },
    );
  });
});
