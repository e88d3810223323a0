import { identifierSystems } from './codeSystems.js';
import {
  actorOf,
  commonProblems,
  identifierOf,
  invalid,
  isObject,
  kindOf,
  modifierProblems,
  policyOf,
  unsupported,
  untilOf,
  type Actor,
  type Json,
  type Policy,
} from './consentInputChecks.js';
import type { Problem } from './operationOutcome.js';

/** A patient's choice read from a posted Consent, in Consentry's words (internal ids not yet known). */
export type PostedChoice =
  | {
      readonly kind: 'preference';
      readonly nhsNumber: string;
      readonly preference: 'allow' | 'deny' | 'require-verification';
      /** ODS code; absent: the preference for all organisations. */
      readonly odsCode?: string;
      readonly until?: string;
    }
  | {
      readonly kind: 'sharingIn' | 'sharingOut';
      readonly nhsNumber: string;
      readonly answer: 'consent' | 'dissent';
      readonly odsCode: string;
    };

export type ReadResult =
  | { readonly ok: true; readonly choice: PostedChoice }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const fail = (problem: Problem): ReadResult => ({ ok: false, problems: [problem] });

const preferenceChoice = (
  nhsNumber: string,
  policy: Policy,
  actor: Actor | undefined,
  until: string | undefined,
): ReadResult => {
  if (until !== undefined && Number.isNaN(Date.parse(until)))
    return fail(invalid('Consent.provision.period.end', 'period.end must be a dateTime.', 'value'));
  const preference =
    policy === 'OPTIN' ? 'allow' : policy === 'OPTOUT' ? 'deny' : 'require-verification';
  return {
    ok: true,
    choice: {
      kind: 'preference',
      nhsNumber,
      preference,
      ...(actor?.odsCode === undefined ? {} : { odsCode: actor.odsCode }),
      ...(until === undefined ? {} : { until: new Date(until).toISOString() }),
    },
  };
};

const answerChoice = (
  kind: 'sharingIn' | 'sharingOut',
  nhsNumber: string,
  policy: Policy,
  actor: Actor | undefined,
  until: string | undefined,
): ReadResult => {
  if (actor?.odsCode === undefined)
    return fail(
      invalid(
        'Consent.provision.actor',
        'An answer names the organisation it is about.',
        'required',
      ),
    );
  if (policy === 'OPTINR')
    return fail(
      invalid(
        'Consent.policyRule',
        'An answer is OPTIN or OPTOUT; OPTINR is a preference.',
        'value',
      ),
    );
  if (until !== undefined)
    return fail(
      invalid(
        'Consent.provision.period.end',
        'Only a preference can end on a date.',
        'not-supported',
      ),
    );
  const answer = policy === 'OPTOUT' ? 'dissent' : 'consent';
  return { ok: true, choice: { kind, nhsNumber, answer, odsCode: actor.odsCode } };
};

/** What the policy, the provision type, the actor and the kind say together. */
const choiceOf = (consent: Json, provision: Json, nhsNumber: string): ReadResult => {
  const kind = kindOf(consent) ?? 'preference';
  const policy = policyOf(consent)!;
  if ((provision['type'] === 'deny') !== (policy === 'OPTOUT'))
    return fail(
      invalid(
        'Consent.provision.type',
        `provision.type ${String(provision['type'])} contradicts policyRule ${policy}.`,
        'invariant',
      ),
    );
  const actor = actorOf(provision);
  if (actor === 'many')
    return fail(
      invalid(
        'Consent.provision.actor',
        'Name one organisation, or none for all organisations.',
        'not-supported',
      ),
    );
  const role = kind === 'sharingOut' ? 'CST' : 'IRCP';
  if (actor !== undefined && (actor.role !== role || actor.odsCode === undefined))
    return fail(
      invalid(
        'Consent.provision.actor[0]',
        `The organisation must have role ${role} and be named by ODS code (${identifierSystems.odsOrganisation}).`,
        'value',
      ),
    );
  const until = untilOf(provision);
  return kind === 'preference'
    ? preferenceChoice(nhsNumber, policy, actor, until)
    : answerChoice(kind, nhsNumber, policy, actor, until);
};

/**
 * Reads a posted FHIR Consent as one Consentry choice: a sharing preference (the default, or
 * category `sharing-preference`), or an answer about one organisation (`sharing-in-answer`,
 * `sharing-out-answer`). Anything it would not record as said is refused with the element at fault.
 */
export const choiceFromConsent = (body: unknown): ReadResult => {
  if (!isObject(body) || body['resourceType'] !== 'Consent')
    return fail(invalid('Consent', 'The body must be a FHIR Consent resource.', 'structure'));
  const provision = isObject(body['provision']) ? body['provision'] : undefined;
  if (provision === undefined)
    return fail(invalid('Consent.provision', 'provision is required: permit or deny.', 'required'));
  const problems = [
    ...modifierProblems(body),
    ...commonProblems(body, provision),
    ...unsupported(body, provision),
  ];
  if (problems.length > 0) return { ok: false, problems };
  return choiceOf(body, provision, identifierOf(body['patient'], identifierSystems.nhsNumber)!);
};
