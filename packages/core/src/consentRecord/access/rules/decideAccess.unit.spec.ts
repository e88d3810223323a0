import { decideAccess } from './decideAccess.js';
import type { AccessDecision } from './decision.js';
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
import type { PatientEvent } from '../../../patient/events.js';

const policy = { emergencyWindowHours: 24, emergencyOverridesDissent: true };
const ask = (organisationId: string, extra: Partial<AccessAsk> = {}): AccessAsk => ({
  organisationId,
  purpose: 'TREAT',
  now: NOW,
  ...extra,
});
const summary = (d: AccessDecision): string =>
  d.outcome === 'permit'
    ? `permit ${d.basis}`
    : d.outcome === 'deny'
      ? `deny ${d.reason}`
      : d.outcome;

describe('docs/domain.md rule table (rule 6), with an active care relationship', () => {
  // [preference, organisation, expected]: local = same area; allowed = elsewhere but on the Allowed list.
  const rows: [string, 'allow' | 'deny' | 'require-verification' | undefined, string, string][] = [
    ['deny, local', 'deny', LOCAL, 'deny patient-dissent'],
    ['deny, allowed list', 'deny', ALLOWED_FAR, 'deny patient-dissent'],
    ['deny, elsewhere', 'deny', FAR, 'deny patient-dissent'],
    ['allow, local', 'allow', LOCAL, 'permit patient-consent'],
    ['allow, allowed list', 'allow', ALLOWED_FAR, 'permit patient-consent'],
    ['allow, elsewhere', 'allow', FAR, 'permit patient-consent'],
    ['require-verification, local', 'require-verification', LOCAL, 'verify'],
    ['require-verification, allowed list', 'require-verification', ALLOWED_FAR, 'verify'],
    ['require-verification, elsewhere', 'require-verification', FAR, 'verify'],
    ['unknown, local', undefined, LOCAL, 'ask-patient'],
    ['unknown, allowed list', undefined, ALLOWED_FAR, 'ask-patient'],
    ['unknown, elsewhere', undefined, FAR, 'verify'],
  ];
  it.each(rows)('%s', (_, preference, organisationId, expected) => {
    const history = [
      ev.care(organisationId),
      ...(preference === undefined ? [] : [ev.preference(preference)]),
    ];
    const facts = factsFor(organisationId, history, {
      lists: [listEvent('OrganisationAllowed', ALLOWED_FAR)],
    });
    const decision = decideAccess(facts, ask(organisationId), policy);
    expect(summary(decision)).toBe(expected);
    expect(decision.trail.at(-1)?.result).toBe('decided');
  });
});

describe('rule 1: unknown organisation or patient', () => {
  it('denies an unregistered organisation', () => {
    expect(
      summary(
        decideAccess(factsFor(FAR, [], { organisationStatus: 'unregistered' }), ask(FAR), policy),
      ),
    ).toBe('deny unknown-organisation');
  });
  it('denies a closed organisation, even the registered practice', () => {
    expect(
      summary(
        decideAccess(
          factsFor(PRACTICE, [], { organisationStatus: 'closed' }),
          ask(PRACTICE),
          policy,
        ),
      ),
    ).toBe('deny unknown-organisation');
  });
  it('denies an unknown patient', () => {
    const facts = factsFor(FAR, [ev.care(FAR)], { patient: { status: 'unregistered' } });
    expect(summary(decideAccess(facts, ask(FAR), policy))).toBe('deny unknown-patient');
  });
});

describe('rule 2: the registered practice', () => {
  it('permits without a care relationship and despite a deny preference', () => {
    const decision = decideAccess(
      factsFor(PRACTICE, [ev.preference('deny')]),
      ask(PRACTICE),
      policy,
    );
    expect(summary(decision)).toBe('permit registered-practice');
    expect(decision.trail.map((s) => s.rule)).toEqual([
      'R1-organisation-known',
      'R1-patient-known',
      'R2-registered-practice',
    ]);
  });
});

describe('rule 3: emergency', () => {
  const emergency = ask(FAR, { purpose: 'ETREAT', justification: 'unconscious in A&E' });
  it('permits with a justification, for the emergency window, with no care relationship and a deny preference', () => {
    const decision = decideAccess(
      factsFor(FAR, [ev.preference('deny'), ev.sharingIn(FAR, 'dissent')]),
      emergency,
      policy,
    );
    expect(decision).toMatchObject({
      outcome: 'permit',
      basis: 'emergency',
      until: '2026-07-02T09:00:00.000Z',
    });
  });
  it('overrides the Prohibited list', () => {
    const facts = factsFor(FAR, [ev.care(FAR)], {
      lists: [listEvent('OrganisationProhibited', FAR)],
    });
    expect(summary(decideAccess(facts, emergency, policy))).toBe('permit emergency');
  });
  it('does not apply without a justification', () => {
    expect(summary(decideAccess(factsFor(FAR, []), ask(FAR, { purpose: 'ETREAT' }), policy))).toBe(
      'deny no-care-relationship',
    );
  });
  it('yields to dissent when policy emergencyOverridesDissent is false', () => {
    const strict = { ...policy, emergencyOverridesDissent: false };
    expect(
      summary(
        decideAccess(factsFor(FAR, [ev.care(FAR), ev.preference('deny', FAR)]), emergency, strict),
      ),
    ).toBe('deny patient-dissent');
    expect(summary(decideAccess(factsFor(FAR, [ev.care(FAR)]), emergency, strict))).toBe(
      'permit emergency',
    );
  });
  it('keeps permitting while the emergency window is open, and not after', () => {
    const history = [ev.emergency(FAR, '2026-07-01T10:00:00.000Z')];
    expect(decideAccess(factsFor(FAR, history), ask(FAR), policy)).toMatchObject({
      outcome: 'permit',
      basis: 'emergency',
      until: '2026-07-01T10:00:00.000Z',
    });
    expect(
      summary(
        decideAccess(
          factsFor(FAR, history),
          ask(FAR, { now: new Date('2026-07-01T10:00:00Z') }),
          policy,
        ),
      ),
    ).toBe('deny no-care-relationship');
  });
});

describe('rule 4: care relationship', () => {
  it('denies without one', () => {
    expect(
      summary(decideAccess(factsFor(LOCAL, [ev.preference('allow')]), ask(LOCAL), policy)),
    ).toBe('deny no-care-relationship');
  });
  it('denies once it has ended', () => {
    expect(
      summary(
        decideAccess(
          factsFor(LOCAL, [ev.care(LOCAL), ev.preference('allow'), ev.endCare(LOCAL)]),
          ask(LOCAL),
          policy,
        ),
      ),
    ).toBe('deny no-care-relationship');
  });
});

describe('rule 5: Prohibited list', () => {
  it('denies a prohibited organisation even with allow and a standing consent', () => {
    const facts = factsFor(
      LOCAL,
      [ev.care(LOCAL), ev.preference('allow'), ev.sharingIn(LOCAL, 'consent')],
      { lists: [listEvent('OrganisationProhibited', LOCAL)] },
    );
    expect(summary(decideAccess(facts, ask(LOCAL), policy))).toBe('deny organisation-prohibited');
  });
  it('stops applying once removed from the lists', () => {
    const lists = [
      listEvent('OrganisationProhibited', LOCAL),
      listEvent('OrganisationListEntryRemoved', LOCAL),
    ];
    expect(
      summary(
        decideAccess(
          factsFor(LOCAL, [ev.care(LOCAL), ev.preference('allow')], { lists }),
          ask(LOCAL),
          policy,
        ),
      ),
    ).toBe('permit patient-consent');
  });
});

describe('rule 6: before the table, and which preference counts', () => {
  it('a sharing-in dissent denies even with an allow preference', () => {
    expect(
      summary(
        decideAccess(
          factsFor(FAR, [ev.care(FAR), ev.preference('allow'), ev.sharingIn(FAR, 'dissent')]),
          ask(FAR),
          policy,
        ),
      ),
    ).toBe('deny patient-dissent');
  });
  it('a standing consent permits where the table would ask for a code', () => {
    expect(
      summary(
        decideAccess(factsFor(FAR, [ev.care(FAR), ev.sharingIn(FAR, 'consent')]), ask(FAR), policy),
      ),
    ).toBe('permit sharing-in-consent');
  });
  it('a deny preference overrules a standing consent', () => {
    expect(
      summary(
        decideAccess(
          factsFor(FAR, [ev.care(FAR), ev.sharingIn(FAR, 'consent'), ev.preference('deny', FAR)]),
          ask(FAR),
          policy,
        ),
      ),
    ).toBe('deny patient-dissent');
  });
  it('a withdrawn consent sends the organisation back to the table', () => {
    expect(
      summary(
        decideAccess(
          factsFor(FAR, [ev.care(FAR), ev.sharingIn(FAR, 'consent'), ev.withdraw(FAR)]),
          ask(FAR),
          policy,
        ),
      ),
    ).toBe('verify');
    expect(
      summary(
        decideAccess(
          factsFor(LOCAL, [ev.care(LOCAL), ev.sharingIn(LOCAL, 'consent'), ev.withdraw(LOCAL)]),
          ask(LOCAL),
          policy,
        ),
      ),
    ).toBe('ask-patient');
  });
  it('the preference for one organisation beats the one for all', () => {
    expect(
      summary(
        decideAccess(
          factsFor(FAR, [ev.care(FAR), ev.preference('deny'), ev.preference('allow', FAR)]),
          ask(FAR),
          policy,
        ),
      ),
    ).toBe('permit patient-consent');
  });
  it('an expired preference for one organisation falls back to the one for all, then to unknown', () => {
    const history = [
      ev.care(FAR),
      ev.preference('allow'),
      ev.preference('deny', FAR, '2026-07-01T08:00:00Z'),
    ];
    expect(summary(decideAccess(factsFor(FAR, history), ask(FAR), policy))).toBe(
      'permit patient-consent',
    );
    const expiredAll = [ev.care(FAR), ev.preference('allow', undefined, '2026-07-01T09:00:00Z')];
    expect(summary(decideAccess(factsFor(FAR, expiredAll), ask(FAR), policy))).toBe('verify');
  });
  it('a cleared preference is unknown again', () => {
    expect(
      summary(
        decideAccess(
          factsFor(LOCAL, [ev.care(LOCAL), ev.preference('deny'), ev.clearPreference()]),
          ask(LOCAL),
          policy,
        ),
      ),
    ).toBe('ask-patient');
  });
});

describe('rule 7: verification channel', () => {
  const contact = (data: Record<string, unknown>): PatientEvent =>
    ({ type: 'ContactDetailsRecorded', data: { patientId: 'alice', ...data } }) as PatientEvent;
  it('denies no-verification-channel when P has no mobile, e-mail or portal', () => {
    const decision = decideAccess(
      factsFor(FAR, [ev.care(FAR)], { patient: registeredPatient() }),
      ask(FAR),
      policy,
    );
    expect(decision).toMatchObject({ outcome: 'deny', reason: 'no-verification-channel' });
    expect(decision.outcome === 'deny' && decision.advice).toMatch(/practice/);
  });
  it('lists the preferred channel first, then the other, then the portal', () => {
    const patient = registeredPatient([
      contact({ mobile: '+447700900123', email: 'a@example.org', preferredChannel: 'email' }),
      { type: 'PortalEnrolled', data: { patientId: 'alice' } } as PatientEvent,
    ]);
    expect(
      decideAccess(factsFor(FAR, [ev.care(FAR)], { patient }), ask(FAR), policy),
    ).toMatchObject({ outcome: 'verify', channels: ['email', 'sms', 'portal'] });
  });
  it('verifies through the portal alone', () => {
    const patient = registeredPatient([
      { type: 'PortalEnrolled', data: { patientId: 'alice' } } as PatientEvent,
    ]);
    expect(
      decideAccess(factsFor(FAR, [ev.care(FAR)], { patient }), ask(FAR), policy),
    ).toMatchObject({ outcome: 'verify', channels: ['portal'] });
  });
  it('uses sms when that is all there is', () => {
    expect(
      decideAccess(
        factsFor(FAR, [ev.care(FAR)], { patient: registeredPatient([withMobile]) }),
        ask(FAR),
        policy,
      ),
    ).toMatchObject({ channels: ['sms'] });
  });
});
