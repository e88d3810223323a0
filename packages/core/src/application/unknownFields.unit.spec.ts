import { expectLeft, expectRight } from '../testing/expectEither.js';
import { patientActor, staffOf, world } from './__fixtures__/world.js';

// The facade refuses a field its input does not name, as the HTTP API and the scenario
// files do (docs/facade-api.md, "Inputs"): a misspelt optional field must never be dropped
// in silence — a patient's "allow until Friday" with `untill` would otherwise allow for ever.
describe('the facade refuses fields it does not know', () => {
  it('a misspelt `until` is InvalidInput naming it, and nothing is appended', async () => {
    const { consentry, eventStore } = await world();
    const before = await expectRight(eventStore.readAll({ fromPosition: 0n, batchSize: 10_000 }));
    const refused = await expectLeft(
      consentry.setSharingPreference(
        {
          patientId: 'alice',
          organisationId: 'cornwall-hospital',
          preference: 'allow',
          setBy: 'patient',
          untill: '2026-07-04T17:00:00Z',
        } as never,
        patientActor('alice'),
      ),
    );
    expect(refused._tag).toBe('InvalidInput');
    expect(refused._tag === 'InvalidInput' && refused.field).toBe('untill');
    expect(refused.message).toContain('unknown field "untill"');
    const after = await expectRight(eventStore.readAll({ fromPosition: 0n, batchSize: 10_000 }));
    expect(after.events.length).toBe(before.events.length);
  });

  it('a stray field in the context (who acts) is refused too', async () => {
    const { consentry } = await world();
    const refused = await expectLeft(
      consentry.requestAccess({ patientId: 'alice', organisationId: 'cornwall-hospital' }, {
        ...staffOf('cornwall-hospital'),
        onBehalfOf: 'leic-practice',
      } as never),
    );
    expect(refused._tag).toBe('InvalidInput');
    expect(refused.message).toContain('onBehalfOf');
  });

  it('the same input spelt right is taken', async () => {
    const { consentry } = await world();
    await expectRight(
      consentry.setSharingPreference(
        {
          patientId: 'alice',
          organisationId: 'cornwall-hospital',
          preference: 'allow',
          setBy: 'patient',
          until: '2026-07-04T17:00:00Z',
        },
        patientActor('alice'),
      ),
    );
  });
});
