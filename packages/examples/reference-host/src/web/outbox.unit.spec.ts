import Fastify from 'fastify';
import { capturingNotifier } from '@consentry/core/testing';
import type { RouteContext } from '../http/context.js';
import { registerOutbox } from './outbox.js';

describe('the development outbox', () => {
  it('given production mode, then it refuses to be registered at all', async () => {
    const app = Fastify();
    const production = { mode: 'production' } as unknown as RouteContext;
    expect(() => registerOutbox(app, production, capturingNotifier())).toThrow(
      'the development outbox must never be registered outside development mode',
    );
    await app.ready();
    expect(app.hasRoute({ method: 'GET', url: '/dev/outbox' })).toBe(false);
    await app.close();
  });
});
