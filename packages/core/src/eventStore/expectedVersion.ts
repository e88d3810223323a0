/**
 * What the caller believes the stream's version is. A bigint is the exact version
 * (0n: the stream must not exist yet); `any` skips the check; `no-stream` and
 * `stream-exists` check only existence.
 */
export type ExpectedVersion = bigint | 'any' | 'no-stream' | 'stream-exists';

/** True when a stream at `current` (0n: no stream) satisfies `expected`. Shared by every adapter. */
export const matchesExpectedVersion = (expected: ExpectedVersion, current: bigint): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return current === 0n;
    case 'stream-exists':
      return current > 0n;
    default:
      return expected === current;
  }
};
