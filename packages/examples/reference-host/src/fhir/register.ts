import type { FastifyInstance } from 'fastify';
import { publicRoute } from '../security/access.js';
import { bearerTokenOf, requireScope } from '../security/tokenScopes.js';
import { registerAuditEventSearch } from './auditEventSearch.js';
import { registerConsentCreate } from './consentCreate.js';
import { registerConsentReads } from './consentRead.js';
import type { FhirContext, FhirDeps } from './context.js';
import { resourceIndex } from './events.js';
import { capabilityStatement } from './metadata.js';
import { failure, sendFailure, sendResource, toFailure } from './outcome.js';

export const FHIR_PREFIX = '/fhir/R4';

/** Paths that exist, so that another method on them is 405, not 404. */
const KNOWN = /^\/fhir\/R4\/(metadata|Consent|Consent\/[^/]+|AuditEvent)\/?(\?.*)?$/;

/**
 * The FHIR R4 API under /fhir/R4: application/fhir+json in and out, an OperationOutcome for
 * every error, the same principals (bearer token or session) and access rules as /api/v1.
 */
export const registerFhir = (app: FastifyInstance, deps: FhirDeps): void => {
  const ctx: FhirContext = { ...deps, index: resourceIndex(deps.eventStore) };
  void app.register(
    (fhir, _options, done) => {
      // A token acts here as on /api/v1 only with its `api` scope (a metrics token cannot).
      fhir.addHook('onRequest', async (request) => {
        const token =
          request.headers.authorization === undefined
            ? undefined
            : await bearerTokenOf(request, deps.hostDb);
        if (token !== undefined) requireScope(token, 'api');
      });
      fhir.addContentTypeParser(
        'application/fhir+json',
        { parseAs: 'string' },
        fhir.getDefaultJsonParser('error', 'error'),
      );
      fhir.setErrorHandler((error, request, reply) => {
        const f = toFailure(error);
        if (f.status >= 500) request.log.error({ err: error }, 'FHIR request failed');
        return sendFailure(reply, f);
      });
      fhir.setNotFoundHandler((request, reply) =>
        sendFailure(
          reply,
          KNOWN.test(request.url)
            ? failure(405, `${request.method} is not supported here.`, { code: 'not-supported' })
            : failure(404, 'There is no FHIR resource or operation at this address.'),
        ),
      );
      const statement = capabilityStatement(deps.now().toISOString());
      fhir.get('/metadata', { config: { access: publicRoute } }, (_request, reply) =>
        sendResource(reply, 200, statement),
      );
      registerConsentReads(fhir, ctx);
      registerConsentCreate(fhir, ctx);
      registerAuditEventSearch(fhir, ctx);
      done();
    },
    { prefix: FHIR_PREFIX },
  );
};
