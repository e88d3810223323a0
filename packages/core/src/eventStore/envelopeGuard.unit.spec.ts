import fc from 'fast-check';
import { Actor, EventMetadata, NewEventCodec } from './envelope.js';
import { isEnvelope } from './envelopeGuard.js';

// Field values that pass or fail each check: right and wrong types, missing, odd kinds.
const loose = fc.oneof(
  fc.string(),
  fc.constantFrom('patient', 'practice-staff', 'organisation-staff', 'system', 'robot', 'toString'),
  fc.integer(),
  fc.double(),
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
);
const actorKind = fc.constantFrom(
  'patient',
  'practice-staff',
  'organisation-staff',
  'privacy-officer',
  'auditor',
  'organisation-system',
  'proxy',
  'system',
);
const validActor = fc.record(
  { kind: actorKind, id: fc.string(), organisationId: fc.string(), forPatientId: fc.string() },
  { requiredKeys: ['kind', 'id'] },
);
const valid = fc.record(
  {
    eventId: fc.string(),
    recordedAt: fc.string(),
    actor: validActor,
    correlationId: fc.string(),
    schemaVersion: fc.double(),
    causationId: fc.string(),
    reason: fc.string(),
  },
  { requiredKeys: ['eventId', 'recordedAt', 'actor', 'correlationId', 'schemaVersion'] },
);
// A valid envelope with a few fields (its actor's too) replaced by anything at all, or
// something that is not an object: near misses are where a guard and a codec disagree.
const field = fc.constantFrom(
  'eventId',
  'recordedAt',
  'actor',
  'correlationId',
  'schemaVersion',
  'causationId',
  'reason',
  'extra',
);
const actorField = fc.constantFrom('kind', 'id', 'organisationId', 'forPatientId');
const metadata = fc.oneof(
  fc
    .tuple(
      valid,
      fc.array(fc.tuple(field, loose), { maxLength: 2 }),
      fc.array(fc.tuple(actorField, loose), { maxLength: 2 }),
    )
    .map(([meta, changes, actorChanges]) => {
      const out: Record<string, unknown> = { ...meta, actor: { ...meta.actor } };
      for (const [key, value] of actorChanges) (out.actor as Record<string, unknown>)[key] = value;
      for (const [key, value] of changes) out[key] = value;
      return out;
    }),
  loose,
  fc.array(loose, { maxLength: 2 }),
);
const codec = (type: unknown, meta: unknown): boolean =>
  NewEventCodec.is({ type, data: null, metadata: meta });

describe('isEnvelope', () => {
  it('agrees with the core codec on any metadata, right or wrong', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), loose), metadata, (type, meta) => {
        expect(isEnvelope({ type, metadata: meta })).toBe(codec(type, meta));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every valid envelope, so the fast path is the one taken', () => {
    fc.assert(
      fc.property(fc.string(), valid, (type, meta) => {
        expect(isEnvelope({ type, metadata: meta })).toBe(true);
        expect(codec(type, meta)).toBe(true);
      }),
    );
  });

  // If core adds or changes a field, this fails before the guard can disagree with it.
  it('checks exactly the fields the codec has', () => {
    const [required, optional] = EventMetadata.types;
    expect(Object.keys(required.props).sort()).toEqual(
      ['actor', 'correlationId', 'eventId', 'recordedAt', 'schemaVersion'].sort(),
    );
    expect(Object.keys(optional.props).sort()).toEqual(['causationId', 'reason']);
    const [actorRequired, actorOptional] = Actor.types;
    expect(Object.keys(actorRequired.props).sort()).toEqual(['id', 'kind']);
    expect(Object.keys(actorOptional.props)).toEqual(['organisationId', 'forPatientId']);
    expect(Object.keys(NewEventCodec.props).sort()).toEqual(['data', 'metadata', 'type']);
    expect(
      [required.props.eventId, required.props.recordedAt, required.props.correlationId].map(
        (codecOf) => codecOf.name,
      ),
    ).toEqual(['string', 'string', 'string']);
    expect(required.props.schemaVersion.name).toBe('number');
  });
});
