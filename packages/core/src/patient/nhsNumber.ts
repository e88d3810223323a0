/**
 * The NHS number check digit (modulus 11): weights 10..2 over the first nine digits;
 * 11 − (sum mod 11) is the check digit, 11 means 0 and 10 means the number is invalid.
 */
export const nhsCheckDigit = (firstNine: string): number | undefined => {
  const sum = [...firstNine].reduce((acc, digit, i) => acc + Number(digit) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
};

export const isValidNhsNumber = (s: string): boolean =>
  /^\d{10}$/.test(s) && nhsCheckDigit(s.slice(0, 9)) === Number(s[9]);

/** People write NHS numbers as `943 476 5919` or `943-476-5919`. */
export const normaliseNhsNumber = (s: string): string => s.replace(/[\s-]/g, '');
