import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { expectLeft, expectRight } from './expectEither.js';

const conflict = { _tag: 'Conflict', message: 'alice is already registered', version: 3n };

describe('expectRight / expectLeft (docs/testing.md)', () => {
  it('returns the side asked for, from an Either at once and from a TaskEither once run', async () => {
    expect(expectRight(E.right(42))).toBe(42);
    expect(expectLeft(E.left(conflict))).toBe(conflict);
    await expect(expectRight(TE.right('done'))).resolves.toBe('done');
    await expect(expectLeft(TE.left(conflict))).resolves.toBe(conflict);
  });

  it("fails naming the error's _tag and message (bigints shown), and the step", async () => {
    expect(() => expectRight(E.left(conflict), 'register alice')).toThrow(
      'register alice: expected Right, got Left Conflict: alice is already registered {"_tag":"Conflict","message":"alice is already registered","version":"3n"}',
    );
    await expect(expectRight(TE.left(conflict))).rejects.toThrow(
      /^expected Right, got Left Conflict: alice is already registered/,
    );
    await expect(expectRight(TE.left('just a string'))).rejects.toThrow(
      'expected Right, got Left "just a string"',
    );
  });

  it('fails showing the value when a failure was expected', async () => {
    expect(() => expectLeft(E.right({ permit: true }))).toThrow(
      'expected Left, got Right {"permit":true}',
    );
    await expect(expectLeft(TE.right(1), 'a refused grant')).rejects.toThrow(
      'a refused grant: expected Left, got Right 1',
    );
  });

  it('throws a plain Error (no jest API inside), so a script or another runner fails too', () => {
    const error = ((): unknown => {
      try {
        return expectRight(E.left(conflict));
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'AssertionError', code: 'ERR_ASSERTION' });
  });
});
