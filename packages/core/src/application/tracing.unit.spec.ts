import { expectRight } from '../testing/expectEither.js';
import {
  trace,
  type Attributes,
  type Span,
  type SpanStatus,
  type Tracer,
} from '@opentelemetry/api';
import { MOBILE, feedOf, staffOf, world } from './__fixtures__/world.js';

interface Recorded {
  name: string;
  attributes: Attributes;
  status?: SpanStatus;
  ended: boolean;
}
const recorded: Recorded[] = [];

// The least an SDK does: hand out spans that remember what was set on them.
const tracer: Tracer = {
  startSpan: (name, options) => {
    const entry: Recorded = { name, attributes: { ...options?.attributes }, ended: false };
    recorded.push(entry);
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
  },
  startActiveSpan: (name: string, ...rest: unknown[]) => {
    const fn = rest[rest.length - 1] as (span: Span) => unknown;
    const options = (rest.length > 1 ? rest[0] : {}) as { attributes?: Attributes };
    return fn(tracer.startSpan(name, options));
  },
};

beforeAll(() => {
  expect(trace.setGlobalTracerProvider({ getTracer: () => tracer })).toBe(true);
});
afterAll(() => trace.disable());

describe('the facade traces every call through @opentelemetry/api', () => {
  it('one ended span per command and query, with its result and decision, and nothing personal', async () => {
    const { consentry } = await world();
    const FAR = { patientId: 'alice', organisationId: 'cornwall-hospital' };
    await expectRight(consentry.startCare(FAR, feedOf(FAR.organisationId)));
    recorded.length = 0;
    await expectRight(consentry.requestAccess(FAR, staffOf('cornwall-hospital')));
    await consentry.viewRecord(FAR, staffOf('cornwall-hospital'))();
    await expectRight(consentry.checkAccess(FAR));
    expect(recorded).toEqual([
      {
        name: 'consentry.command requestAccess',
        attributes: {
          'consentry.operation': 'requestAccess',
          'consentry.result': 'ok',
          'consentry.decision': 'verify',
        },
        ended: true,
      },
      {
        name: 'consentry.command viewRecord',
        attributes: {
          'consentry.operation': 'viewRecord',
          'consentry.result': 'NotPermitted',
          'consentry.decision': 'verify',
        },
        status: { code: 2, message: 'NotPermitted' },
        ended: true,
      },
      {
        name: 'consentry.query checkAccess',
        attributes: {
          'consentry.operation': 'checkAccess',
          'consentry.result': 'ok',
          'consentry.decision': 'verify',
        },
        ended: true,
      },
    ]);
    const text = JSON.stringify(recorded);
    for (const personal of ['alice', '9434765919', MOBILE, '7700900123'])
      expect(text).not.toContain(personal);
  });
});
