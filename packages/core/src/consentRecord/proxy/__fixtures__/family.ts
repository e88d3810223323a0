import { expectRight } from '../../../testing/expectEither.js';
import type { CommandContext } from '../../../application/inputs.js';
import { proxyActor as testProxyActor } from '../../../testing/testWorld.js';
import {
  patientActor,
  practiceStaff,
  system,
  world,
} from '../../../application/__fixtures__/world.js';

/** Lily, born 2012-03-10 (14 on the world's 2026-07-01), at Alice's practice; Sam is her parent. */
export const LILY = 'lily';
export const LILY_BORN = '2012-03-10';
export const SAM_MOBILE = '+447700900456';
export const practice = practiceStaff('leic-practice');

/** A proxy acting for a patient: their own id, and the patient they act for. */
export const proxyActor = (proxyId: string, forPatientId: string = LILY): CommandContext =>
  testProxyActor(proxyId, forPatientId);
export const sam = proxyActor('sam');

/** The holiday world plus Lily (no phone of her own) and her parent Sam, granted by the practice. */
export const familyWorld = async (
  grant: Partial<{
    scope: ('manage-sharing' | 'receive-codes' | 'see-access-history')[];
    until: string;
  }> = {},
  dateOfBirth: string = LILY_BORN,
) => {
  const w = await world();
  await expectRight(
    w.consentry.registerPatient(
      {
        patientId: LILY,
        nhsNumber: '401 023 2137',
        name: 'Lily Smith',
        dateOfBirth,
        homeArea: 'leicestershire',
        practiceId: 'leic-practice',
      },
      system,
    ),
  );
  await expectRight(
    w.consentry.grantProxy(
      {
        patientId: LILY,
        proxyId: 'sam',
        relationship: 'parent',
        evidence: 'birth certificate seen by reception, ref BC-1',
        mobile: '07700 900456',
        ...grant,
      },
      practice,
    ),
  );
  return { ...w, lily: patientActor(LILY) };
};
