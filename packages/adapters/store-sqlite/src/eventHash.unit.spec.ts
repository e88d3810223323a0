import { GENESIS_HASH, canonicalJson, chainHash, type EventMetadata } from '@consentry/core';
import fc from 'fast-check';
import { chainHashOfEncoded } from './eventHash.js';

const text = fc.string({ unit: 'binary', maxLength: 12 });

describe('chainHashOfEncoded', () => {
  it('is chainHash, byte for byte, for any stream, position, type and JSON data', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(GENESIS_HASH), fc.stringMatching(/^[0-9a-f]{64}$/)),
        text,
        fc.bigInt({ min: 1n, max: 2n ** 62n }),
        text,
        fc.jsonValue(),
        fc.dictionary(text, fc.jsonValue()),
        (previous, streamName, streamPosition, type, data, metadata) =>
          chainHashOfEncoded(
            previous,
            JSON.stringify(streamName),
            streamPosition,
            JSON.stringify(type),
            canonicalJson(data),
            canonicalJson(metadata),
          ) ===
          chainHash(previous, {
            streamName,
            streamPosition,
            type,
            data,
            metadata: metadata as unknown as EventMetadata,
          }),
      ),
      { numRuns: 300 },
    );
  });
});
