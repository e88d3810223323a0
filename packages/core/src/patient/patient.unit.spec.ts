import * as E from 'fp-ts/lib/Either.js';
import { deciderSpec } from '../testing/deciderSpec.js';
import { Email, NhsNumber, UkMobile } from './codecs.js';
import { patientDecider } from './decide.js';
import type { PatientEvent } from './events.js';
import { isValidNhsNumber } from './nhsNumber.js';

const b = <T>(s: string): T => s as unknown as T;
const registered: PatientEvent = {
  type: 'PatientRegistered',
  data: {
    patientId: b('alice'),
    nhsNumber: b('9434765919'),
    name: b('Alice'),
    dateOfBirth: b('1980-01-01'),
    homeArea: b('leicestershire'),
    practiceId: b('leic-practice'),
  },
};
const decoded = <A>(r: E.Either<unknown, A>): A | 'invalid' => (E.isRight(r) ? r.right : 'invalid');

describe('patient values', () => {
  it('NHS number: modulus 11, spaces allowed, check digit 10 invalid', () => {
    expect(decoded(NhsNumber.decode('943 476 5919'))).toBe('9434765919');
    expect(decoded(NhsNumber.decode('9434765918'))).toBe('invalid');
    expect(decoded(NhsNumber.decode('943476591'))).toBe('invalid');
    expect(isValidNhsNumber('4010232137')).toBe(true);
    // 1000000010: weights give remainder 1 → check digit 10 → no valid number starts 100000001
    expect(
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].some((d) =>
        isValidNhsNumber(`100000001${d}`),
      ),
    ).toBe(false);
  });
  it('UK mobile: normalised to +447…, landlines and foreign numbers refused', () => {
    for (const typed of [
      '07700 900123',
      '+44 7700 900123',
      '0044 7700-900123',
      '447700900123',
      '+44 (0)7700 900123',
    ]) {
      expect(decoded(UkMobile.decode(typed))).toBe('+447700900123');
    }
    for (const bad of ['0116 212 3456', '+33 6 12 34 56 78', '0770090012', 'seven'])
      expect(decoded(UkMobile.decode(bad))).toBe('invalid');
  });
  it('e-mail: one @, a dotted domain, domain lower-cased', () => {
    expect(decoded(Email.decode('Alice.Smith@Example.ORG'))).toBe('Alice.Smith@example.org');
    for (const bad of ['alice', 'alice@', 'alice@example', 'a b@example.org', 'a@@example.org'])
      expect(decoded(Email.decode(bad))).toBe('invalid');
  });
});

describe('patient decider', () => {
  const spec = deciderSpec(patientDecider);
  it('registers once', () => {
    spec.given([]).when({ type: 'RegisterPatient', data: registered.data }).then([registered]);
    spec
      .given([registered])
      .when({ type: 'RegisterPatient', data: registered.data })
      .thenFails({ _tag: 'Conflict' });
  });
  it('merges contact details and defaults the preferred channel to the one held', () => {
    spec
      .given([registered])
      .when({ type: 'RecordContactDetails', data: { email: b('alice@example.org') } })
      .then([
        {
          type: 'ContactDetailsRecorded',
          data: { patientId: b('alice'), email: b('alice@example.org'), preferredChannel: 'email' },
        },
      ]);
  });
  it('refuses a preferred channel without its contact detail', () => {
    spec
      .given([registered])
      .when({ type: 'RecordContactDetails', data: { preferredChannel: 'sms' } })
      .thenFails({ _tag: 'InvalidInput', field: 'preferredChannel' });
  });
  it('enrols in the portal once, and only a registered patient', () => {
    spec
      .given([registered])
      .when({ type: 'EnrolPortal', data: {} })
      .then([{ type: 'PortalEnrolled', data: { patientId: b('alice') } }]);
    spec
      .given([registered, { type: 'PortalEnrolled', data: { patientId: b('alice') } }])
      .when({ type: 'EnrolPortal', data: {} })
      .then([]);
    spec.given([]).when({ type: 'EnrolPortal', data: {} }).thenFails({ _tag: 'UnknownPatient' });
  });
});
