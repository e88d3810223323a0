import type { FastifyInstance } from 'fastify';
import { role } from '../security/access.js';
import type { RouteContext } from '../http/context.js';
import { showHome } from './patient/home.js';
import { answerRequest, chooseEndNotices, saveChoice, stopSharing } from './patient/choices.js';
import { showHistory } from './patient/history.js';
import { saveContact, showContact } from './patient/contact.js';

const patientOnly = role(['patient']);

/** The patient portal: choices, who can see the record, history, pending requests, contact details. */
export const registerPatientPortal = (app: FastifyInstance, ctx: RouteContext): void => {
  const cfg = { config: { access: patientOnly } };
  app.get('/patient', cfg, showHome(ctx));
  app.post('/patient/choices', cfg, saveChoice(ctx));
  app.post('/patient/end-notices', cfg, chooseEndNotices(ctx));
  app.post('/patient/stop-sharing/:organisationId', cfg, stopSharing(ctx));
  app.post('/patient/requests/:organisationId', cfg, answerRequest(ctx));
  app.get('/patient/history', cfg, showHistory(ctx));
  app.get('/patient/contact', cfg, showContact(ctx));
  app.post('/patient/contact', cfg, saveContact(ctx));
};
