import type { FastifyInstance } from 'fastify';
import { auditEventsFromEvents, identifierSystems, searchsetBundle } from '@consentry/fhir';
import { streams } from '@consentry/core';
import { role } from '../security/access.js';
import { patientFor, readers, readRelations } from './access.js';
import { run, type FhirContext } from './context.js';
import { dateBound, matches, type DateBound } from './dates.js';
import { directoryForPatient } from './directory.js';
import { patientEvents } from './events.js';
import { failure } from './outcome.js';
import { sendResource } from './outcome.js';
import { baseUrl, isFailure, pageLinks, paging, readQuery, single, tokenValue } from './search.js';

const refusalReaders: readonly string[] = ['auditor', 'privacy-officer'];

const bounds = (raw: readonly string[] | undefined): DateBound[] => {
  const all = (raw ?? []).map(dateBound);
  for (const b of all) if (isFailure(b)) throw b;
  return all as DateBound[];
};

/**
 * `GET /AuditEvent?patient:identifier=…&date=ge…&date=le…`: every access decision, record
 * view and emergency about the patient, for whoever may read the access history on /api/v1
 * (the patient, their practice, a privacy officer, an auditor); refused commands too for
 * those who may read them there (auditors and privacy officers).
 */
export const registerAuditEventSearch = (fhir: FastifyInstance, ctx: FhirContext): void => {
  fhir.get('/AuditEvent', { config: { access: role(readers) } }, async (request, reply) => {
    const query = readQuery(request, ['patient:identifier', 'date']);
    if (isFailure(query)) throw query;
    const page = paging(query);
    if (isFailure(page)) throw page;
    const patientParam = single(query, 'patient:identifier');
    if (isFailure(patientParam)) throw patientParam;
    if (patientParam === undefined)
      throw failure(
        400,
        `Name the patient: patient:identifier=${identifierSystems.nhsNumber}|<NHS number>.`,
        { code: 'required', expression: 'http.patient:identifier' },
      );
    const nhs = tokenValue(patientParam, 'patient:identifier', identifierSystems.nhsNumber);
    if (isFailure(nhs)) throw nhs;
    const dates = bounds(query.get('date'));
    const patient = nhs.systemMatches
      ? await run(patientFor(ctx.consentry, request.principal!, nhs.value, readRelations))
      : undefined;
    let audits: ReturnType<typeof auditEventsFromEvents> = [];
    if (patient !== undefined) {
      const decided = await run(patientEvents(ctx.eventStore, patient.patientId));
      // Refused commands only for those /api/v1 shows them to (GET …/refused-attempts).
      const refused = refusalReaders.includes(request.principal!.kind)
        ? await run(
            patientEvents(ctx.eventStore, patient.patientId, streams.refusals(patient.patientId)),
          )
        : [];
      const directory = await run(directoryForPatient(ctx.consentry, patient));
      audits = [
        ...auditEventsFromEvents(decided, { directory }),
        ...auditEventsFromEvents(refused, { directory }),
      ].sort((a, b) => Date.parse(a.recorded) - Date.parse(b.recorded));
    }
    const found = audits.filter((a) => dates.every((d) => matches(d, Date.parse(a.recorded))));
    const base = baseUrl(request);
    return sendResource(
      reply,
      200,
      searchsetBundle({
        base,
        resources: found.slice(page.offset, page.offset + page.count),
        total: found.length,
        links: pageLinks(base, 'AuditEvent', query, page, found.length),
        timestamp: ctx.now().toISOString(),
      }),
    );
  });
};
