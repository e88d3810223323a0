import { createHash } from 'node:crypto';
import { storedDataOf } from './storedData.js';
import type { EventMetadata } from './envelope.js';

/** The hash before the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no whitespace, so the same event
 * always encodes to the same bytes whatever store it came from.
 */
export const canonicalJson = (value: unknown): string => write(value);

/*
 * Why one recursive writer and no map/filter/join: every append hashes its event, and the
 * array-per-level version allocated several arrays and strings per key (a profile showed
 * it as core's largest cost of an append on every durable store). The bytes are the same:
 * `canonicalJson.unit.spec.ts` compares it with the old one over random values, and stored chains still verify.
 */
const write = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
};

const writeArray = (value: readonly unknown[]): string => {
  let out = '[';
  // A hole writes nothing, as `map(...).join(',')` did (stores reject holes; this keeps the bytes).
  for (let i = 0; i < value.length; i++)
    out += (i === 0 ? '' : ',') + (i in value ? write(value[i]) : '');
  return `${out}]`;
};

const writeObject = (value: Record<string, unknown>): string => {
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const field = value[key];
    if (field === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${write(field)}`;
    first = false;
  }
  return `${out}}`;
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
 * and store the result; `audit verify` recomputes it. It covers the data as stored: for an
 * event read with its personal fields opened, the sealed data (docs/personal-data.md).
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
        data: storedDataOf(event),
        metadata: event.metadata,
      }),
    )
    .digest('hex');
