import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';

/**
 * The HTTP check's floor, run as a process of its own by the http workload: a bare Fastify
 * route that compares the bearer header and answers the body the reference host gave for the
 * same request. No store, no token table, no hooks, no logging: what Node and Fastify alone
 * cost on this machine for the same exchange. Environment: BARE_PORT, BARE_TOKEN, BARE_BODY
 * (the JSON answer). Prints "listening" on stdout once it is.
 */
const port = Number(process.env.BARE_PORT);
const expected = Buffer.from(`Bearer ${process.env.BARE_TOKEN ?? ''}`);
const body = JSON.parse(process.env.BARE_BODY ?? 'null') as unknown;

const app = Fastify({ logger: false });
app.get('/api/v1/access-check', (request, reply) => {
  const given = Buffer.from(request.headers.authorization ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return reply.code(401).send({ title: 'Sign in required' });
  // The object, not its text: serialising the answer is part of answering.
  return reply.send(body);
});

app.listen({ port, host: '127.0.0.1' }).then(
  () => process.stdout.write('listening\n'),
  (error: unknown) => {
    process.stderr.write(`bare route: ${String(error)}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
