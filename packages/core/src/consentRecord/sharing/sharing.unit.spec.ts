import { deciderSpec } from '../../testing/deciderSpec.js';
import { sharingDecider } from './decide.js';
import type { SharingEvent } from './events.js';
import { effectivePreference, evolve, initialState } from './state.js';

const b = <T>(s: string): T => s as unknown as T;
const pair = { patientId: b<never>('alice'), organisationId: b<never>('far') };
const consent: SharingEvent = {
  type: 'SharingInConsentRecorded',
  data: { ...pair, answer: 'consent', route: 'in-person' },
};
const spec = deciderSpec(sharingDecider);

describe('sharing decider', () => {
  it('withdraws only a standing consent', () => {
    spec
      .given([consent])
      .when({ type: 'WithdrawSharingInConsent', data: pair })
      .then([{ type: 'SharingInConsentWithdrawn', data: pair }]);
    spec.given([]).when({ type: 'WithdrawSharingInConsent', data: pair }).then([]);
    spec
      .given([{ ...consent, data: { ...consent.data, answer: 'dissent' } }])
      .when({ type: 'WithdrawSharingInConsent', data: pair })
      .then([]);
  });
  it('clears only a preference that is set', () => {
    spec
      .given([])
      .when({ type: 'ClearSharingPreference', data: { patientId: pair.patientId } })
      .then([]);
    const set: SharingEvent = {
      type: 'SharingPreferenceSet',
      data: { patientId: pair.patientId, preference: 'deny', setBy: 'patient' },
    };
    spec
      .given([set])
      .when({ type: 'ClearSharingPreference', data: { patientId: pair.patientId } })
      .then([{ type: 'SharingPreferenceCleared', data: { patientId: pair.patientId } }]);
  });
  it('records sharing-out consent when it changes', () => {
    const out: SharingEvent = {
      type: 'SharingOutConsentRecorded',
      data: { ...pair, answer: 'dissent' },
    };
    spec
      .given([])
      .when({ type: 'RecordSharingOutConsent', data: { ...pair, answer: 'dissent' } })
      .then([out]);
    spec
      .given([out])
      .when({ type: 'RecordSharingOutConsent', data: { ...pair, answer: 'dissent' } })
      .then([]);
  });
  it('an expired preference no longer counts (expiry is exclusive)', () => {
    const state = [
      {
        type: 'SharingPreferenceSet',
        data: {
          patientId: pair.patientId,
          organisationId: pair.organisationId,
          preference: 'allow',
          setBy: 'organisation',
          until: b('2026-07-01T10:00:00.000Z'),
        },
      } as SharingEvent,
    ].reduce(evolve, initialState());
    expect(effectivePreference(state, 'far', new Date('2026-07-01T09:59:59Z'))).toBe('allow');
    expect(effectivePreference(state, 'far', new Date('2026-07-01T10:00:00Z'))).toBe('unknown');
  });
});
