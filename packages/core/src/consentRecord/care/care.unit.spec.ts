import { deciderSpec } from '../../testing/deciderSpec.js';
import { careDecider } from './decide.js';
import type { CareEvent } from './events.js';

const b = <T>(s: string): T => s as unknown as T;
const ids = {
  patientId: b<never>('alice'),
  organisationId: b<never>('far'),
  relationshipId: b<never>('rel-1'),
};
const started: CareEvent = {
  type: 'CareRelationshipStarted',
  data: { ...ids, selfClaimed: true, source: 'self-claim' },
};
const spec = deciderSpec(careDecider);

describe('care decider', () => {
  it('starts a relationship; starting it again while active changes nothing', () => {
    spec
      .given([])
      .when({ type: 'StartCare', data: { ...ids, selfClaimed: true, source: 'self-claim' } })
      .then([started]);
    spec
      .given([started])
      .when({
        type: 'StartCare',
        data: { ...ids, relationshipId: b('rel-2'), selfClaimed: false, source: 'feed' },
      })
      .then([]);
  });
  it('ends the active relationship, and refuses to end none', () => {
    spec
      .given([started])
      .when({
        type: 'EndCare',
        data: { patientId: ids.patientId, organisationId: ids.organisationId },
      })
      .then([{ type: 'CareRelationshipEnded', data: ids }]);
    spec
      .given([])
      .when({
        type: 'EndCare',
        data: { patientId: ids.patientId, organisationId: ids.organisationId },
      })
      .thenFails({ _tag: 'Conflict' });
  });
  it('reviews a self-claimed relationship once', () => {
    const review = {
      type: 'ReviewRelationship',
      data: {
        patientId: ids.patientId,
        relationshipId: ids.relationshipId,
        outcome: 'appropriate',
      },
    } as const;
    const reviewed: CareEvent = {
      type: 'CareRelationshipReviewed',
      data: { ...ids, outcome: 'appropriate' },
    };
    spec.given([started]).when(review).then([reviewed]);
    spec.given([started, reviewed]).when(review).thenFails({ _tag: 'Conflict' });
  });
});
