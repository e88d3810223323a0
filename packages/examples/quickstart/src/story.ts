import {
  createConsentry,
  inMemoryEventStore,
  keyringFromSecrets,
  type AccessDecision,
  type CommandContext,
  type ConsentryError,
} from '@consentry/core';
import { capturingNotifier, manualClock } from '@consentry/core/testing';

/** A TaskEither is a function returning a promise of `{ _tag: 'Left' | 'Right' }`; unwrap it or stop the story. */
const must = async <A>(
  task: () => Promise<{ _tag: 'Left'; left: ConsentryError } | { _tag: 'Right'; right: A }>,
): Promise<A> => {
  const result = await task();
  if (result._tag === 'Left') throw new Error(`${result.left._tag}: ${result.left.message}`);
  return result.right;
};

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

  const system: CommandContext = { actor: { kind: 'system', id: 'quickstart' } };
  const hospital: CommandContext = {
    actor: { kind: 'organisation-staff', id: 'dr-penrose', organisationId: 'cornwall-hospital' },
    reason: 'A&E attendance',
  };
  // The hospital's admissions system records the attendance: care from its feed raises no alert.
  const admissions: CommandContext = {
    actor: {
      kind: 'organisation-system',
      id: 'cornwall-admissions',
      organisationId: 'cornwall-hospital',
    },
  };
  const alice: CommandContext = { actor: { kind: 'patient', id: 'alice' } };

  await must(
    consentry.registerOrganisation(
      {
        organisationId: 'leic-practice',
        odsCode: 'C82001',
        name: 'Leicester Road Surgery',
        kind: 'gp-practice',
        area: 'leicestershire',
      },
      system,
    ),
  );
  await must(
    consentry.registerOrganisation(
      {
        organisationId: 'cornwall-hospital',
        odsCode: 'REF01',
        name: 'Royal Cornwall Hospital',
        kind: 'hospital',
        area: 'cornwall',
      },
      system,
    ),
  );
  await must(
    consentry.registerPatient(
      {
        patientId: 'alice',
        nhsNumber: '943 476 5919',
        name: 'Alice Smith',
        dateOfBirth: '1980-02-03',
        homeArea: 'leicestershire',
        practiceId: 'leic-practice',
      },
      system,
    ),
  );
  await must(consentry.recordContactDetails({ patientId: 'alice', mobile: '07700 900123' }, alice));
  say('Alice (home: Leicestershire) is on holiday in Cornwall and goes to A&E.');

  const visit = { patientId: 'alice', organisationId: 'cornwall-hospital' };
  await must(consentry.startCare({ ...visit, reason: 'A&E attendance' }, admissions));
  const asked = await must(consentry.requestAccess(visit, hospital));
  say(`Royal Cornwall Hospital asks to see her record: ${describe(asked)}`);

  const code = notifier.lastCodeFor('+447700900123') ?? '';
  const sms = notifier.lastCodeMessageFor('+447700900123')?.body ?? '';
  say(`Alice's phone shows: "${sms.replace(/\s*\n+\s*/g, ' ')}"`);
  clock.advanceMinutes(2);
  const entered = await must(consentry.enterCode({ ...visit, code }, hospital));
  say(`She reads the code out; the hospital enters it: ${describe(entered)}`);

  await must(consentry.viewRecord(visit, hospital));
  say(`The hospital opens the record. Alice is told: "${notifier.sent().at(-1)?.subject ?? ''}"`);

  clock.advanceMinutes(60);
  say(`An hour later, the check is: ${describe(await must(consentry.checkAccess(visit)))}`);

  const history = await must(consentry.accessHistory({ patientId: 'alice' }));
  say("Alice's access history:");
  for (const entry of history.entries)
    say(
      `  ${entry.at}  ${entry.organisationId}  ${entry.kind} (${entry.basis})  by ${entry.actor.id}`,
    );
  return lines;
};
