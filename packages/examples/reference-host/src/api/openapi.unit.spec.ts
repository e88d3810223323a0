import { testHost, type TestHost } from '../__fixtures__/testHost.js';

let host: TestHost;
beforeAll(async () => {
  host = await testHost();
});
afterAll(async () => {
  await host.close();
});

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
};

// Facade methods reached through an operation of another name.
const COVERED_BY: Readonly<Record<string, string>> = {
  approveOnline: 'answerApprovalRequest',
  refuseOnline: 'answerApprovalRequest',
  findPatientByNhsNumber: 'patient',
};

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, public, and describes the operations the issue names', async () => {
    const response = await host.request('GET', '/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json<Document>();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/v1/access-requests']?.['post']?.operationId).toBe('requestAccess');
    expect(document.paths['/api/v1/access-requests/{requestId}/code']?.['post']?.operationId).toBe(
      'enterCode',
    );
    expect(document.paths['/api/v1/access-check']?.['get']?.operationId).toBe('checkAccess');
    expect(document.paths['/api/v1/patients/{nhsNumber}/sharing']?.['get']?.operationId).toBe(
      'sharingSummary',
    );
    expect(
      document.paths['/api/v1/patients/{nhsNumber}/access-history']?.['get']?.operationId,
    ).toBe('accessHistory');
    expect(document.paths['/api/v1/access-requests']?.['post']?.requestBody).toMatchObject({
      content: {
        'application/json': { schema: { required: ['nhsNumber'], additionalProperties: false } },
      },
    });
  });

  it('covers every command and query of the facade', async () => {
    const document = (await host.request('GET', '/api/v1/openapi.json')).json<Document>();
    const operations = new Set(
      Object.values(document.paths).flatMap((methods) =>
        Object.values(methods).map((o) => o.operationId),
      ),
    );
    const missing = Object.keys(host.consentry).filter(
      (method) => !operations.has(COVERED_BY[method] ?? method),
    );
    expect(missing).toEqual([]);
  });

  it('describes only routes that answer: each documented path is served', async () => {
    const document = (await host.request('GET', '/api/v1/openapi.json')).json<Document>();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        const url = path.replace('{nhsNumber}', '9434765919').replace(/\{[A-Za-z]+\}/g, 'x1');
        const response = await host.request(method.toUpperCase(), url);
        // Not signed in: every operation exists and refuses with 401, none is a 404.
        expect({ path, method, status: response.statusCode }).toEqual({
          path,
          method,
          status: 401,
        });
      }
    }
  });
});
