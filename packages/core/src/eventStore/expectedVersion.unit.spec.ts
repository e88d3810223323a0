import { matchesExpectedVersion } from './expectedVersion.js';
import type { ExpectedVersion } from './port.js';

describe('matchesExpectedVersion', () => {
  it.each<[ExpectedVersion, bigint, boolean]>([
    ['any', 0n, true],
    ['any', 7n, true],
    ['no-stream', 0n, true],
    ['no-stream', 1n, false],
    ['stream-exists', 0n, false],
    ['stream-exists', 1n, true],
    [0n, 0n, true],
    [0n, 1n, false],
    [3n, 3n, true],
    [3n, 2n, false],
    [3n, 4n, false],
  ])('expecting %p at version %p: %p', (expected, current, matches) => {
    expect(matchesExpectedVersion(expected, current)).toBe(matches);
  });
});
