import { deriveSignInCode, signInCodeMatches } from './signInCode.js';

const key = Buffer.alloc(32, 1);

describe('patient sign-in codes', () => {
  it('are 6 digits, the same for the same sign-in, different for another', () => {
    const code = deriveSignInCode(key, 'sign-in-a');
    expect(code).toMatch(/^\d{6}$/);
    expect(deriveSignInCode(key, 'sign-in-a')).toBe(code);
    expect(deriveSignInCode(key, 'sign-in-b')).not.toBe(code);
    expect(deriveSignInCode(Buffer.alloc(32, 2), 'sign-in-a')).not.toBe(code);
  });

  it('match only the derived code (spaces typed between digits are ignored)', () => {
    const code = deriveSignInCode(key, 'sign-in-a');
    expect(signInCodeMatches(key, 'sign-in-a', `${code.slice(0, 3)} ${code.slice(3)}`)).toBe(true);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(signInCodeMatches(key, 'sign-in-a', wrong)).toBe(false);
    expect(signInCodeMatches(key, 'sign-in-a', '')).toBe(false);
  });
});
