import type { ExpectedVersion } from './port.js';

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
