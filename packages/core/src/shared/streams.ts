import { streamName } from '../eventStore/streamName.js';

/**
 * The streams Consentry writes. Everything that decides one patient's access (preferences,
 * consents, care, access decisions, challenges) is one `consent-<patientId>` stream: the
 * consistency boundary, so a decision is appended at exactly the version it read.
 */
export const streams = {
  patient: (patientId: string): string => streamName('patient', patientId),
  organisation: (organisationId: string): string => streamName('organisation', organisationId),
  practiceLists: (practiceId: string): string => streamName('practiceLists', practiceId),
  consent: (patientId: string): string => streamName('consent', patientId),
  /** Refused attempts about the patient (docs/domain.md): apart from the consent stream, so they never contend with it. */
  refusals: (patientId: string): string => streamName('refusals', patientId),
  /** The reservation of one NHS number, named by a keyed HMAC of it (never the number). */
  nhsNumberReservation: (blindIndex: string): string =>
    streamName('nhsNumberReservation', blindIndex),
};

/** The `type` literals of a union of `{ type: t.literal(...) }` event codecs. */
export const eventTypesOf = (codec: {
  readonly types: readonly { readonly props: { readonly type: { readonly value: string } } }[];
}): ReadonlySet<string> => new Set(codec.types.map((member) => member.props.type.value));
