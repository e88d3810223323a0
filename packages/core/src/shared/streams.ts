import { streamName } from '../eventStore/streamName.js';

/**
 * The streams Consentry writes. Everything that decides one patient's access (preferences,
 * consents, care, access decisions, challenges) is one `consent-<patientId>` stream: the
 * consistency boundary, so a decision is appended at exactly the version it read.
 */
/** Names kept per category before the set is started afresh (a few hundred kB at most). */
const NAMES_KEPT = 10_000;

/**
 * `streamName(category, id)`, the same string for the same id: a command looks each name up
 * several times (state cache, store), and a freshly joined string is flattened and hashed at
 * each look-up (about 140 ns for three look-ups, measured alone). The set is bounded.
 */
const named = (category: string): ((id: string) => string) => {
  let held = new Map<string, string>();
  return (id) => {
    const known = held.get(id);
    if (known !== undefined) return known;
    const name = streamName(category, id);
    if (held.size >= NAMES_KEPT) held = new Map();
    held.set(id, name);
    return name;
  };
};

export const streams = {
  patient: named('patient'),
  organisation: named('organisation'),
  practiceLists: named('practiceLists'),
  consent: named('consent'),
  /** Refused attempts about the patient (docs/domain.md): apart from the consent stream, so they never contend with it. */
  refusals: named('refusals'),
  /** The reservation of one NHS number, named by a keyed HMAC of it (never the number). */
  nhsNumberReservation: (blindIndex: string): string =>
    streamName('nhsNumberReservation', blindIndex),
};

/** The `type` literals of a union of `{ type: t.literal(...) }` event codecs. */
export const eventTypesOf = (codec: {
  readonly types: readonly { readonly props: { readonly type: { readonly value: string } } }[];
}): ReadonlySet<string> => new Set(codec.types.map((member) => member.props.type.value));
