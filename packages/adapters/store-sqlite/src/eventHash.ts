import { hash } from 'node:crypto';

/**
 * Core's `chainHash`, byte for byte, from the canonical JSON texts the row stores anyway.
 * `chainHash` encodes `{ data, metadata, streamName, streamPosition, type }` with sorted keys;
 * the store already holds `data` and `metadata` as canonical JSON (see `encodeEvent`), so
 * it splices them in instead of encoding each event twice, and hashes with the one-shot
 * `crypto.hash` (no Hash object per event). `eventHash.unit.spec.ts` checks it against
 * `chainHash` over random events.
 */
export const chainHashOfEncoded = (
  previousHash: string,
  streamNameJson: string,
  streamPosition: bigint,
  typeJson: string,
  dataJson: string,
  metadataJson: string,
): string =>
  hash(
    'sha256',
    `${previousHash}\n{"data":${dataJson},"metadata":${metadataJson},"streamName":${streamNameJson},` +
      `"streamPosition":"${streamPosition}","type":${typeJson}}`,
    'hex',
  );
