import * as t from 'io-ts';
import { Outcome } from '../consentRecord/access/codecs.js';
import { ReviewOutcome } from '../consentRecord/care/events.js';
import { OrganisationId } from '../organisation/codecs.js';
import { PatientId } from '../patient/codecs.js';
import { Text } from '../shared/brandedString.js';

/**
 * A command the trust rules refused (a record view without a permit, a consent or preference
 * the actor may not record), kept on the patient's `refusals-<patientId>` stream: never the
 * consent stream, so a refusal never contends with the patient's own decisions. The actor is
 * in the metadata; `organisationId` is the organisation the actor acted for, if any.
 */
export const AttemptRefused = t.type({
  type: t.literal('AttemptRefused'),
  data: t.intersection([
    t.type({ patientId: PatientId, command: t.string, why: t.string }),
    t.partial({
      organisationId: OrganisationId,
      /** The organisation the command was about, when it names one. */
      about: OrganisationId,
      /** The access decision the refusal rested on, when there was one. */
      outcome: Outcome,
    }),
  ]),
});

/** A privacy officer looked at the alert raised by repeated refusals. */
export const RefusalsReviewed = t.type({
  type: t.literal('RefusalsReviewed'),
  data: t.intersection([
    t.type({
      patientId: PatientId,
      alertId: t.string,
      organisationId: OrganisationId,
      outcome: ReviewOutcome,
    }),
    t.partial({ notes: Text }),
  ]),
});

export const RefusalEvent = t.union([AttemptRefused, RefusalsReviewed]);
export type RefusalEvent = t.TypeOf<typeof RefusalEvent>;
export type AttemptRefused = t.TypeOf<typeof AttemptRefused>;

/** Three refused attempts by one organisation for one patient within this window raise an alert. */
export const REFUSALS_FOR_ALERT = 3;
export const REFUSAL_WINDOW_HOURS = 24;
