import {
  createConsentry,
  inMemoryEventStore,
  keyringFromSecrets,
  type AccessDecision,
} from '@consentry/core';
import {
  ALICE_MOBILE,
  capturingNotifier,
  expectRight,
  feedOf,
  manualClock,
  registerTestWorld,
  staffOf,
  systemActor,
} from '@consentry/core/testing';

const describe = (d: AccessDecision): string => {
  switch (d.outcome) {
    case 'permit':
      return `permit (${d.basis})`;
    case 'deny':
      return `deny (${d.reason}): ${d.advice}`;
    case 'verify':
      return d.challenge === undefined
        ? 'verify'
        : `verify: a code went by ${d.challenge.channel}, valid until ${d.challenge.expiresAt}`;
    case 'ask-patient':
      return 'ask the patient';
  }
};

/**
 * The smallest embedding: a Leicestershire practice and patient, a hospital in Cornwall
 * that asks to see her record, the code she reads out, the permit, and what she sees.
 * Returns the story as lines, so the tests can check it.
 */
export const runQuickstart = async (): Promise<readonly string[]> => {
  const lines: string[] = [];
  const say = (line: string): void => void lines.push(line);
  const keyring = keyringFromSecrets({
    currentKeyId: 'dev-1',
    keys: { 'dev-1': 'quickstart development key, not for production!' },
  });
  if (keyring._tag === 'Left') throw new Error(keyring.left);
  const notifier = capturingNotifier();
  const clock = manualClock('2026-07-01T09:00:00Z');
  const consentry = createConsentry({
    eventStore: inMemoryEventStore(),
    notifier,
    clock,
    keyring: keyring.right,
  });

  // The test world of `@consentry/core/testing` (docs/testing.md): a Leicestershire practice
  // and hospital, a Cornwall hospital, Alice registered at the practice with her mobile.
  await registerTestWorld(consentry, { patients: ['alice'], system: systemActor('quickstart') });
  const hospital = staffOf('cornwall-hospital', 'dr-penrose', 'A&E attendance');
  // The hospital's admissions system records the attendance: care from its feed raises no alert.
  const admissions = feedOf('cornwall-hospital', 'cornwall-admissions');
  say('Alice (home: Leicestershire) is on holiday in Cornwall and goes to A&E.');

  const visit = { patientId: 'alice', organisationId: 'cornwall-hospital' };
  await expectRight(consentry.startCare({ ...visit, reason: 'A&E attendance' }, admissions));
  const asked = await expectRight(consentry.requestAccess(visit, hospital));
  say(`Royal Cornwall Hospital asks to see her record: ${describe(asked)}`);

  const code = notifier.lastCodeFor(ALICE_MOBILE) ?? '';
  const sms = notifier.lastCodeMessageFor(ALICE_MOBILE)?.body ?? '';
  say(`Alice's phone shows: "${sms.replace(/\s*\n+\s*/g, ' ')}"`);
  clock.advanceMinutes(2);
  const entered = await expectRight(consentry.enterCode({ ...visit, code }, hospital));
  say(`She reads the code out; the hospital enters it: ${describe(entered)}`);

  await expectRight(consentry.viewRecord(visit, hospital));
  say(`The hospital opens the record. Alice is told: "${notifier.sent().at(-1)?.subject ?? ''}"`);

  clock.advanceMinutes(60);
  say(`An hour later, the check is: ${describe(await expectRight(consentry.checkAccess(visit)))}`);

  const history = await expectRight(consentry.accessHistory({ patientId: 'alice' }));
  say("Alice's access history:");
  for (const entry of history.entries)
    say(
      `  ${entry.at}  ${entry.organisationId}  ${entry.kind} (${entry.basis})  by ${entry.actor.id}`,
    );
  return lines;
};
