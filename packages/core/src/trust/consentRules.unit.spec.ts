import * as E from 'fp-ts/lib/Either.js';
import { liftsNo, maySetSharing, ownConsentAllowed, type SharingChange } from './consentRules.js';
import {
  FAR,
  LOCAL,
  NOW,
  actors,
  ev,
  given,
  inHours,
  policy,
  preference,
} from './__fixtures__/ruleFacts.js';

type History = NonNullable<Parameters<typeof given>[1]>;
const sharingAfter = (...history: History) => given(LOCAL, history).record.sharing;
type PreferenceChange = Extract<SharingChange, { kind: 'preference' }>;
const allow = (organisationId?: string): PreferenceChange => ({
  kind: 'preference',
  preference: 'allow',
  setBy: 'organisation',
  ...(organisationId === undefined ? {} : { organisationId }),
});
const deny = (organisationId?: string, until?: string): PreferenceChange => ({
  kind: 'preference',
  preference: 'deny',
  setBy: 'organisation',
  ...(organisationId === undefined ? {} : { organisationId }),
  ...(until === undefined ? {} : { until }),
});
const consentAt = (organisationId: string): Extract<SharingChange, { kind: 'sharing-in' }> => ({
  kind: 'sharing-in',
  organisationId,
  answer: 'consent',
});
const refusal = (result: E.Either<{ _tag: string }, unknown>) =>
  E.isLeft(result) ? result.left : undefined;

describe('liftsNo', () => {
  it('given a deny for the organisation, when it would be allowed, then the no is lifted', () => {
    expect(liftsNo(sharingAfter(preference('deny', LOCAL)), allow(LOCAL), NOW)).toBe(true);
  });

  it('given a deny for all, when one organisation would be allowed or verified, then the no is lifted', () => {
    const sharing = sharingAfter(preference('deny'));
    expect(liftsNo(sharing, allow(LOCAL), NOW)).toBe(true);
    expect(liftsNo(sharing, { ...allow(LOCAL), preference: 'require-verification' }, NOW)).toBe(
      true,
    );
  });

  it('given a require-verification, when the organisation would be allowed, then no "no" is lifted', () => {
    expect(
      liftsNo(sharingAfter(preference('require-verification', LOCAL)), allow(LOCAL), NOW),
    ).toBe(false);
  });

  it('given a standing deny, when another deny would end sooner, then the no is lifted', () => {
    const forever = sharingAfter(preference('deny', LOCAL));
    expect(liftsNo(forever, deny(LOCAL, inHours(1)), NOW)).toBe(true);
    expect(liftsNo(forever, deny(LOCAL), NOW)).toBe(false);
    const forAWeek = sharingAfter(preference('deny', undefined, inHours(168)));
    expect(liftsNo(forAWeek, deny(undefined, inHours(24)), NOW)).toBe(true);
    expect(liftsNo(forAWeek, deny(undefined, inHours(200)), NOW)).toBe(false);
  });

  it('given a deny for all and an expired entry for the organisation, when it would be set to verify, then the no is lifted', () => {
    const sharing = sharingAfter(preference('allow', LOCAL, inHours(-1)), preference('deny'));
    expect(liftsNo(sharing, { ...allow(LOCAL), preference: 'require-verification' }, NOW)).toBe(
      true,
    );
  });

  it('given a deny that has ended, when it would be cleared or replaced, then no "no" is lifted', () => {
    const sharing = sharingAfter(preference('deny', LOCAL, inHours(-1)));
    expect(liftsNo(sharing, { kind: 'clear-preference', organisationId: LOCAL }, NOW)).toBe(false);
    expect(liftsNo(sharing, allow(LOCAL), NOW)).toBe(false);
  });

  it('given a deny, when it would be cleared, then the no is lifted; clearing anything else is not', () => {
    expect(
      liftsNo(
        sharingAfter(preference('deny', LOCAL)),
        {
          kind: 'clear-preference',
          organisationId: LOCAL,
        },
        NOW,
      ),
    ).toBe(true);
    expect(liftsNo(sharingAfter(preference('deny')), { kind: 'clear-preference' }, NOW)).toBe(true);
    expect(liftsNo(sharingAfter(preference('allow')), { kind: 'clear-preference' }, NOW)).toBe(
      false,
    );
  });

  it('given a sharing-in dissent, when a consent would be recorded, then the no is lifted; a dissent again is not', () => {
    const sharing = sharingAfter(ev.sharingIn(LOCAL, 'dissent'));
    expect(liftsNo(sharing, consentAt(LOCAL), NOW)).toBe(true);
    expect(liftsNo(sharing, { ...consentAt(LOCAL), answer: 'dissent' }, NOW)).toBe(false);
    expect(liftsNo(sharing, consentAt(FAR), NOW)).toBe(false);
  });

  it('given any no, when a consent is withdrawn, then no "no" is lifted', () => {
    const sharing = sharingAfter(preference('deny'), ev.sharingIn(LOCAL, 'dissent'));
    expect(liftsNo(sharing, { kind: 'withdraw', organisationId: LOCAL }, NOW)).toBe(false);
  });
});

describe('ownConsentAllowed', () => {
  it('given a local organisation caring for the patient and no choice yet (ask-patient), then it may record her yes', () => {
    expect(ownConsentAllowed(given(LOCAL, [ev.care(LOCAL)]), LOCAL, NOW, policy)).toEqual(
      E.right('record'),
    );
  });

  it('given an organisation out of area (verify), then its own yes is NotPermitted and names the decision', () => {
    const error = refusal(ownConsentAllowed(given(FAR, [ev.care(FAR)]), FAR, NOW, policy));
    expect(error).toMatchObject({ _tag: 'NotPermitted', decision: { outcome: 'verify' } });
  });

  it('given an open emergency window, then the window does not count: still NotPermitted', () => {
    const facts = given(FAR, [ev.care(FAR), ev.emergency(FAR, inHours(12))]);
    expect(refusal(ownConsentAllowed(facts, FAR, NOW, policy))).toMatchObject({
      _tag: 'NotPermitted',
      decision: { outcome: 'verify' },
    });
  });

  it("given the patient's deny or no care, then NotPermitted with that deny", () => {
    const denied = given(LOCAL, [ev.care(LOCAL), preference('deny')]);
    expect(refusal(ownConsentAllowed(denied, LOCAL, NOW, policy))).toMatchObject({
      decision: { outcome: 'deny', reason: 'patient-dissent' },
    });
    expect(refusal(ownConsentAllowed(given(LOCAL), LOCAL, NOW, policy))).toMatchObject({
      decision: { outcome: 'deny', reason: 'no-care-relationship' },
    });
  });

  it("given a permit on the patient's own allow, then recording it again is accepted and records nothing", () => {
    const facts = given(FAR, [ev.care(FAR), preference('allow')]);
    expect(ownConsentAllowed(facts, FAR, NOW, policy)).toEqual(E.right('nothing'));
  });
});

describe('maySetSharing', () => {
  const may = (
    actor: (typeof actors)[keyof typeof actors],
    change: SharingChange,
    history: Parameters<typeof given>[1] = [],
    organisationId = 'organisationId' in change ? (change.organisationId ?? LOCAL) : LOCAL,
  ) => maySetSharing(actor, given(organisationId, history), change, NOW, policy);

  it('given the patient or her practice, when setBy says who they are, then any choice is recorded', () => {
    const byPatient: SharingChange = { kind: 'preference', preference: 'allow', setBy: 'patient' };
    expect(may(actors.alice, byPatient, [preference('deny')])).toEqual(E.right('record'));
    const byPractice: SharingChange = {
      kind: 'preference',
      organisationId: FAR,
      preference: 'allow',
      setBy: 'practice',
    };
    expect(may(actors.practiceStaff, byPractice, [preference('deny', FAR)])).toEqual(
      E.right('record'),
    );
  });

  it('given anyone, when setBy names someone else, then NotPermitted', () => {
    expect(refusal(may(actors.alice, { ...allow(), setBy: 'practice' }))).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(refusal(may(actors.localStaff, { ...allow(LOCAL), setBy: 'patient' }))).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(
      refusal(may(actors.otherPracticeStaff, { ...allow(), setBy: 'practice' })),
    ).toMatchObject({ _tag: 'NotPermitted' });
  });

  it("given a Cornwall hospital caring for the patient (verify), when its staff record her yes in person, then NotPermitted (issue 18's first bypass)", () => {
    expect(refusal(may(actors.farStaff, consentAt(FAR), [ev.care(FAR)]))).toMatchObject({
      _tag: 'NotPermitted',
      decision: { outcome: 'verify' },
    });
  });

  it('given a local hospital it may ask in person, when its staff record her yes, then it is recorded; for another organisation, never', () => {
    expect(may(actors.localStaff, consentAt(LOCAL), [ev.care(LOCAL)])).toEqual(E.right('record'));
    expect(refusal(may(actors.localStaff, consentAt(FAR), [ev.care(FAR)]))).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(refusal(may(actors.localFeed, consentAt(LOCAL), [ev.care(LOCAL)]))).toMatchObject({
      _tag: 'NotPermitted',
    });
  });

  it("given the patient's deny, when an organisation allows itself, then NotPermitted (issue 18's second bypass)", () => {
    expect(
      refusal(may(actors.localStaff, allow(LOCAL), [ev.care(LOCAL), preference('deny')])),
    ).toMatchObject({
      _tag: 'NotPermitted',
    });
  });

  it('given staff, when they allow all organisations or another one, then NotPermitted', () => {
    expect(refusal(may(actors.localStaff, allow(), [ev.care(LOCAL)]))).toMatchObject({
      _tag: 'NotPermitted',
    });
    expect(refusal(may(actors.localStaff, allow(FAR), [ev.care(FAR)]))).toMatchObject({
      _tag: 'NotPermitted',
    });
  });

  it("given anyone acting for an organisation, when they record the patient's no, then it is recorded; an auditor or the host may not", () => {
    const dissent: SharingChange = { ...consentAt(FAR), answer: 'dissent' };
    expect(may(actors.localOfficer, dissent)).toEqual(E.right('record'));
    expect(may(actors.localFeed, deny())).toEqual(E.right('record'));
    expect(refusal(may(actors.auditor, dissent))).toMatchObject({ _tag: 'NotPermitted' });
    expect(refusal(may(actors.system, dissent))).toMatchObject({ _tag: 'NotPermitted' });
    expect(refusal(may(actors.bob, dissent))).toMatchObject({ _tag: 'NotPermitted' });
  });

  it("given the patient's deny, when an organisation replaces it with a shorter deny, then NotPermitted", () => {
    expect(
      refusal(may(actors.localStaff, deny(LOCAL, inHours(1)), [preference('deny', LOCAL)])),
    ).toMatchObject({
      _tag: 'NotPermitted',
    });
  });

  it("given an organisation, when it clears the patient's choices, then NotPermitted", () => {
    const clear: SharingChange = { kind: 'clear-preference', organisationId: LOCAL };
    expect(
      refusal(may(actors.localStaff, clear, [preference('require-verification', LOCAL)])),
    ).toMatchObject({
      _tag: 'NotPermitted',
    });
  });

  it('given a standing consent, when its own organisation withdraws it, then recorded; when another does, NotPermitted', () => {
    const withdraw: SharingChange = { kind: 'withdraw', organisationId: LOCAL };
    const history = [ev.care(LOCAL), ev.sharingIn(LOCAL, 'consent')];
    expect(may(actors.localOfficer, withdraw, history)).toEqual(E.right('record'));
    expect(refusal(may(actors.farStaff, withdraw, history))).toMatchObject({
      _tag: 'NotPermitted',
    });
  });
});
