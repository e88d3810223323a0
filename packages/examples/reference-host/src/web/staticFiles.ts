import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { publicRoute } from '../security/access.js';

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves the files of one folder under a prefix: GET only, known file types only, never a
 * path outside the folder. (The NHS.UK frontend's CSS, JS and images, and our own two files.)
 * A tiny handler rather than @fastify/static, whose ESM-only dependencies jest cannot load.
 */
export const serveFolder = (app: FastifyInstance, prefix: string, root: string): void => {
  const base = path.resolve(root);
  app.get(`${prefix}*`, { config: { access: publicRoute } }, async (request, reply) => {
    // Fastify has already percent-decoded the wildcard.
    const relative = (request.params as { '*': string })['*'];
    if (relative.includes('\0')) return reply.callNotFound();
    const file = path.resolve(base, relative);
    const type = TYPES[path.extname(file)];
    if (!file.startsWith(`${base}${path.sep}`) || type === undefined) return reply.callNotFound();
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat === null || !stat.isFile()) return reply.callNotFound();
    return reply
      .type(type)
      .header('content-length', stat.size)
      .header('cache-control', 'public, max-age=3600')
      .send(fs.createReadStream(file));
  });
};
