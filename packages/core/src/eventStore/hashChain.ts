import { createHash } from 'node:crypto';
import type { EventMetadata } from './envelope.js';

/** The hash before the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no whitespace, so the same event
 * always encodes to the same bytes whatever store it came from.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map(
      (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
    );
  return `{${entries.join(',')}}`;
};

export interface ChainedContent {
  readonly streamName: string;
  readonly streamPosition: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/**
 * SHA-256 over the previous event's hash and this event's canonical encoding.
 * Adapters call it inside the append (with the stream's last hash, or GENESIS_HASH)
 * and store the result; `audit verify` recomputes it.
 */
export const chainHash = (previousHash: string, event: ChainedContent): string =>
  createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(
      canonicalJson({
        streamName: event.streamName,
        streamPosition: event.streamPosition.toString(),
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      }),
    )
    .digest('hex');
