import { runQuickstart } from './story.js';

describe('quickstart', () => {
  it('tells the holiday story: verify by SMS, the code, the permit, the access history', async () => {
    const lines = await runQuickstart();
    expect(lines[1]).toMatch(
      /^Royal Cornwall Hospital asks to see her record: verify: a code went by sms, valid until 2026-07-01T09:10:00.000Z$/,
    );
    expect(lines[2]).toMatch(
      /^Alice's phone shows: "Your security code is \d{6} .*Royal Cornwall Hospital/,
    );
    expect(lines[3]).toBe('She reads the code out; the hospital enters it: permit (verified-code)');
    expect(lines[4]).toBe(
      'The hospital opens the record. Alice is told: "Royal Cornwall Hospital can now see your record"',
    );
    expect(lines[5]).toBe('An hour later, the check is: permit (sharing-in-consent)');
    expect(lines.slice(7)).toEqual([
      '  2026-07-01T09:02:00.000Z  cornwall-hospital  viewed (sharing-in-consent)  by dr-penrose',
    ]);
  });
});
