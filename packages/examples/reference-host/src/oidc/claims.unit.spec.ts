import { testHost, type TestHost } from '../__fixtures__/testHost.js';
import { patientFromClaims, staffFromClaims } from './claims.js';
import type { StaffOidcSettings } from '../config/signIn.js';

const settings: StaffOidcSettings = {
  issuer: new URL('https://cis2.example'),
  clientId: 'consentry-staff',
  authentication: { method: 'client_secret_basic', secret: 's' },
  scope: 'openid',
  roles: new Map([
    ['R8000', 'organisation-staff'],
    ['S8000:G8001:R8008', 'practice-staff'],
    ['R8013', 'privacy-officer'],
    ['R8014', 'auditor'],
  ]),
};
const roles = (...entries: [string, string][]) => ({
  sub: 'cis2-user-1',
  nhsid_nrbac_roles: entries.map(([org_code, role_code]) => ({ org_code, role_code })),
});

let host: TestHost;
beforeAll(async () => {
  host = await testHost();
});
afterAll(async () => {
  await host.close();
});

describe('claims to a signed-in person', () => {
  it('a patient by the nhs_number claim; an unknown or malformed one is refused', async () => {
    expect(await patientFromClaims(host.consentry, { nhs_number: '9434765919' })).toEqual({
      ok: true,
      principal: { kind: 'patient', patientId: 'alice' },
    });
    expect(await patientFromClaims(host.consentry, { nhs_number: '9876543210' })).toMatchObject({
      ok: false,
      status: 404,
      reason: 'unknown-patient',
    });
    for (const nhs_number of ['9434765918', 9434765919, undefined])
      expect(await patientFromClaims(host.consentry, { nhs_number })).toMatchObject({
        ok: false,
        reason: 'no-nhs-number',
      });
  });

  it('staff: organisation by ODS code, role by the whole code or its R part', async () => {
    expect(
      await staffFromClaims(host.consentry, settings, roles(['REF01', 'S8000:G8000:R8000'])),
    ).toEqual({
      ok: true,
      principal: {
        kind: 'organisation-staff',
        accountId: 'cis2:cis2-user-1',
        organisationId: 'cornwall-hospital',
      },
    });
    expect(
      await staffFromClaims(host.consentry, settings, roles(['C82001', 'S8000:G8001:R8008'])),
    ).toMatchObject({
      ok: true,
      principal: { kind: 'practice-staff', organisationId: 'leic-practice' },
    });
    expect(
      await staffFromClaims(host.consentry, settings, roles(['RWE01', 'S8000:G8000:R8014'])),
    ).toEqual({ ok: true, principal: { kind: 'auditor', accountId: 'cis2:cis2-user-1' } });
    // The whole code must match when the map names a whole code.
    expect(
      await staffFromClaims(host.consentry, settings, roles(['C82001', 'S8000:G8000:R8008'])),
    ).toMatchObject({ ok: false, reason: 'no-mapped-role' });
  });

  it('refuses an unregistered or closed organisation, a practice role elsewhere, and no subject', async () => {
    expect(
      await staffFromClaims(host.consentry, settings, roles(['XYZ99', 'R8000'])),
    ).toMatchObject({ ok: false, status: 403, reason: 'unregistered-organisation' });
    const closed = await host.consentry.closeOrganisation(
      { organisationId: 'leic-urgent-care' },
      { actor: { kind: 'system', id: 'test' } },
    )();
    expect(closed._tag).toBe('Right');
    expect(
      await staffFromClaims(host.consentry, settings, roles(['RWE02', 'R8000'])),
    ).toMatchObject({ ok: false, reason: 'unregistered-organisation' });
    expect(
      await staffFromClaims(host.consentry, settings, roles(['REF01', 'S8000:G8001:R8008'])),
    ).toMatchObject({ ok: false, reason: 'practice-role-outside-practice' });
    const { sub: _, ...noSubject } = roles(['REF01', 'R8000']);
    expect(await staffFromClaims(host.consentry, settings, noSubject)).toMatchObject({
      ok: false,
      reason: 'no-mapped-role',
    });
  });
});
