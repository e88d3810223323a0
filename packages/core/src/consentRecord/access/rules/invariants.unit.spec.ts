import fc from 'fast-check';
import { activeRelationship } from '../../care/state.js';
import type { ConsentRecordEvent } from '../../state.js';
import type { PracticeListsEvent } from '../../../practiceLists/events.js';
import { listEntryOf } from '../../../practiceLists/state.js';
import { effectivePreference } from '../../sharing/state.js';
import { decideAccess } from './decideAccess.js';
import type { AccessAsk } from './facts.js';
import {
  ALLOWED_FAR,
  FAR,
  LOCAL,
  NOW,
  PRACTICE,
  ev,
  factsFor,
  listEvent,
  registeredPatient,
  withMobile,
} from './__fixtures__/facts.js';

// Random histories over a few organisations, with times around NOW so expiries bite both ways.
const organisations = [PRACTICE, LOCAL, FAR, ALLOWED_FAR, 'other-org'];
const organisation = fc.constantFrom(...organisations);
const aroundNow = fc
  .integer({ min: -48, max: 48 })
  .map((h) => new Date(NOW.getTime() + h * 3_600_000).toISOString());
const preference = fc.constantFrom(
  'allow' as const,
  'deny' as const,
  'require-verification' as const,
);

const consentEvent: fc.Arbitrary<ConsentRecordEvent> = fc.oneof(
  fc.tuple(organisation, fc.boolean()).map(([o, self]) => ev.care(o, self)),
  organisation.map(ev.endCare),
  fc
    .tuple(
      preference,
      fc.option(organisation, { nil: undefined }),
      fc.option(aroundNow, { nil: undefined }),
    )
    .map(([p, o, until]) => ev.preference(p, o, until)),
  fc.option(organisation, { nil: undefined }).map(ev.clearPreference),
  fc
    .tuple(organisation, fc.constantFrom('consent' as const, 'dissent' as const))
    .map(([o, a]) => ev.sharingIn(o, a)),
  organisation.map(ev.withdraw),
  fc.tuple(organisation, aroundNow).map(([o, until]) => ev.emergency(o, until)),
);
const listsEvent: fc.Arbitrary<PracticeListsEvent> = fc
  .tuple(
    fc.constantFrom(
      'OrganisationAllowed' as const,
      'OrganisationProhibited' as const,
      'OrganisationListEntryRemoved' as const,
    ),
    organisation,
  )
  .map(([type, o]) => listEvent(type, o));
const askFor = (organisationId: string): fc.Arbitrary<AccessAsk> =>
  fc
    .record({
      organisationId: fc.constant(organisationId),
      purpose: fc.constantFrom('TREAT' as const, 'ETREAT' as const),
      justification: fc.option(fc.constantFrom('unconscious', ' '), { nil: undefined }),
      now: fc.constant(NOW),
    })
    .map((a) =>
      a.justification === undefined
        ? { organisationId: a.organisationId, purpose: a.purpose, now: a.now }
        : (a as AccessAsk),
    );
const policy = fc.record({
  emergencyWindowHours: fc.constantFrom(1, 24),
  emergencyOverridesDissent: fc.boolean(),
});
const patient = fc.constantFrom(registeredPatient(), registeredPatient([withMobile]));

const scenario = fc.record({
  history: fc.array(consentEvent, { maxLength: 25 }),
  lists: fc.array(listsEvent, { maxLength: 6 }),
  ask: organisation.chain(askFor),
  policy,
  patient,
});
const RUNS = { numRuns: 1000 };
interface Scenario {
  readonly history: ConsentRecordEvent[];
  readonly lists: PracticeListsEvent[];
  readonly ask: AccessAsk;
  readonly patient: ReturnType<typeof registeredPatient>;
}
const factsOf = (s: Scenario) =>
  factsFor(s.ask.organisationId, s.history, { lists: s.lists, patient: s.patient });

describe('access policy invariants over random event histories', () => {
  it('never permits without an active care relationship, except registered-practice and emergency', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const facts = factsOf(s);
        const decision = decideAccess(facts, s.ask, s.policy);
        if (
          decision.outcome !== 'permit' ||
          ['registered-practice', 'emergency'].includes(decision.basis)
        )
          return true;
        return activeRelationship(facts.record.care, s.ask.organisationId) !== undefined;
      }),
      RUNS,
    );
  });

  // Rule 2 comes before every choice: the registered practice (the data controller) always sees the record.
  it('never permits an organisation with a deny preference or a sharing-in dissent, except emergency', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const facts = factsOf(s);
        const decision = decideAccess(facts, s.ask, s.policy);
        const o = s.ask.organisationId;
        const dissent =
          effectivePreference(facts.record.sharing, o, s.ask.now) === 'deny' ||
          facts.record.sharing.sharingIn[o]?.answer === 'dissent';
        if (!dissent || o === PRACTICE) return true;
        return (
          decision.outcome !== 'permit' ||
          (decision.basis === 'emergency' && s.policy.emergencyOverridesDissent)
        );
      }),
      RUNS,
    );
  });

  it('never permits a prohibited organisation, except emergency', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const facts = factsOf(s);
        const decision = decideAccess(facts, s.ask, s.policy);
        const o = s.ask.organisationId;
        if (listEntryOf(facts.practiceLists, o) !== 'prohibited' || o === PRACTICE) return true;
        return decision.outcome !== 'permit' || decision.basis === 'emergency';
      }),
      RUNS,
    );
  });

  it('after a withdrawal the very next check is not a permit on sharing-in-consent', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const o = s.ask.organisationId;
        const facts = factsFor(o, [...s.history, ev.withdraw(o)], {
          lists: s.lists,
          patient: s.patient,
        });
        const decision = decideAccess(facts, s.ask, s.policy);
        return !(decision.outcome === 'permit' && decision.basis === 'sharing-in-consent');
      }),
      RUNS,
    );
  });

  it('every decision ends its trail with the one rule that decided it', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const trail = decideAccess(factsOf(s), s.ask, s.policy).trail;
        return (
          trail.filter((step) => step.result === 'decided').length === 1 &&
          trail.at(-1)?.result === 'decided'
        );
      }),
      RUNS,
    );
  });
});
