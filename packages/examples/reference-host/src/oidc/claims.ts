import * as E from 'fp-ts/lib/Either.js';
import { NhsNumber, type Consentry } from '@consentry/core';
import type { Principal } from '../host/principal.js';
import type { StaffOidcSettings } from '../config/signIn.js';

/** Who the provider's claims name, or why they name nobody Consentry may let in. */
export type ClaimsOutcome =
  | { readonly ok: true; readonly principal: Principal }
  | {
      readonly ok: false;
      readonly status: 403 | 404 | 503;
      /** Stable, for the log: never a claim's value. */
      readonly reason: string;
      readonly title: string;
      readonly detail: string;
    };

const refuse = (
  status: 403 | 404 | 503,
  reason: string,
  title: string,
  detail: string,
): ClaimsOutcome => ({ ok: false, status, reason, title, detail });

/**
 * A patient signed in with NHS login: the `nhs_number` claim names them. A patient Consentry
 * does not know is told so (they have nothing here until their practice registers them).
 */
export const patientFromClaims = async (
  consentry: Consentry,
  claims: Readonly<Record<string, unknown>>,
): Promise<ClaimsOutcome> => {
  const nhsNumber = NhsNumber.decode(claims['nhs_number']);
  if (E.isLeft(nhsNumber))
    return refuse(
      403,
      'no-nhs-number',
      'NHS login did not give your NHS number',
      'NHS login signed you in but did not share your NHS number with us, so we cannot tell who you are here.',
    );
  const found = await consentry.findPatientByNhsNumber({ nhsNumber: nhsNumber.right })();
  if (E.isRight(found))
    return { ok: true, principal: { kind: 'patient', patientId: found.right.patientId } };
  return found.left._tag === 'UnknownPatient'
    ? refuse(
        404,
        'unknown-patient',
        'We could not find you in Consentry',
        'You signed in with NHS login, but Consentry has no record of you yet. Your GP practice adds patients: ask them.',
      )
    : refuse(503, 'lookup-failed', 'Sorry, there is a problem', 'Try again later.');
};

interface RbacRole {
  readonly org_code?: unknown;
  readonly role_code?: unknown;
}

/** The role a CIS2 role code maps to, by its whole code or its final `R…` part. */
const mappedRole = (settings: StaffOidcSettings, roleCode: string) =>
  settings.roles.get(roleCode) ?? settings.roles.get(roleCode.split(':').pop() ?? '');

/**
 * Staff signed in with CIS2: each `nhsid_nrbac_roles` entry names an organisation (ODS code)
 * and a role code. The first entry whose role code the configuration maps is used; its
 * organisation must be registered (and open) in Consentry. What the role may do stays in
 * core's actor table.
 */
export const staffFromClaims = async (
  consentry: Consentry,
  settings: StaffOidcSettings,
  claims: Readonly<Record<string, unknown>>,
): Promise<ClaimsOutcome> => {
  const subject = typeof claims['sub'] === 'string' ? claims['sub'] : '';
  const entries = Array.isArray(claims['nhsid_nrbac_roles'])
    ? (claims['nhsid_nrbac_roles'] as RbacRole[])
    : [];
  const chosen = entries
    .map((entry) => ({
      odsCode: typeof entry.org_code === 'string' ? entry.org_code : '',
      role: typeof entry.role_code === 'string' ? mappedRole(settings, entry.role_code) : undefined,
    }))
    .find((entry) => entry.role !== undefined && entry.odsCode !== '');
  if (subject === '' || chosen?.role === undefined)
    return refuse(
      403,
      'no-mapped-role',
      'Your role does not give access to Consentry',
      'None of the roles on your smartcard is one Consentry is set up to accept. Ask your registration authority.',
    );
  const organisations = await consentry.organisations()();
  if (E.isLeft(organisations))
    return refuse(503, 'lookup-failed', 'Sorry, there is a problem', 'Try again later.');
  const organisation = organisations.right.find(
    (o) => o.odsCode === chosen.odsCode && o.status === 'active',
  );
  if (organisation === undefined)
    return refuse(
      403,
      'unregistered-organisation',
      'Your organisation is not registered in Consentry',
      `Your smartcard role is for the organisation with ODS code ${chosen.odsCode}, which does not use Consentry.`,
    );
  if (chosen.role === 'practice-staff' && organisation.kind !== 'gp-practice')
    return refuse(
      403,
      'practice-role-outside-practice',
      'Your role does not give access to Consentry',
      'Your smartcard gives a GP practice role for an organisation that is not a GP practice.',
    );
  const accountId = `cis2:${subject}`;
  return {
    ok: true,
    principal:
      chosen.role === 'auditor'
        ? { kind: 'auditor', accountId }
        : { kind: chosen.role, accountId, organisationId: organisation.organisationId },
  };
};
