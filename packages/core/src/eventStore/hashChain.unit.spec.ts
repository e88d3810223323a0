import { createHash } from 'node:crypto';
import type { ChainedContent } from './hashChain.js';
import { GENESIS_HASH, canonicalJson, chainHash } from './hashChain.js';

const event: ChainedContent = {
  streamName: 'patient-01',
  streamPosition: 1n,
  type: 'SharingPreferenceSet',
  data: { sharing: 'allow', organisationId: 'ODS-A81001' },
  metadata: {
    eventId: '0190c5a0-0000-7000-8000-000000000001',
    recordedAt: '2026-03-03T10:15:00.000Z',
    actor: { kind: 'patient', id: '01' },
    correlationId: 'c-1',
    schemaVersion: 1,
  },
};

describe('canonicalJson', () => {
  it('encodes the same value to the same text whatever the key order, at every level', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":2,"q":1}]},"b":1}');
  });

  it('keeps array order, drops undefined fields and writes bigints as strings', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: 1, gone: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ n: 12n })).toBe('{"n":"12"}');
    expect(canonicalJson('é 👩🏽‍⚕️')).toBe(JSON.stringify('é 👩🏽‍⚕️'));
  });
});

describe('chainHash', () => {
  it('matches the documented encoding, so a verifier in any language can recompute it', () => {
    const bytes =
      '{"data":{"organisationId":"ODS-A81001","sharing":"allow"},"metadata":{"actor":{"id":"01","kind":"patient"},' +
      '"correlationId":"c-1","eventId":"0190c5a0-0000-7000-8000-000000000001","recordedAt":"2026-03-03T10:15:00.000Z",' +
      '"schemaVersion":1},"streamName":"patient-01","streamPosition":"1","type":"SharingPreferenceSet"}';
    // Checked once with `printf '%s\n%s' GENESIS BYTES | sha256sum`.
    const expected = 'b68642bcaef07c372b4e39fb047efd63e3681938d732d81d3a6ac2da4c577bab';
    expect(createHash('sha256').update(`${GENESIS_HASH}\n${bytes}`).digest('hex')).toBe(expected);
    expect(chainHash(GENESIS_HASH, event)).toBe(expected);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('does not depend on key order inside data and metadata', () => {
    const reordered: ChainedContent = {
      ...event,
      data: { organisationId: 'ODS-A81001', sharing: 'allow' },
      metadata: { ...event.metadata, actor: { id: '01', kind: 'patient' } },
    };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, event));
  });

  it.each<[string, ChainedContent]>([
    ['stream name', { ...event, streamName: 'patient-02' }],
    ['stream position', { ...event, streamPosition: 2n }],
    ['type', { ...event, type: 'SharingPreferenceCleared' }],
    ['a data field', { ...event, data: { sharing: 'deny', organisationId: 'ODS-A81001' } }],
    ['an added data field', { ...event, data: { ...(event.data as object), extra: null } }],
    [
      'a metadata field',
      { ...event, metadata: { ...event.metadata, recordedAt: '2026-03-03T10:15:00.001Z' } },
    ],
    [
      'the actor',
      { ...event, metadata: { ...event.metadata, actor: { kind: 'system', id: '01' } } },
    ],
    ['an optional metadata field', { ...event, metadata: { ...event.metadata, reason: 'asked' } }],
  ])('changes when the %s changes', (_what, changed) => {
    expect(chainHash(GENESIS_HASH, changed)).not.toBe(chainHash(GENESIS_HASH, event));
  });

  it('changes when the previous hash changes, so each hash depends on the whole stream before it', () => {
    const first = chainHash(GENESIS_HASH, event);
    const second = { ...event, streamPosition: 2n };
    expect(chainHash(first, second)).not.toBe(chainHash(GENESIS_HASH, second));
    expect(chainHash(first, second)).toMatch(/^[0-9a-f]{64}$/);
  });
});
