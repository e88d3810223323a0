import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { FastifyRequest } from 'fastify';
import {
  NhsNumber,
  type AccessDecision,
  type ConsentryError,
  type PatientDetails,
} from '@consentry/core';
import { httpProblem, isHttpProblem, type HttpProblem } from '../host/problem.js';
import { problemFromError } from '../http/problems.js';
import { mayActFor, type PatientRelation } from '../security/patientAccess.js';
import type { RouteContext } from '../http/context.js';

/** Runs a facade call for a page; an error becomes the error page (through the error handler). */
export const run = async <A>(task: TE.TaskEither<ConsentryError | HttpProblem, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result))
    throw isHttpProblem(result.left) ? result.left : problemFromError(result.left);
  return result.right;
};

/** The patient named in the path, if the signed-in person may act for them; otherwise 404 (no probing). */
export const patientFor = async (
  ctx: RouteContext,
  request: FastifyRequest,
  relations: readonly PatientRelation[],
): Promise<PatientDetails> => {
  const raw = (request.params as Record<string, string | undefined>)['nhsNumber'] ?? '';
  const nhsNumber = NhsNumber.decode(raw);
  const unknown = httpProblem(
    404,
    'Patient not found',
    'No patient you may act for has this NHS number.',
    { tag: 'UnknownPatient' },
  );
  if (E.isLeft(nhsNumber)) throw unknown;
  const found = await ctx.consentry.findPatientByNhsNumber({ nhsNumber: nhsNumber.right })();
  if (E.isLeft(found) || !mayActFor(request.principal!, found.right, relations)) throw unknown;
  return found.right;
};

/** Organisation id → name, for pages that list organisations. */
export const organisationNames = async (ctx: RouteContext): Promise<Record<string, string>> =>
  Object.fromEntries(
    (await run(ctx.consentry.organisations())).map((o) => [o.organisationId, o.name]),
  );

const BASIS: Readonly<Record<string, string>> = {
  'registered-practice': 'this is the patient’s GP practice',
  emergency: 'emergency access',
  'patient-consent': 'the patient allows sharing',
  'sharing-in-consent': 'the patient has given consent',
  'verified-code': 'the patient gave a security code',
  'approved-online': 'the patient approved online',
};
const REASON: Readonly<Record<string, string>> = {
  'unknown-organisation': 'the organisation is not known or is closed',
  'unknown-patient': 'the patient is not known',
  'no-care-relationship': 'your organisation has no care relationship with the patient',
  'organisation-prohibited':
    'the patient’s GP practice does not allow your organisation to see records',
  'patient-dissent': 'the patient has said no to sharing with your organisation',
  'no-verification-channel':
    'the patient has no mobile phone, e-mail or online account to receive a security code',
};

/**
 * Why a patient without a mobile, e-mail or portal cannot be asked, in one sentence. When a
 * choice is recorded (their own or their practice's "ask for a code first"), asking the
 * practice to record one would send the reader round in a circle.
 */
const noChannel = (decision: AccessDecision): string => {
  const choiceRecorded = decision.trail.some(
    (step) =>
      step.rule === 'R6-preference-table' &&
      step.note.startsWith('preference require-verification'),
  );
  return choiceRecorded
    ? 'You cannot see the shared record: the patient’s recorded choice is to be asked for a security code first, and they have no mobile phone, e-mail or online account to receive one.'
    : 'You cannot see the shared record: the patient has no mobile phone, e-mail or online account to receive a security code, so ask their GP practice to record their sharing choice.';
};

/** A decision in plain English. */
export const describeDecision = (decision: AccessDecision): string => {
  switch (decision.outcome) {
    case 'permit':
      return `You can see the shared record: ${BASIS[decision.basis] ?? decision.basis}.`;
    case 'deny':
      if (decision.reason === 'no-verification-channel') return noChannel(decision);
      return `You cannot see the shared record: ${REASON[decision.reason] ?? decision.reason}.`;
    case 'verify':
      return 'The patient must give you a security code, or approve your request online, before you can see the record.';
    case 'ask-patient':
      return 'Ask the patient whether they agree to share their record with you, and record their answer.';
  }
};

export const describeBasis = (basis: string): string => BASIS[basis] ?? basis;

/** The same bases, said to the patient. */
const BASIS_FOR_PATIENT: Readonly<Record<string, string>> = {
  'registered-practice': 'it is your GP practice',
  emergency: 'emergency access: you needed care and could not be asked',
  'patient-consent': 'you chose to share your record',
  'sharing-in-consent': 'you agreed to share your record with them',
  'verified-code': 'you gave them your security code',
  'approved-online': 'you agreed online',
};
const REASON_FOR_PATIENT: Readonly<Record<string, string>> = {
  'no-care-relationship': 'they were not caring for you',
  'organisation-prohibited': 'your GP practice does not allow them to see records',
  'patient-dissent': 'you said no',
  'no-verification-channel': 'we had no way to ask you',
};
export const basisForPatient = (basis: string): string => BASIS_FOR_PATIENT[basis] ?? basis;
export const reasonForPatient = (reason: string): string =>
  REASON_FOR_PATIENT[reason] ?? describeReason(reason);
export const describeReason = (reason: string): string => REASON[reason] ?? reason;
