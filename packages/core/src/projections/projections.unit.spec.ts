import { expectRight } from '../testing/expectEither.js';
import { alertsProjection, alertsWith } from './alerts.js';
import { accessHistoryOf, accessHistoryProjection } from './accessHistory.js';
import { openChallengesOf, openChallengesProjection } from './openChallenges.js';
import { rebuild } from './runner.js';
import { projectionSpec } from '../testing/projectionSpec.js';
import {
  patientActor,
  privacyOfficerOf,
  staffOf,
  world,
} from '../application/__fixtures__/world.js';

const em = {
  patientId: 'alice',
  requestId: 'r1',
  organisationId: 'far',
  emergencyId: 'em-1',
  justification: 'unconscious',
  until: '2026-07-02T09:00:00.000Z',
};

describe('projections, given / then', () => {
  it('alerts: emergency access and self-claimed care, with review state', () => {
    projectionSpec(alertsProjection)
      .given([
        { type: 'EmergencyAccessInvoked', data: em },
        {
          type: 'CareRelationshipStarted',
          data: {
            patientId: 'alice',
            relationshipId: 'rel-1',
            organisationId: 'far',
            selfClaimed: false,
          },
        },
        {
          type: 'CareRelationshipStarted',
          data: {
            patientId: 'alice',
            relationshipId: 'rel-2',
            organisationId: 'near',
            selfClaimed: true,
          },
        },
        {
          type: 'EmergencyAccessReviewed',
          data: {
            patientId: 'alice',
            emergencyId: 'em-1',
            organisationId: 'far',
            outcome: 'appropriate',
          },
        },
      ])
      .then((state) => {
        expect(alertsWith(state, 'open').map((a) => a.alertId)).toEqual(['rel-2']);
        expect(alertsWith(state, 'reviewed')).toMatchObject([
          { alertId: 'em-1', review: { outcome: 'appropriate', at: '2026-07-01T09:03:00.000Z' } },
        ]);
      });
  });

  it('access history: views and emergencies as entries, denials as refused with their purpose', () => {
    projectionSpec(accessHistoryProjection)
      .given([
        {
          type: 'AccessRequested',
          data: { patientId: 'alice', requestId: 'r0', organisationId: 'far', purpose: 'TREAT' },
        },
        {
          type: 'AccessDenied',
          data: {
            patientId: 'alice',
            requestId: 'r0',
            organisationId: 'far',
            reason: 'no-care-relationship',
            trail: [],
          },
        },
        { type: 'EmergencyAccessInvoked', data: em },
        {
          type: 'RecordViewed',
          data: { patientId: 'alice', organisationId: 'far', basis: 'emergency' },
        },
        { type: 'NotAConsentryEvent', data: { anything: true } },
      ])
      .then((state) => {
        const history = accessHistoryOf(state, 'alice');
        expect(history.entries.map((e) => [e.kind, e.at])).toEqual([
          ['emergency', '2026-07-01T09:02:00.000Z'],
          ['viewed', '2026-07-01T09:03:00.000Z'],
        ]);
        expect(history.refused).toMatchObject([
          { organisationId: 'far', purpose: 'TREAT', reason: 'no-care-relationship' },
        ]);
      });
  });

  it('open challenges: gone once used, locked or expired; past expiry hidden by the query', () => {
    const issued = (challengeId: string) => ({
      type: 'VerificationChallengeIssued',
      data: {
        patientId: 'alice',
        challengeId,
        organisationId: 'far',
        requestId: 'r1',
        keyId: 'k1',
        channel: 'sms',
        channels: ['sms'],
        codeDigits: 6,
        maxAttempts: 5,
        issuedAt: '2026-07-01T09:00:00.000Z',
        expiresAt: '2026-07-01T09:10:00.000Z',
      },
    });
    const a = '0b7c2a4e-5f0d-4c1e-9a3b-2d6f8e1c4a70';
    const b = '1b7c2a4e-5f0d-4c1e-9a3b-2d6f8e1c4a71';
    projectionSpec(openChallengesProjection)
      .given([
        issued(a),
        issued(b),
        {
          type: 'VerificationCodeRejected',
          data: { patientId: 'alice', challengeId: b, organisationId: 'far', attemptsLeft: 4 },
        },
        {
          type: 'VerificationChallengeSucceeded',
          data: { patientId: 'alice', challengeId: a, organisationId: 'far', requestId: 'r1' },
        },
      ])
      .then((state) => {
        expect(openChallengesOf(state, 'far', new Date('2026-07-01T09:05:00Z'))).toMatchObject([
          { challengeId: b, attemptsLeft: 4 },
        ]);
        expect(openChallengesOf(state, 'far', new Date('2026-07-01T09:10:00Z'))).toEqual([]);
      });
  });
});

describe('projections rebuild from readAll', () => {
  it('a rebuild over the store gives what the facade answers', async () => {
    const { consentry, eventStore } = await world();
    const far = { patientId: 'alice', organisationId: 'cornwall-hospital' };
    await expectRight(
      consentry.startCare(
        { ...far, selfClaimed: true, reason: 'walked in' },
        staffOf('cornwall-hospital'),
      ),
    );
    await expectRight(
      consentry.requestAccess(
        { ...far, purpose: 'ETREAT', justification: 'collapsed in the street' },
        staffOf('cornwall-hospital'),
      ),
    );
    await expectRight(consentry.viewRecord(far, staffOf('cornwall-hospital')));
    await expectRight(
      consentry.requestAccess(
        { patientId: 'alice', organisationId: 'leic-hospital' },
        staffOf('leic-hospital'),
      ),
    );
    await expectRight(consentry.enrolPortal({ patientId: 'alice' }, patientActor('alice')));
    const alerts = await expectRight(consentry.alerts({}));
    await expectRight(
      consentry.reviewAlert(
        { alertId: alerts[0]!.alertId, outcome: 'appropriate' },
        privacyOfficerOf('leic-practice'),
      ),
    );

    const rebuiltAlerts = await expectRight(rebuild(eventStore, alertsProjection));
    expect(alertsWith(rebuiltAlerts, 'all')).toEqual(
      await expectRight(consentry.alerts({ status: 'all' })),
    );
    const rebuiltHistory = await expectRight(rebuild(eventStore, accessHistoryProjection));
    expect(accessHistoryOf(rebuiltHistory, 'alice')).toEqual(
      await expectRight(consentry.accessHistory({ patientId: 'alice' })),
    );
    expect(accessHistoryOf(rebuiltHistory, 'alice').entries).toHaveLength(2);
  });
});
