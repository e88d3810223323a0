import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../eventStore/envelope.js';
import { mayReferCare, mayReviewAlert, mayStartCare } from './table.js';
import {
  FAR,
  LOCAL,
  PRACTICE,
  actors,
  alice,
  ev,
  given,
  reviewed,
} from './__fixtures__/ruleFacts.js';

const allowed = E.right(undefined);
const notPermitted = { _tag: 'NotPermitted' };
const refusal = (result: E.Either<{ _tag: string }, unknown>) =>
  E.isLeft(result) ? result.left : undefined;

describe('mayStartCare', () => {
  it("given the organisation's own feed, when it starts care, then allowed; a self-claim by the feed is not", () => {
    expect(mayStartCare(actors.localFeed, LOCAL, false)).toEqual(allowed);
    expect(refusal(mayStartCare(actors.localFeed, LOCAL, true))).toMatchObject(notPermitted);
  });

  it('given its staff, when they claim care by hand, then allowed; care that is not a self-claim is not', () => {
    expect(mayStartCare(actors.localStaff, LOCAL, true)).toEqual(allowed);
    expect(refusal(mayStartCare(actors.localStaff, LOCAL, false))).toMatchObject(notPermitted);
  });

  it('given anyone else (another organisation, its privacy officer, the patient, the host), then NotPermitted', () => {
    for (const actor of [
      actors.farStaff,
      actors.farFeed,
      actors.localOfficer,
      actors.alice,
      actors.system,
      actors.auditor,
    ] as Actor[]) {
      expect(refusal(mayStartCare(actor, LOCAL, false))).toMatchObject(notPermitted);
      expect(refusal(mayStartCare(actor, LOCAL, true))).toMatchObject(notPermitted);
    }
  });
});

describe('mayReferCare', () => {
  const care = (...history: NonNullable<Parameters<typeof given>[1]>) =>
    given(LOCAL, history).record.care;

  it("given the patient's registered practice, when its staff refer her, then allowed", () => {
    expect(mayReferCare(actors.practiceStaff, alice, care(), PRACTICE, FAR)).toEqual(allowed);
  });

  it('given an organisation caring for her through its feed, when its staff refer her on, then allowed', () => {
    expect(mayReferCare(actors.localStaff, alice, care(ev.care(LOCAL)), LOCAL, FAR)).toEqual(
      allowed,
    );
  });

  it('given a self-claim not yet reviewed, then it cannot refer; once reviewed, it can', () => {
    const claimed = care(ev.care(LOCAL, true));
    expect(refusal(mayReferCare(actors.localStaff, alice, claimed, LOCAL, FAR))).toMatchObject(
      notPermitted,
    );
    const checked = care(ev.care(LOCAL, true), reviewed(LOCAL));
    expect(mayReferCare(actors.localStaff, alice, checked, LOCAL, FAR)).toEqual(allowed);
  });

  it('given no care of its own, to itself, or for another organisation, then NotPermitted', () => {
    const local = care(ev.care(LOCAL));
    expect(refusal(mayReferCare(actors.localStaff, alice, care(), LOCAL, FAR))).toMatchObject(
      notPermitted,
    );
    expect(refusal(mayReferCare(actors.localStaff, alice, local, LOCAL, LOCAL))).toMatchObject(
      notPermitted,
    );
    expect(refusal(mayReferCare(actors.farStaff, alice, local, LOCAL, FAR))).toMatchObject(
      notPermitted,
    );
    expect(refusal(mayReferCare(actors.localFeed, alice, local, LOCAL, FAR))).toMatchObject(
      notPermitted,
    );
    expect(
      refusal(mayReferCare(actors.otherPracticeStaff, alice, care(), PRACTICE, FAR)),
    ).toMatchObject(notPermitted);
  });
});

describe('mayReviewAlert', () => {
  const raisedBy = actors.farStaff as Actor;
  const alert = { organisationId: FAR, raisedBy };

  it("given a privacy officer of the organisation whose staff raised it, or of the patient's practice, then allowed", () => {
    expect(mayReviewAlert(actors.farOfficer, alert, alice)).toEqual(allowed);
    expect(mayReviewAlert(actors.practiceOfficer, alert, alice)).toEqual(allowed);
  });

  it('given a privacy officer of another organisation, or anyone not a privacy officer, then NotPermitted', () => {
    for (const actor of [
      actors.localOfficer,
      actors.farStaff,
      actors.practiceStaff,
      actors.auditor,
      actors.system,
      actors.alice,
    ] as Actor[])
      expect(refusal(mayReviewAlert(actor, alert, alice))).toMatchObject(notPermitted);
  });

  it('given the privacy officer who caused the alert, then NotPermitted: nobody reviews their own', () => {
    const own = { organisationId: FAR, raisedBy: actors.farOfficer as Actor };
    expect(refusal(mayReviewAlert(actors.farOfficer, own, alice))).toMatchObject(notPermitted);
  });
});
