import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsentryError, PatientDetails, Receipt } from '@consentry/core';
import {
  choiceFromConsent,
  consentsFromEvents,
  resourceId,
  type PostedChoice,
} from '@consentry/fhir';
import { isHttpProblem, type HttpProblem } from '../host/problem.js';
import { role } from '../security/access.js';
import type { PatientRelation } from '../security/patientAccess.js';
import type { Principal } from '../host/principal.js';
import { contextOf, ownOrganisation } from '../http/commandContext.js';
import { patientFor } from './access.js';
import { run, type FhirContext } from './context.js';
import { directoryForPatient } from './directory.js';
import { patientEvents } from './events.js';
import { failure, fhirFailure, sendResource, toFailure, type FhirFailure } from './outcome.js';
import { baseUrl } from './search.js';

type Kind = Principal['kind'];

/** Who may record each kind of choice, and how they must stand to the patient: as on /api/v1. */
const rules: Record<
  PostedChoice['kind'],
  { roles: readonly Kind[]; relations: readonly PatientRelation[] }
> = {
  // PUT /patients/:nhsNumber/sharing/preference
  preference: {
    roles: ['patient', 'practice-staff', 'organisation-staff'],
    relations: ['self', 'practice', 'organisation'],
  },
  // POST /patients/:nhsNumber/in-person-answers
  sharingIn: { roles: ['organisation-staff'], relations: ['organisation'] },
  // PUT /patients/:nhsNumber/sharing-out/:organisationId
  sharingOut: { roles: ['patient', 'practice-staff'], relations: ['self', 'practice'] },
};

const setterOf = (principal: Principal): 'patient' | 'practice' | 'organisation' =>
  principal.kind === 'patient'
    ? 'patient'
    : principal.kind === 'practice-staff'
      ? 'practice'
      : 'organisation';

const isJson = (request: FastifyRequest): boolean =>
  /^application\/(fhir\+)?json\s*(;|$)/i.test(request.headers['content-type'] ?? '');

/** The organisation an ODS code names, as Consentry's internal id. */
const organisationIdOf = async (ctx: FhirContext, odsCode: string): Promise<string> => {
  const all = await run(pipe(ctx.consentry.organisations(), TE.mapLeft(toFailure)));
  const found = all.find((o) => o.odsCode.toUpperCase() === odsCode.toUpperCase());
  if (found === undefined)
    throw failure(422, `No organisation has the ODS code ${odsCode}.`, {
      code: 'not-found',
      expression: 'Consent.provision.actor[0].reference.identifier',
    });
  return found.organisationId;
};

/** /api/v1's own-organisation check, its refusal pointing at the Consent's element. */
const own = (principal: Principal, named: string | undefined) =>
  pipe(
    ownOrganisation(principal, named),
    TE.mapLeft((refusal) =>
      isHttpProblem(refusal)
        ? failure(refusal.statusCode, refusal.detail, {
            tag: refusal.tag ?? 'Forbidden',
            expression: 'Consent.provision.actor',
          })
        : refusal,
    ),
  );

/** The same facade command, with the same host-side checks, as the /api/v1 route for this choice. */
const record = (
  ctx: FhirContext,
  principal: Principal,
  patient: PatientDetails,
  choice: PostedChoice,
  organisationId: string | undefined,
): TE.TaskEither<ConsentryError | HttpProblem | FhirFailure, Receipt> => {
  const context = contextOf(principal);
  const { patientId } = patient;
  switch (choice.kind) {
    case 'preference':
      // As PUT …/sharing/preference: who may set what (the patient's no, an organisation's own
      // yes) is core's trust rule, so the choice goes there as sent and a refusal is traced.
      return ctx.consentry.setSharingPreference(
        {
          patientId,
          preference: choice.preference,
          setBy: setterOf(principal),
          ...(organisationId === undefined ? {} : { organisationId }),
          ...(choice.until === undefined ? {} : { until: choice.until }),
        },
        context,
      );
    case 'sharingIn':
      return pipe(
        own(principal, organisationId),
        TE.flatMap((ownId) =>
          ctx.consentry.recordInPersonAnswer(
            { patientId, organisationId: ownId, answer: choice.answer },
            context,
          ),
        ),
      );
    case 'sharingOut':
      return ctx.consentry.recordSharingOutConsent(
        { patientId, organisationId: organisationId!, answer: choice.answer },
        context,
      );
  }
};

/**
 * `POST /Consent`: another system records a patient's choice. The Consent is read as one
 * Consentry choice, then recorded through the facade command the /api/v1 route for it runs,
 * as the caller: what the caller may not do there is refused here too.
 */
export const registerConsentCreate = (fhir: FastifyInstance, ctx: FhirContext): void => {
  fhir.post(
    '/Consent',
    { config: { access: role(['patient', 'practice-staff', 'organisation-staff']) } },
    async (request, reply) => {
      if (!isJson(request))
        throw failure(415, 'Send the Consent as application/fhir+json.', { code: 'not-supported' });
      const read = choiceFromConsent(request.body);
      if (!read.ok)
        throw fhirFailure(
          read.problems.some((p) => p.code === 'business-rule' || p.code === 'not-supported')
            ? 422
            : 400,
          read.problems,
        );
      const { choice } = read;
      const principal = request.principal!;
      const rule = rules[choice.kind];
      if (!rule.roles.includes(principal.kind))
        throw failure(403, 'Your role may not record this choice.', { tag: 'Forbidden' });
      const patient = await run(
        patientFor(ctx.consentry, principal, choice.nhsNumber, rule.relations),
      );
      if (patient === undefined)
        throw failure(422, 'No patient you may act for has this NHS number.', {
          code: 'not-found',
          expression: 'Consent.patient.identifier',
          tag: 'UnknownPatient',
        });
      const organisationId =
        choice.odsCode === undefined ? undefined : await organisationIdOf(ctx, choice.odsCode);
      const receipt = await run(
        pipe(record(ctx, principal, patient, choice, organisationId), TE.mapLeft(toFailure)),
      );
      // Read back what was recorded: the Consent made from the event this command appended.
      const events = await run(patientEvents(ctx.eventStore, patient.patientId));
      const directory = await run(directoryForPatient(ctx.consentry, patient));
      const made = new Set(
        events
          .filter((e) => e.metadata.correlationId === receipt.correlationId)
          .map((e) => resourceId(e.metadata.eventId)),
      );
      const consent = consentsFromEvents(events, {
        asOf: ctx.now().toISOString(),
        directory,
      }).find((c) => made.has(c.id));
      if (consent === undefined)
        throw failure(500, 'The choice was recorded but could not be read back.');
      return sendResource(
        reply.header('location', `${baseUrl(request)}/Consent/${consent.id}`),
        201,
        consent,
      );
    },
  );
};
