import type { FastifyInstance } from 'fastify';
import {
  consentsFromEvents,
  identifierSystems,
  searchsetBundle,
  type Consent,
} from '@consentry/fhir';
import { role } from '../security/access.js';
import { patientById, patientFor, readers, readRelations } from './access.js';
import { FHIR_ID, run, type FhirContext } from './context.js';
import { directoryForPatient } from './directory.js';
import { patientEvents } from './events.js';
import { failure, sendResource } from './outcome.js';
import { baseUrl, isFailure, pageLinks, paging, readQuery, single, tokenValue } from './search.js';
import type { PatientDetails } from '@consentry/core';

const notFound = () => failure(404, 'No Consent you may read has this id.');

/** The patient's Consents as FHIR sees them now (expired preferences inactive). */
const consentsOf = async (
  ctx: FhirContext,
  patient: PatientDetails,
): Promise<readonly Consent[]> => {
  const events = await run(patientEvents(ctx.eventStore, patient.patientId));
  const directory = await run(directoryForPatient(ctx.consentry, patient));
  return consentsFromEvents(events, { asOf: ctx.now().toISOString(), directory });
};

const STATUSES = new Set(['active', 'inactive']);

const statusFilter = (raw: readonly string[] | undefined): Set<string> | undefined => {
  if (raw === undefined) return undefined;
  const wanted = raw.flatMap((v) => v.split(','));
  if (!wanted.every((s) => STATUSES.has(s)))
    throw failure(400, 'status must be active or inactive.', {
      expression: 'http.status',
      code: 'value',
    });
  return new Set(wanted);
};

const namesOrganisation = (consent: Consent, odsCode: string): boolean =>
  (consent.provision.actor ?? []).some((a) => {
    const r = a.reference as { identifier?: { system: string; value: string } };
    return (
      r.identifier?.system === identifierSystems.odsOrganisation &&
      r.identifier.value.toUpperCase() === odsCode.toUpperCase()
    );
  });

/** `GET /Consent/:id` and `GET /Consent?patient:identifier=…`: readable by whoever may read the patient's sharing summary on /api/v1. */
export const registerConsentReads = (fhir: FastifyInstance, ctx: FhirContext): void => {
  fhir.get<{ Params: { id: string } }>(
    '/Consent/:id',
    { config: { access: role(readers) } },
    async (request, reply) => {
      const { id } = request.params;
      if (!FHIR_ID.test(id)) throw notFound();
      const patientId = await run(ctx.index.patientOf(id));
      if (patientId === undefined) throw notFound();
      const patient = await run(
        patientById(ctx.consentry, request.principal!, patientId, readRelations),
      );
      if (patient === undefined) throw notFound();
      const consent = (await consentsOf(ctx, patient)).find((c) => c.id === id);
      if (consent === undefined) throw notFound();
      return sendResource(reply, 200, consent);
    },
  );

  fhir.get('/Consent', { config: { access: role(readers) } }, async (request, reply) => {
    const query = readQuery(request, ['patient:identifier', 'status', 'actor:identifier']);
    if (isFailure(query)) throw query;
    const page = paging(query);
    if (isFailure(page)) throw page;
    const patientParam = single(query, 'patient:identifier');
    if (isFailure(patientParam)) throw patientParam;
    if (patientParam === undefined)
      throw failure(
        400,
        `Name the patient: patient:identifier=${identifierSystems.nhsNumber}|<NHS number>.`,
        {
          code: 'required',
          expression: 'http.patient:identifier',
        },
      );
    const nhs = tokenValue(patientParam, 'patient:identifier', identifierSystems.nhsNumber);
    if (isFailure(nhs)) throw nhs;
    const statuses = statusFilter(query.get('status'));
    const actorParam = single(query, 'actor:identifier');
    if (isFailure(actorParam)) throw actorParam;
    const ods =
      actorParam === undefined
        ? undefined
        : tokenValue(actorParam, 'actor:identifier', identifierSystems.odsOrganisation);
    if (isFailure(ods)) throw ods;
    // Another system's identifiers, or a patient the caller may not read: no matches, alike.
    const patient = nhs.systemMatches
      ? await run(patientFor(ctx.consentry, request.principal!, nhs.value, readRelations))
      : undefined;
    const all =
      patient === undefined || ods?.systemMatches === false ? [] : await consentsOf(ctx, patient);
    const matches = all.filter(
      (c) =>
        (statuses === undefined || statuses.has(c.status)) &&
        (ods === undefined || namesOrganisation(c, ods.value)),
    );
    const base = baseUrl(request);
    return sendResource(
      reply,
      200,
      searchsetBundle({
        base,
        resources: matches.slice(page.offset, page.offset + page.count),
        total: matches.length,
        links: pageLinks(base, 'Consent', query, page, matches.length),
        timestamp: ctx.now().toISOString(),
      }),
    );
  });
};
