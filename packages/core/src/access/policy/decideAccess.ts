import { addHours } from 'date-fns';
import { activeRelationship } from '../../care/state.js';
import { listEntryOf } from '../../practiceLists/state.js';
import { effectivePreference } from '../../sharing/state.js';
import { activeEmergencyUntil } from '../state.js';
import type { AccessDecision, RuleId, RuleStep } from './decision.js';
import type { AccessAsk, AccessFacts, AccessPolicy } from './facts.js';
import { verificationChannels } from './channels.js';

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
  const invoking = ask.purpose === 'ETREAT' && (ask.justification ?? '').trim().length > 0;
  const openWindow = activeEmergencyUntil(facts.record.access, ask.organisationId, ask.now);
  if (!invoking && openWindow === undefined) {
    trail.push(
      passed(
        'R3-emergency',
        ask.purpose === 'ETREAT' ? 'ETREAT without a justification' : 'not an emergency',
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

/** Rule 6 and 7: standing answers first, then the preference table, then the channels for verify. */
const preferenceTable = (facts: Facts, ask: AccessAsk, trail: RuleStep[]): AccessDecision => {
  const sharingIn = facts.record.sharing.sharingIn[ask.organisationId];
  const preference = effectivePreference(facts.record.sharing, ask.organisationId, ask.now);
  if (sharingIn?.answer === 'dissent') {
    trail.push(decided('R6-sharing-in-dissent', `the patient said no (${sharingIn.route})`));
    return deny('patient-dissent', trail);
  }
  if (sharingIn?.answer === 'consent' && preference !== 'deny') {
    trail.push(decided('R6-sharing-in-consent', `standing consent (${sharingIn.route})`));
    return { outcome: 'permit', basis: 'sharing-in-consent', trail };
  }
  trail.push(
    passed(
      'R6-sharing-in-consent',
      sharingIn === undefined
        ? 'no standing consent or dissent'
        : 'consent overruled by a deny preference',
    ),
  );
  const near =
    facts.organisation.area === facts.patient.homeArea ||
    listEntryOf(facts.practiceLists, ask.organisationId) === 'allowed';
  const column = near ? 'local or on the Allowed list' : 'elsewhere';
  const row = `preference ${preference}, organisation ${column}`;
  if (preference === 'deny')
    return (trail.push(decided('R6-preference-table', row)), deny('patient-dissent', trail));
  if (preference === 'allow') {
    trail.push(decided('R6-preference-table', row));
    return { outcome: 'permit', basis: 'patient-consent', trail };
  }
  if (preference === 'unknown' && near) {
    trail.push(decided('R6-preference-table', row));
    return { outcome: 'ask-patient', trail };
  }
  trail.push(passed('R6-preference-table', `${row}: verify`));
  const channels = verificationChannels(facts.patient);
  if (channels.length === 0) {
    trail.push(decided('R7-verification-channel', 'no mobile, e-mail or portal'));
    return deny('no-verification-channel', trail);
  }
  trail.push(decided('R7-verification-channel', `challenge via ${channels.join(', ')}`));
  return { outcome: 'verify', channels, trail };
};

/**
 * DESIGN §3 as one pure function: the decision for O viewing P's record now, with the
 * rule trail that led there. Reads only `facts`; never the clock or the store.
 */
export const decideAccess = (
  facts: AccessFacts,
  ask: AccessAsk,
  policy: AccessPolicy,
): AccessDecision => {
  const trail: RuleStep[] = [];
  const { organisation, patient } = facts;
  if (organisation.status !== 'active') {
    trail.push(
      decided(
        'R1-organisation-known',
        organisation.status === 'closed' ? 'organisation closed' : 'organisation not registered',
      ),
    );
    return deny('unknown-organisation', trail);
  }
  trail.push(
    passed(
      'R1-organisation-known',
      `${organisation.name} (${organisation.kind}, ${organisation.area})`,
    ),
  );
  if (patient.status !== 'registered')
    return (
      trail.push(decided('R1-patient-known', 'patient not registered')),
      deny('unknown-patient', trail)
    );
  trail.push(passed('R1-patient-known', `home area ${patient.homeArea}`));
  if (patient.practiceId === organisation.organisationId) {
    trail.push(decided('R2-registered-practice', "the patient's registered practice"));
    return { outcome: 'permit', basis: 'registered-practice', trail };
  }
  trail.push(passed('R2-registered-practice', 'not the registered practice'));
  const urgent = emergency(facts, ask, policy, trail);
  if (urgent !== undefined) return urgent;
  if (activeRelationship(facts.record.care, ask.organisationId) === undefined) {
    trail.push(decided('R4-care-relationship', 'no active care relationship'));
    return deny('no-care-relationship', trail);
  }
  trail.push(passed('R4-care-relationship', 'active care relationship'));
  if (listEntryOf(facts.practiceLists, ask.organisationId) === 'prohibited') {
    trail.push(decided('R5-prohibited-list', "on the practice's Prohibited list"));
    return deny('organisation-prohibited', trail);
  }
  trail.push(passed('R5-prohibited-list', 'not prohibited'));
  return preferenceTable({ ...facts, organisation, patient }, ask, trail);
};
