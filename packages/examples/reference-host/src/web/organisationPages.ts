import type { FastifyInstance } from 'fastify';
import { role } from '../security/access.js';
import type { RouteContext } from '../http/context.js';
import { registerCodePages } from './codePages.js';
import { flashTo } from './flash.js';
import { base, orgOf, patientOf } from './organisation/common.js';
import { findPatient } from './organisation/findPatient.js';
import { showPatient } from './organisation/patientPage.js';
import { claimCare, recordInPersonAnswer, requestAccess } from './organisation/access.js';
import { requestEmergency, showEmergency } from './organisation/emergency.js';
import { openRecord, showRecord } from './organisation/record.js';

const staffOnly = role(['organisation-staff']);

/** Organisation staff: find a patient, record care, request access, enter the code, emergency access, view the record. */
export const registerOrganisationPages = (app: FastifyInstance, ctx: RouteContext): void => {
  const cfg = { config: { access: staffOnly } };
  const patientPath = '/organisation/patients/:nhsNumber';
  app.get('/organisation', cfg, findPatient(ctx));
  app.get(patientPath, cfg, showPatient(ctx));
  app.post(`${patientPath}/care`, cfg, claimCare(ctx));
  app.post(`${patientPath}/request`, cfg, requestAccess(ctx));
  registerCodePages(app, ctx, {
    orgOf,
    patientOf: (request) => patientOf(ctx, request),
    base,
    flashTo: (request, reply, flash, to) => flashTo(ctx, request, reply, flash, to),
  });
  app.post(`${patientPath}/in-person`, cfg, recordInPersonAnswer(ctx));
  app.get(`${patientPath}/emergency`, cfg, showEmergency(ctx));
  app.post(`${patientPath}/emergency`, cfg, requestEmergency(ctx));
  app.post(`${patientPath}/record`, cfg, openRecord(ctx));
  app.get(`${patientPath}/record`, cfg, showRecord(ctx));
};
