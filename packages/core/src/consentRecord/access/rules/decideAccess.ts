import { addHours } from 'date-fns';
import { activeRelationship } from '../../care/state.js';
import { listEntryOf } from '../../../practiceLists/state.js';
import { effectivePreference, standingSharingIn } from '../../sharing/state.js';
import { activeEmergencyUntil } from '../state.js';
import type { AccessDecision, RuleId, RuleStep } from './decision.js';
import type { AccessAsk, AccessFacts, AccessPolicy } from './facts.js';
import { verificationChannels } from './channels.js';
import { isMeaningfulJustification } from './justification.js';

type Registered<S, K extends string> = Extract<S, { status: K }>;
type Facts = AccessFacts & {
  readonly organisation: Registered<AccessFacts['organisation'], 'active'>;
  readonly patient: Registered<AccessFacts['patient'], 'registered'>;
};

const passed = (rule: RuleId, note: string): RuleStep => ({ rule, result: 'passed', note });
const decided = (rule: RuleId, note: string): RuleStep => ({ rule, result: 'decided', note });

const ADVICE = {
  'unknown-organisation': 'The organisation is not registered or has closed.',
  'unknown-patient': 'No patient with this id is registered.',
  'no-care-relationship': 'Record a care relationship with the patient first.',
  'organisation-prohibited':
    "The patient's practice has prohibited this organisation from viewing the record.",
  'patient-dissent': 'The patient has declined sharing with this organisation.',
  'no-verification-channel':
    "The patient has no mobile, e-mail or portal: ask the patient's practice to record their choice.",
  'record-closed':
    'The patient is no longer registered or has died: only their practice opens the record now.',
} as const;

const deny = (reason: keyof typeof ADVICE, trail: readonly RuleStep[]): AccessDecision => ({
  outcome: 'deny',
  reason,
  advice: ADVICE[reason],
  trail,
});

/** Does P dissent from sharing with O (a `deny` preference or a recorded sharing-in dissent)? */
const dissents = (facts: AccessFacts, ask: AccessAsk): boolean =>
  effectivePreference(facts.record.sharing, ask.organisationId, ask.now) === 'deny' ||
  facts.record.sharing.sharingIn[ask.organisationId]?.answer === 'dissent';

/** Rule 3: break-glass now, or an emergency window for O still open. */
const emergency = (
  facts: AccessFacts,
  ask: AccessAsk,
  policy: AccessPolicy,
  trail: RuleStep[],
): AccessDecision | undefined => {
  const invoking = ask.purpose === 'ETREAT' && isMeaningfulJustification(ask.justification);
  const openWindow =
    ask.ignoreEmergencyWindows === true
      ? undefined
      : activeEmergencyUntil(facts.record.access, ask.organisationId, ask.now);
  if (!invoking && openWindow === undefined) {
    trail.push(
      passed(
        'R3-emergency',
        ask.purpose === 'ETREAT' ? 'ETREAT without a meaningful justification' : 'not an emergency',
      ),
    );
    return undefined;
  }
  if (!policy.emergencyOverridesDissent && dissents(facts, ask)) {
    trail.push(
      passed('R3-emergency', 'the patient dissents and policy lets dissent stop emergency access'),
    );
    return undefined;
  }
  const until = invoking
    ? addHours(ask.now, policy.emergencyWindowHours).toISOString()
    : openWindow!;
  trail.push(
    decided(
      'R3-emergency',
      invoking
        ? `emergency access with a justification, until ${until}`
        : `emergency window open until ${until}`,
    ),
  );
  return { outcome: 'permit', basis: 'emergency', until, trail };
};

/** `decided` closes the trail with the rule that gave the outcome. */
const close = (
  trail: RuleStep[],
  step: RuleStep,
  decision: (t: readonly RuleStep[]) => AccessDecision,
): AccessDecision => {
  trail.push(step);
  return decision(trail);
};

/** Rule 6, before the table: a standing sharing-in answer for O. */
const standingAnswer = (
  facts: Facts,
  ask: AccessAsk,
  trail: RuleStep[],
): AccessDecision | undefined => {
  const held = facts.record.sharing.sharingIn[ask.organisationId];
  // A time-limited consent past its end no longer stands (docs/domain.md, "Consent that ends").
  const answer = standingSharingIn(facts.record.sharing, ask.organisationId, ask.now);
  if (answer?.answer === 'dissent') {
    return close(
      trail,
      decided('R6-sharing-in-dissent', `the patient said no (${answer.route})`),
      (t) => deny('patient-dissent', t),
    );
  }
  const overruled =
    effectivePreference(facts.record.sharing, ask.organisationId, ask.now) === 'deny';
  if (answer?.answer === 'consent' && !overruled) {
    const step = decided('R6-sharing-in-consent', `standing consent (${answer.route})`);
    return close(trail, step, (t) => ({
      outcome: 'permit',
      basis: 'sharing-in-consent',
      trail: t,
    }));
  }
  trail.push(
    passed(
      'R6-sharing-in-consent',
      answer === undefined
        ? held?.until === undefined
          ? 'no standing consent or dissent'
          : `the consent (${held.route}) ended at ${held.until}`
        : 'consent overruled by a deny preference',
    ),
  );
  return undefined;
};

/** Rule 6, the table: the effective preference against local-or-Allowed versus elsewhere. */
const preferenceTable = (
  facts: Facts,
  ask: AccessAsk,
  trail: RuleStep[],
): AccessDecision | undefined => {
  const preference = effectivePreference(facts.record.sharing, ask.organisationId, ask.now);
  const near =
    facts.organisation.area === facts.patient.homeArea ||
    listEntryOf(facts.practiceLists, ask.organisationId) === 'allowed';
  const row = `preference ${preference}, organisation ${near ? 'local or on the Allowed list' : 'elsewhere'}`;
  switch (preference) {
    case 'deny':
      return close(trail, decided('R6-preference-table', row), (t) => deny('patient-dissent', t));
    case 'allow':
      return close(trail, decided('R6-preference-table', row), (t) => ({
        outcome: 'permit',
        basis: 'patient-consent',
        trail: t,
      }));
    case 'unknown':
      if (near)
        return close(trail, decided('R6-preference-table', row), (t) => ({
          outcome: 'ask-patient',
          trail: t,
        }));
      break;
    case 'require-verification':
      break;
  }
  trail.push(passed('R6-preference-table', `${row}: verify`));
  return undefined;
};

/** Rule 7: verify needs somewhere to reach the patient. */
const verification = (facts: Facts, trail: RuleStep[], now: Date): AccessDecision => {
  const channels = verificationChannels(facts.patient, facts.record.proxy, now);
  return channels.length === 0
    ? close(trail, decided('R7-verification-channel', 'no mobile, e-mail or portal'), (t) =>
        deny('no-verification-channel', t),
      )
    : close(
        trail,
        decided('R7-verification-channel', `challenge via ${channels.join(', ')}`),
        (t) => ({ outcome: 'verify', channels, trail: t }),
      );
};

/** Rules 1 and 2: both parties known, and whether O is P's own practice. */
const parties = (facts: AccessFacts, trail: RuleStep[]): AccessDecision | Facts => {
  const { organisation, patient } = facts;
  if (organisation.status !== 'active') {
    const note =
      organisation.status === 'closed' ? 'organisation closed' : 'organisation not registered';
    return close(trail, decided('R1-organisation-known', note), (t) =>
      deny('unknown-organisation', t),
    );
  }
  trail.push(
    passed(
      'R1-organisation-known',
      `${organisation.name} (${organisation.kind}, ${organisation.area})`,
    ),
  );
  if (patient.status !== 'registered') {
    return close(trail, decided('R1-patient-known', 'patient not registered'), (t) =>
      deny('unknown-patient', t),
    );
  }
  trail.push(passed('R1-patient-known', `home area ${patient.homeArea}`));
  if (patient.practiceId === organisation.organisationId) {
    const step = decided('R2-registered-practice', "the patient's registered practice");
    return close(trail, step, (t) => ({
      outcome: 'permit',
      basis: 'registered-practice',
      trail: t,
    }));
  }
  trail.push(passed('R2-registered-practice', 'not the registered practice'));
  if (patient.closed !== undefined)
    return close(
      trail,
      decided(
        'R2-record-closed',
        patient.closed === 'died' ? 'the patient has died' : 'the patient is deregistered',
      ),
      (t) => deny('record-closed', t),
    );
  return { ...facts, organisation, patient };
};

/** Rules 4 and 5: a care relationship, and not prohibited. */
const gate = (facts: Facts, ask: AccessAsk, trail: RuleStep[]): AccessDecision | undefined => {
  if (activeRelationship(facts.record.care, ask.organisationId) === undefined) {
    return close(trail, decided('R4-care-relationship', 'no active care relationship'), (t) =>
      deny('no-care-relationship', t),
    );
  }
  trail.push(passed('R4-care-relationship', 'active care relationship'));
  if (listEntryOf(facts.practiceLists, ask.organisationId) === 'prohibited') {
    return close(trail, decided('R5-prohibited-list', "on the practice's Prohibited list"), (t) =>
      deny('organisation-prohibited', t),
    );
  }
  trail.push(passed('R5-prohibited-list', 'not prohibited'));
  return undefined;
};

const isDecision = (value: AccessDecision | Facts): value is AccessDecision => 'outcome' in value;

/**
 * docs/domain.md as one pure function: the decision for O viewing P's record now, with the
 * rule trail that led there. Reads only `facts`; never the clock or the store.
 */
export const decideAccess = (
  facts: AccessFacts,
  ask: AccessAsk,
  policy: AccessPolicy,
): AccessDecision => {
  const trail: RuleStep[] = [];
  const known = parties(facts, trail);
  if (isDecision(known)) return known;
  return (
    emergency(known, ask, policy, trail) ??
    gate(known, ask, trail) ??
    standingAnswer(known, ask, trail) ??
    preferenceTable(known, ask, trail) ??
    verification(known, trail, ask.now)
  );
};
