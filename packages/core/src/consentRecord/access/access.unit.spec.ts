import { deciderSpec } from '../../testing/deciderSpec.js';
import { accessDecider } from './decide.js';
import type { AccessCommand } from './commands.js';
import type { AccessDecision } from './rules/decision.js';

const b = <T>(s: string): T => s as unknown as T;
const request = {
  patientId: b<never>('alice'),
  requestId: b<never>('req-1'),
  organisationId: b<never>('far'),
};
const trail = [{ rule: 'R3-emergency', result: 'decided', note: 'emergency' }] as const;
const emergency: AccessDecision = {
  outcome: 'permit',
  basis: 'emergency',
  until: '2026-07-02T09:00:00.000Z',
  trail: [...trail],
};
const record = (
  decision: AccessDecision,
  extra: Partial<{ purpose: 'TREAT' | 'ETREAT'; justification: string }> = {},
): AccessCommand => ({
  type: 'RecordAccessRequest',
  data: { ...request, purpose: 'TREAT', decision, emergencyId: b('em-1'), ...(extra as object) },
});
const spec = deciderSpec(accessDecider);

describe('access decider', () => {
  it('break-glass records the request, the emergency (an alert) and the grant', () => {
    spec
      .given([])
      .when(record(emergency, { purpose: 'ETREAT', justification: 'collapsed' }))
      .then([
        {
          type: 'AccessRequested',
          data: { ...request, purpose: 'ETREAT', justification: b('collapsed') },
        },
        {
          type: 'EmergencyAccessInvoked',
          data: {
            ...request,
            emergencyId: b('em-1'),
            justification: b('collapsed'),
            until: b('2026-07-02T09:00:00.000Z'),
          },
        },
        {
          type: 'AccessGranted',
          data: {
            ...request,
            basis: 'emergency',
            trail: [...trail],
            until: b('2026-07-02T09:00:00.000Z'),
          },
        },
      ]);
  });
  it('a request inside an open emergency window is granted without a second emergency', () => {
    const events = spec.given([]).when(record(emergency)).result;
    expect(events._tag === 'Right' && events.right.map((e) => e.type)).toEqual([
      'AccessRequested',
      'AccessGranted',
    ]);
  });
  it('verify and ask-patient refer the request to the patient; deny is recorded with its reason', () => {
    spec
      .given([])
      .when(record({ outcome: 'ask-patient', trail: [] }))
      .then([
        { type: 'AccessRequested', data: { ...request, purpose: 'TREAT' } },
        {
          type: 'AccessReferredToPatient',
          data: { ...request, outcome: 'ask-patient', trail: [] },
        },
      ]);
    const denied = spec
      .given([])
      .when(
        record({ outcome: 'deny', reason: 'no-care-relationship', advice: '', trail: [] }),
      ).result;
    expect(denied._tag === 'Right' && denied.right[1]).toEqual({
      type: 'AccessDenied',
      data: { ...request, reason: 'no-care-relationship', trail: [] },
    });
  });
  it('a record view needs a permit', () => {
    const view = (decision: AccessDecision): AccessCommand => ({
      type: 'ViewRecord',
      data: { patientId: request.patientId, organisationId: request.organisationId, decision },
    });
    spec
      .given([])
      .when(view(emergency))
      .then([
        {
          type: 'RecordViewed',
          data: {
            patientId: request.patientId,
            organisationId: request.organisationId,
            basis: 'emergency',
          },
        },
      ]);
    spec
      .given([])
      .when(view({ outcome: 'verify', channels: ['sms'], trail: [] }))
      .thenFails({ _tag: 'NotPermitted' });
  });
  it('an emergency is reviewed once', () => {
    const invoked = {
      type: 'EmergencyAccessInvoked',
      data: {
        ...request,
        emergencyId: b<never>('em-1'),
        justification: b<never>('x'),
        until: b<never>('2026-07-02T09:00:00.000Z'),
      },
    } as const;
    const review: AccessCommand = {
      type: 'ReviewEmergency',
      data: { patientId: request.patientId, emergencyId: b('em-1'), outcome: 'appropriate' },
    };
    spec
      .given([invoked])
      .when(review)
      .then([
        {
          type: 'EmergencyAccessReviewed',
          data: {
            patientId: request.patientId,
            emergencyId: b('em-1'),
            organisationId: request.organisationId,
            outcome: 'appropriate',
          },
        },
      ]);
    spec
      .given([
        invoked,
        {
          type: 'EmergencyAccessReviewed',
          data: {
            patientId: request.patientId,
            emergencyId: b('em-1'),
            organisationId: request.organisationId,
            outcome: 'appropriate',
          },
        },
      ])
      .when(review)
      .thenFails({ _tag: 'Conflict' });
    spec.given([]).when(review).thenFails({ _tag: 'Conflict' });
  });
});
