import type { FastifyInstance } from 'fastify';
import { role } from '../security/access.js';
import type { RouteContext } from '../http/context.js';
import { registerAlertPages } from './alertPages.js';
import { findPatient } from './practice/findPatient.js';
import { showPatient } from './practice/patientPage.js';
import { enrolPortal, referPatient, saveChoice, saveContact } from './practice/patientChanges.js';
import { changeLists, showLists } from './practice/lists.js';

const practiceOnly = role(['practice-staff']);

/** Practice staff: contact details, choices and referrals on a patient's behalf, the Allowed/Prohibited lists; alerts (alertPages.ts). */
export const registerPracticePages = (app: FastifyInstance, ctx: RouteContext): void => {
  const cfg = { config: { access: practiceOnly } };
  app.get('/practice', cfg, findPatient(ctx));
  app.get('/practice/patients/:nhsNumber', cfg, showPatient(ctx));
  app.post('/practice/patients/:nhsNumber/contact', cfg, saveContact(ctx));
  app.post('/practice/patients/:nhsNumber/choices', cfg, saveChoice(ctx));
  app.post('/practice/patients/:nhsNumber/referral', cfg, referPatient(ctx));
  app.post('/practice/patients/:nhsNumber/portal', cfg, enrolPortal(ctx));
  app.get('/practice/lists', cfg, showLists(ctx));
  app.post('/practice/lists', cfg, changeLists(ctx));
  registerAlertPages(app, ctx);
};
