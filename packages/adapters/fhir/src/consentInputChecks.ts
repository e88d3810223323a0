import { consentKinds, identifierSystems, systems, type ConsentKind } from './codeSystems.js';
import type { Problem } from './operationOutcome.js';

/** The element-by-element checks of a posted Consent (consentInput.ts reads the choice). */
export type Json = Record<string, unknown>;
export type Policy = 'OPTIN' | 'OPTOUT' | 'OPTINR';
export const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const codings = (concept: unknown): Json[] =>
  list(isObject(concept) ? concept['coding'] : undefined).filter(isObject);
export const has = (concept: unknown, system: string, code: string): boolean =>
  codings(concept).some((c) => c['system'] === system && c['code'] === code);

export const invalid = (
  expression: string,
  text: string,
  code: Problem['code'] = 'invalid',
): Problem => ({
  code,
  text,
  expression,
});

/** Modifier extensions change meaning; a receiver that does not know them must refuse (R4 §2.4.1). */
export const modifierProblems = (consent: Json): Problem[] => {
  const provision = isObject(consent['provision']) ? consent['provision'] : {};
  const places: [string, unknown][] = [
    ['Consent', consent],
    ['Consent.provision', provision],
    ...list(provision['actor']).map((a, i): [string, unknown] => [
      `Consent.provision.actor[${i}]`,
      a,
    ]),
  ];
  return places
    .filter(([, at]) => isObject(at) && at['modifierExtension'] !== undefined)
    .map(([where]) =>
      invalid(
        `${where}.modifierExtension`,
        'Modifier extensions are not supported.',
        'not-supported',
      ),
    );
};

export const kindCodings = (consent: Json): Json[] =>
  list(consent['category'])
    .flatMap(codings)
    .filter((c) => c['system'] === systems.consentKind);

export const kindOf = (consent: Json): ConsentKind | undefined => {
  const kinds = (Object.keys(consentKinds) as ConsentKind[]).filter((k) =>
    list(consent['category']).some((c) =>
      has(c, systems.consentKind, consentKinds[k].coding[0]!.code),
    ),
  );
  return kinds.length === 1 ? kinds[0] : undefined;
};

export const policyOf = (consent: Json): Policy | undefined =>
  (['OPTIN', 'OPTOUT', 'OPTINR'] as const).find((code) =>
    has(consent['policyRule'], systems.actCode, code),
  );

export const identifierOf = (reference: unknown, system: string): string | undefined => {
  const identifier = isObject(reference) ? reference['identifier'] : undefined;
  if (!isObject(identifier) || identifier['system'] !== system) return undefined;
  const value = identifier['value'];
  return typeof value === 'string' && value.trim() !== '' ? value.replace(/\s/g, '') : undefined;
};

export interface Actor {
  readonly role: 'IRCP' | 'CST' | undefined;
  readonly odsCode: string | undefined;
}

export const actorOf = (provision: Json): Actor | undefined | 'many' => {
  const actors = list(provision['actor']);
  if (actors.length > 1) return 'many';
  const actor = actors[0];
  if (!isObject(actor)) return undefined;
  const role = has(actor['role'], systems.participationType, 'IRCP')
    ? 'IRCP'
    : has(actor['role'], systems.participationType, 'CST')
      ? 'CST'
      : undefined;
  return { role, odsCode: identifierOf(actor['reference'], identifierSystems.odsOrganisation) };
};

/** Everything the resource says that Consentry would not record as said: refused, not dropped. */
export const unsupported = (consent: Json, provision: Json): Problem[] => [
  ...(consent['verification'] === undefined
    ? []
    : [
        invalid(
          'Consent.verification',
          'Verification is recorded by Consentry itself, when the patient enters a code or approves online; it cannot be posted.',
          'business-rule',
        ),
      ]),
  ...(provision['provision'] === undefined
    ? []
    : [
        invalid(
          'Consent.provision.provision',
          'Nested provisions are not supported.',
          'not-supported',
        ),
      ]),
  ...(provision['data'] === undefined
    ? []
    : [
        invalid(
          'Consent.provision.data',
          'Consentry records choices about the whole record, not about single resources.',
          'not-supported',
        ),
      ]),
  ...list(provision['purpose'])
    .filter((p) => !(isObject(p) && p['system'] === systems.actReason && p['code'] === 'TREAT'))
    .map((_, i) =>
      invalid(
        `Consent.provision.purpose[${i}]`,
        'The only purpose Consentry records is direct care (v3-ActReason TREAT).',
        'not-supported',
      ),
    ),
  ...list(provision['action'])
    .filter((a) => !has(a, systems.consentAction, 'access'))
    .map((_, i) =>
      invalid(
        `Consent.provision.action[${i}]`,
        'The only action Consentry records is access (consentaction).',
        'not-supported',
      ),
    ),
];

export const untilOf = (provision: Json): string | undefined => {
  const period = provision['period'];
  const end = isObject(period) ? period['end'] : undefined;
  return typeof end === 'string' ? end : undefined;
};

/** The checks every posted Consent passes whatever it records. */
export const commonProblems = (consent: Json, provision: Json): Problem[] => [
  ...(consent['status'] === 'active'
    ? []
    : [
        invalid(
          'Consent.status',
          'Only an active Consent can be recorded (status "active").',
          'business-rule',
        ),
      ]),
  ...(has(consent['scope'], systems.consentScope, 'patient-privacy')
    ? []
    : [invalid('Consent.scope', 'The scope must be consentscope#patient-privacy.', 'value')]),
  ...(identifierOf(consent['patient'], identifierSystems.nhsNumber) === undefined
    ? [
        invalid(
          'Consent.patient.identifier',
          `The patient must be named by NHS number (${identifierSystems.nhsNumber}).`,
          'required',
        ),
      ]
    : []),
  ...(policyOf(consent) === undefined
    ? [
        invalid(
          'Consent.policyRule',
          'policyRule must be v3-ActCode OPTIN, OPTOUT or OPTINR.',
          'value',
        ),
      ]
    : []),
  ...(provision['type'] === 'permit' || provision['type'] === 'deny'
    ? []
    : [invalid('Consent.provision.type', 'provision.type must be permit or deny.', 'required')]),
  ...(kindCodings(consent).length === 0 ||
  (kindCodings(consent).length === 1 && kindOf(consent) !== undefined)
    ? []
    : [
        invalid(
          'Consent.category',
          `Name at most one Consentry consent kind (${systems.consentKind}: sharing-preference, sharing-in-answer or sharing-out-answer).`,
          'value',
        ),
      ]),
];
