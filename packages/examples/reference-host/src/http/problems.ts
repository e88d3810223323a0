import type { ConsentryError } from '@consentry/core';
import { httpProblem, type HttpProblem } from '../host/problem.js';

/** How long a client is asked to wait after `Busy` (503 with Retry-After). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** The one table from domain errors to HTTP statuses, shared by the API and the web pages. */
export const problemFromError = (error: ConsentryError): HttpProblem => {
  switch (error._tag) {
    case 'InvalidInput':
      return httpProblem(400, 'Invalid input', error.message, {
        tag: error._tag,
        field: error.field,
        extra: { problems: error.problems },
      });
    case 'CodeRejected':
      return httpProblem(422, 'Code rejected', error.message, {
        tag: error._tag,
        field: 'code',
        extra: { attemptsLeft: error.attemptsLeft },
      });
    case 'ChallengeLocked':
      return httpProblem(409, 'Challenge locked', error.message, { tag: error._tag });
    case 'ChallengeExpired':
      return httpProblem(410, 'Challenge expired', error.message, { tag: error._tag });
    case 'ChallengeNotFound':
      return httpProblem(404, 'No open challenge', error.message, { tag: error._tag });
    case 'RateLimited':
      return httpProblem(429, 'Too many challenges', error.message, {
        tag: error._tag,
        extra: {
          scope: error.scope,
          retryAfter: error.retryAfter,
          retryAfterSeconds: secondsUntil(error.retryAfter),
        },
      });
    case 'UnknownPatient':
      return httpProblem(404, 'Unknown patient', error.message, { tag: error._tag });
    case 'UnknownOrganisation':
      return httpProblem(404, 'Unknown organisation', error.message, { tag: error._tag });
    case 'NotPermitted':
      return httpProblem(403, 'Not permitted', error.message, {
        tag: error._tag,
        ...(error.decision === undefined ? {} : { extra: { decision: error.decision } }),
      });
    case 'Conflict':
      // `existing` names the patient who already has the NHS number, so a client can go on with them.
      return httpProblem(409, 'Conflict', error.message, {
        tag: error._tag,
        ...(error.existing === undefined ? {} : { extra: { existing: error.existing } }),
      });
    case 'Busy':
      // Another process kept winning the race for this patient: worth trying again shortly
      // (the error handler sends Retry-After).
      return httpProblem(503, 'Busy', error.message, {
        tag: error._tag,
        extra: { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS },
      });
    case 'StoreFailure':
      // The store's own message can name streams and drivers: not for the client.
      return httpProblem(
        503,
        'Store unavailable',
        'The event store is not available. Try again later.',
        { tag: error._tag },
      );
  }
};

const secondsUntil = (iso: string): number => {
  const ms = Date.parse(iso) - Date.now();
  return Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : 60;
};
