import fc from 'fast-check';
import type { ConsentRecordEvent } from '../../state.js';
import { decideAccess } from './decideAccess.js';
import { FAR, LOCAL, NOW, PATIENT, ev, factsFor } from './__fixtures__/facts.js';

const policy = { emergencyWindowHours: 24, emergencyOverridesDissent: true };
const b = <T>(s: string): T => s as unknown as T;
const HOUR = 3_600_000;

/** A sharing-in consent by any route, ending at `until`. */
const endingConsent = (
  organisationId: string,
  route: 'verified-code' | 'approved-online' | 'in-person',
  until: Date,
): ConsentRecordEvent => ({
  type: 'SharingInConsentRecorded',
  data: {
    patientId: b(PATIENT),
    organisationId: b(organisationId),
    answer: 'consent',
    route,
    until: b(until.toISOString()),
  },
});

describe('consent that ends (docs/domain.md, "Consent that ends")', () => {
  it('given a consent until tomorrow, then it permits today and not the day after', () => {
    const history = [
      ev.care(FAR),
      endingConsent(FAR, 'verified-code', new Date(NOW.getTime() + 24 * HOUR)),
    ];
    const facts = factsFor(FAR, history);
    const today = decideAccess(facts, { organisationId: FAR, purpose: 'TREAT', now: NOW }, policy);
    expect(today).toMatchObject({ outcome: 'permit', basis: 'sharing-in-consent' });
    const after = decideAccess(
      facts,
      { organisationId: FAR, purpose: 'TREAT', now: new Date(NOW.getTime() + 25 * HOUR) },
      policy,
    );
    expect(after.outcome).toBe('verify');
    expect(after.trail.map((s) => s.note)).toContain(
      `the consent (verified-code) ended at ${new Date(NOW.getTime() + 24 * HOUR).toISOString()}`,
    );
  });

  it('property: after a consent or preference end date, the next check is not a permit on it', () => {
    const routes = fc.constantFrom('verified-code', 'approved-online', 'in-person', 'preference');
    fc.assert(
      fc.property(
        fc.constantFrom(FAR, LOCAL),
        routes,
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (organisationId, route, lastsHours, checkedAfterEnd) => {
          const until = new Date(NOW.getTime() + lastsHours * HOUR);
          const grant =
            route === 'preference'
              ? ev.preference('allow', organisationId, until.toISOString())
              : endingConsent(organisationId, route, until);
          const history = [ev.care(organisationId), grant];
          const now = new Date(until.getTime() + checkedAfterEnd * 60_000);
          const d = decideAccess(
            factsFor(organisationId, history),
            { organisationId, purpose: 'TREAT', now },
            policy,
          );
          const onIt = route === 'preference' ? 'patient-consent' : 'sharing-in-consent';
          expect(d.outcome === 'permit' && d.basis === onIt).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
