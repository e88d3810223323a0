import fc from 'fast-check';
import { emptyStats, trustProperty } from './__fixtures__/trustProperty.js';

/**
 * Issue 18, "Show": no organisation ever reaches a permit except through the registered
 * practice, an emergency, a choice made by the patient or their practice, a code or online
 * approval by the patient, or an in-person consent recorded where it could ask in person.
 * Random sequences by actors of every kind (__fixtures__/trustSteps.ts) run through the real
 * facade, checked after every step, for every patient and organisation, against a shadow
 * model of the legitimate grounds (__fixtures__/trustModel.ts). A refused command must change
 * nothing and leave a trace; a consent that opens the record must tell the patient. noSelfGrant.brokenRule.unit.spec.ts shows the property can fail.
 */
const RUNS = 1000;

describe('the trust model, as a property over the facade', () => {
  it('no organisation reaches a permit without a legitimate ground, and refusals change nothing', async () => {
    const stats = emptyStats();
    const started = Date.now();
    await fc.assert(trustProperty(stats), { numRuns: RUNS });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `trust property: ${stats.runs} sequences, ${stats.steps} steps, ${seconds} s`,
      stats,
    );

    expect(stats.runs).toBeGreaterThanOrEqual(RUNS);
    // Not vacuous: every kind of actor acted, every ground was reached, every route was taken.
    for (const kind of [
      'patient',
      'organisation-staff',
      'practice-staff',
      'organisation-system',
      'privacy-officer',
      'auditor',
      'system',
    ])
      expect(stats.actors[kind] ?? 0).toBeGreaterThan(0);
    for (const basis of [
      'registered-practice',
      'emergency',
      'patient-consent',
      'sharing-in-consent',
    ])
      expect(stats.permits[basis] ?? 0).toBeGreaterThan(0);
    for (const command of [
      'setSharingPreference',
      'recordInPersonAnswer',
      'enterCode',
      'approveOnline',
      'refuseOnline',
      'startCare',
      'referCare',
      'withdrawConsent',
    ]) {
      expect(stats.succeeded[command] ?? 0).toBeGreaterThan(0);
      expect(stats.refused[command] ?? 0).toBeGreaterThan(0);
    }
  }, 600_000);
});
