import type { RecordedEvent } from '../eventStore/envelope.js';

/** Turns the data of one event type from schema version n into version n + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * The schema version each event type is written with today. An event whose shape changes
 * gets a higher number here and an upcaster below; stored events are never edited.
 */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<string, number>> = {
  // v2 added `selfClaimed`: before it, every care relationship was recorded by staff.
  CareRelationshipStarted: 2,
};

export const schemaVersionOf = (type: string): number => CURRENT_SCHEMA_VERSION[type] ?? 1;

/** upcasters[type][n] lifts version n to n + 1. */
export const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  CareRelationshipStarted: {
    1: (data) => ({ ...data, selfClaimed: false }),
  },
};

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** Applied on read: lifts an old event step by step to the version the codecs expect. */
export const upcast = <E extends Pick<RecordedEvent, 'type' | 'data' | 'metadata'>>(
  event: E,
  upcasters: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = UPCASTERS,
): E => {
  const target = schemaVersionOf(event.type);
  let version = event.metadata.schemaVersion;
  let data = event.data;
  while (version < target && isRecord(data)) {
    const step = upcasters[event.type]?.[version];
    if (step === undefined) break;
    data = step(data);
    version += 1;
  }
  return version === event.metadata.schemaVersion
    ? event
    : { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
};
