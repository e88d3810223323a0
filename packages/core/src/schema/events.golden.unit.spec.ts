import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { ALL_EVENT_TYPES, ConsentryEvent } from './events.js';
import { schemaVersionOf } from './upcasters.js';
import { sampleEvents } from './__fixtures__/sampleEvents.js';

const GOLDEN = join(__dirname, '__golden__', 'events.golden.json');

/** Every event as encoded today, with the schema version it is written in. */
const encodeAll = () =>
  sampleEvents.map((sample) => {
    const decoded = ConsentryEvent.decode(sample);
    if (E.isLeft(decoded)) throw new Error(`sample ${sample.type} does not decode`);
    return { schemaVersion: schemaVersionOf(sample.type), ...ConsentryEvent.encode(decoded.right) };
  });

describe('golden events (schema evolution goes through an upcaster, not an edit)', () => {
  it('has a sample of every event type', () => {
    // Some types have a second sample, for a field added later (an old sample is never edited).
    expect([...new Set(sampleEvents.map((s) => s.type))].sort()).toEqual(
      [...ALL_EVENT_TYPES].sort(),
    );
  });

  it('encodes every event type exactly as the golden file says', () => {
    if (process.env['UPDATE_GOLDEN'] === '1')
      writeFileSync(GOLDEN, `${JSON.stringify(encodeAll(), null, 2)}\n`);
    expect(encodeAll()).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });
});
