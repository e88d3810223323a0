import fc from 'fast-check';
import {
  isMeaningfulJustification,
  MIN_JUSTIFICATION_CHARACTERS,
  visibleLength,
} from './justification.js';

const INVISIBLE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u200e',
  '\u0007',
  '\u0000',
];

describe('visibleLength', () => {
  it('given plain text, then it counts its characters', () => {
    expect(visibleLength('unconscious')).toBe(11);
  });

  it('given whitespace, control and zero-width characters, then they do not count', () => {
    expect(visibleLength('.')).toBe(1);
    expect(visibleLength('\u200b'.repeat(40))).toBe(0);
    expect(visibleLength(' \t\n\r\u00a0\u0007')).toBe(0);
    expect(visibleLength('a\u200bb\u200cc\u200dd\u2060e\ufeff')).toBe(5);
  });

  it('given characters outside the BMP, then each counts once (code points, not UTF-16 units)', () => {
    expect(visibleLength('🚑🚑')).toBe(2);
  });

  it('given any text with invisible characters mixed in, then the count is that of the text alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<string>('a', 'Z', '7', '.', 'é', '🚑')),
        fc.array(fc.constantFrom(...INVISIBLE)),
        fc.infiniteStream(fc.nat()),
        (visible, invisible, positions) => {
          const text = [...visible];
          const at = positions[Symbol.iterator]();
          for (const c of invisible) text.splice(at.next().value % (text.length + 1), 0, c);
          expect(visibleLength(text.join(''))).toBe(visible.length);
        },
      ),
    );
  });
});

describe('isMeaningfulJustification', () => {
  it(`given fewer than ${MIN_JUSTIFICATION_CHARACTERS} visible characters, then not meaningful; at ${MIN_JUSTIFICATION_CHARACTERS}, meaningful`, () => {
    expect(isMeaningfulJustification(undefined)).toBe(false);
    expect(isMeaningfulJustification('abcdefghi')).toBe(false);
    expect(isMeaningfulJustification('a b c d e f g h i')).toBe(false);
    expect(isMeaningfulJustification('abcde\u200bfghij')).toBe(true);
    expect(isMeaningfulJustification('Unconscious, no ID')).toBe(true);
  });
});
