import { AsyncLocalStorage } from 'node:async_hooks';
import {
  context,
  ROOT_CONTEXT,
  trace,
  type Context,
  type ContextManager,
  type Attributes,
  type Span,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { testHost, type TestHost } from '../__fixtures__/testHost.js';
import { hostMetrics } from './registry.js';

const ALICE = { nhsNumber: '9434765919', email: 'alice@example.org' };

/** What an SDK would export: each span's name, attributes, status, and whether it ended. */
interface Recorded {
  name: string;
  attributes: Attributes;
  status?: SpanStatus;
  ended: boolean;
  /** The name of the span that was active when this one started. */
  parent?: string;
}
const names = new WeakMap<Span, string>();
const recorded: Recorded[] = [];

// A minimal recording TracerProvider, standing in for an SDK the embedding would register.
const recordingSpan = (entry: Recorded): Span => {
  const span: Span = {
    spanContext: () => ({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 1 }),
    setAttribute: (key, value) => ((entry.attributes[key] = value), span),
    setAttributes: (attributes) => (Object.assign(entry.attributes, attributes), span),
    addEvent: () => span,
    addLink: () => span,
    addLinks: () => span,
    setStatus: (status) => ((entry.status = status), span),
    updateName: (name) => ((entry.name = name), span),
    end: () => void (entry.ended = true),
    isRecording: () => true,
    recordException: () => undefined,
  };
  return span;
};
const tracer: Tracer = {
  startSpan: (name: string, options?: SpanOptions, parentContext?: Context) => {
    const active = trace.getSpan(parentContext ?? context.active());
    const parent = active === undefined ? undefined : names.get(active);
    const entry: Recorded = {
      name,
      attributes: { ...options?.attributes },
      ended: false,
      ...(parent === undefined ? {} : { parent }),
    };
    recorded.push(entry);
    const span = recordingSpan(entry);
    names.set(span, name);
    return span;
  },
  startActiveSpan: (name: string, ...rest: unknown[]) => {
    const run = rest[rest.length - 1] as (span: Span) => unknown;
    const options = rest.length > 1 ? rest[0] : {};
    const span = tracer.startSpan(name, options as SpanOptions);
    return context.with(trace.setSpan(context.active(), span), () => run(span));
  },
};
const provider: TracerProvider = { getTracer: () => tracer };

// What an SDK's context manager does: the active context follows async calls.
const storage = new AsyncLocalStorage<Context>();
const contextManager: ContextManager = {
  active: () => storage.getStore() ?? ROOT_CONTEXT,
  with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.call(thisArg, ...args)),
  bind: (_ctx, target) => target,
  enable: () => contextManager,
  disable: () => contextManager,
};

let host: TestHost;
beforeAll(() => {
  expect(trace.setGlobalTracerProvider(provider)).toBe(true);
  expect(context.setGlobalContextManager(contextManager)).toBe(true);
});
afterAll(() => {
  trace.disable();
  context.disable();
});
beforeEach(async () => {
  host = await testHost({ metrics: hostMetrics({ defaults: false }) });
  recorded.length = 0;
});
afterEach(async () => {
  await host.close();
});

describe('traces through @opentelemetry/api', () => {
  it('a span per request, facade call and store operation, ended, with results and no personal data', async () => {
    const cornwall = host.client();
    await cornwall.signInStaff('cornwall');
    await cornwall.api('POST', `/api/v1/patients/${ALICE.nhsNumber}/care-relationship`, {
      selfClaimed: true,
      reason: 'A&E attendance',
    });
    const asked = await cornwall.api('POST', '/api/v1/access-requests', {
      nhsNumber: ALICE.nhsNumber,
    });
    const { requestId } = asked.json<{ requestId: string }>();
    const code = host.outbox.lastCodeFor(ALICE.email)!;
    await cornwall.api('POST', `/api/v1/access-requests/${requestId}/code`, {
      code: code === '000000' ? '111111' : '000000',
    });

    const named = (name: string) => recorded.filter((span) => span.name === name);
    expect(named('consentry.command requestAccess')).toEqual([
      {
        name: 'consentry.command requestAccess',
        attributes: {
          'consentry.operation': 'requestAccess',
          'consentry.result': 'ok',
          'consentry.decision': 'verify',
        },
        ended: true,
        parent: 'POST /api/v1/access-requests',
      },
    ]);
    expect(named('consentry.command enterCode')).toEqual([
      expect.objectContaining({
        attributes: { 'consentry.operation': 'enterCode', 'consentry.result': 'CodeRejected' },
        status: { code: 2, message: 'CodeRejected' },
        ended: true,
      }),
    ]);
    const appends = named('consentry.store appendToStream');
    expect(appends.length).toBeGreaterThan(0);
    // Each store call is a child of the facade call that made it.
    expect(appends.every((span) => span.parent?.startsWith('consentry.command '))).toBe(true);
    // The category names the kind of stream (`consent-<id>`), never the id.
    expect(new Set(appends.map((span) => span.attributes['consentry.stream.category']))).toEqual(
      new Set(['consent', 'notification']),
    );
    expect(named('POST /api/v1/patients/:nhsNumber/care-relationship')).toEqual([
      {
        name: 'POST /api/v1/patients/:nhsNumber/care-relationship',
        attributes: {
          'http.request.method': 'POST',
          'http.route': '/api/v1/patients/:nhsNumber/care-relationship',
          'http.response.status_code': 201,
        },
        ended: true,
      },
    ]);
    expect(named('POST /api/v1/access-requests/:requestId/code')[0]?.attributes).toMatchObject({
      'http.response.status_code': 422,
    });
    expect(recorded.every((span) => span.ended)).toBe(true);

    const patient = await host.consentry.findPatientByNhsNumber({ nhsNumber: ALICE.nhsNumber })();
    const patientId = patient._tag === 'Right' ? patient.right.patientId : 'unknown';
    const everything = JSON.stringify(recorded);
    for (const secret of [ALICE.nhsNumber, ALICE.email, code, requestId, patientId])
      expect(everything).not.toContain(secret);
  });
});
