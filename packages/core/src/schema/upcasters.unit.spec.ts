import { expectRight } from '../testing/expectEither.js';
import * as E from 'fp-ts/lib/Either.js';
import { inMemoryEventStore } from '../eventStore/inMemory.js';
import { streams } from '../shared/streams.js';
import { patientActor, staffOf, world } from '../application/__fixtures__/world.js';
import { ConsentryEvent } from './events.js';
import { upcast } from './upcasters.js';

/** A care relationship as written before schema version 2 added `selfClaimed`. */
const v1CareStarted = {
  type: 'CareRelationshipStarted',
  data: {
    patientId: 'alice',
    relationshipId: 'rel-old',
    organisationId: 'cornwall-hospital',
    reason: 'admitted',
  },
  metadata: {
    eventId: 'old-1',
    recordedAt: '2025-01-01T00:00:00.000Z',
    actor: { kind: 'system', id: 'migration' },
    correlationId: 'old',
    schemaVersion: 1,
  },
} as const;

describe('upcasters (schema version n → n + 1, applied on read)', () => {
  it('lifts a version 1 CareRelationshipStarted to version 2 (selfClaimed: false)', () => {
    expect(E.isLeft(ConsentryEvent.decode(v1CareStarted))).toBe(true);
    const lifted = upcast(v1CareStarted);
    expect(lifted.metadata.schemaVersion).toBe(2);
    expect(lifted.data).toEqual({ ...v1CareStarted.data, selfClaimed: false });
    expect(E.isRight(ConsentryEvent.decode(lifted))).toBe(true);
  });

  it('leaves current events untouched', () => {
    const current = {
      ...v1CareStarted,
      data: { ...v1CareStarted.data, selfClaimed: true },
      metadata: { ...v1CareStarted.metadata, schemaVersion: 2 },
    };
    expect(upcast(current)).toBe(current);
  });

  it('a store holding a version 1 event still works through the facade', async () => {
    const store = inMemoryEventStore();
    const { consentry } = await world({ store });
    await expectRight(
      store.appendToStream(streams.consent('alice'), [v1CareStarted], { expectedVersion: 0n }),
    );
    // The old relationship counts as active care: the far hospital gets `verify`, not `no-care-relationship`.
    expect(
      await expectRight(
        consentry.checkAccess({ patientId: 'alice', organisationId: 'cornwall-hospital' }),
      ),
    ).toMatchObject({ outcome: 'verify' });
    const summary = await expectRight(consentry.sharingSummary({ patientId: 'alice' }));
    expect(summary.careRelationships).toEqual([
      {
        organisationId: 'cornwall-hospital',
        since: '2025-01-01T00:00:00.000Z',
        selfClaimed: false,
      },
    ]);
    // And new commands append after it.
    await expectRight(
      consentry.endCare(
        { patientId: 'alice', organisationId: 'cornwall-hospital' },
        staffOf('cornwall-hospital'),
      ),
    );
    await expectRight(
      consentry.withdrawConsent(
        { patientId: 'alice', organisationId: 'cornwall-hospital' },
        patientActor('alice'),
      ),
    );
    expect(
      await expectRight(
        consentry.checkAccess({ patientId: 'alice', organisationId: 'cornwall-hospital' }),
      ),
    ).toMatchObject({ reason: 'no-care-relationship' });
  });
});
