import { readFile, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import type { RiposteModule } from '../app/build-app.ts';

/** Where `npm run build:web` writes the console (packages/web/dist). */
export const defaultConsoleDir = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface ConsoleModuleOptions {
  /** Folder of the built console (default: packages/web/dist). */
  dir?: string;
}

/**
 * The analyst console at /console: the built static files of packages/web. The files are public;
 * the console itself calls the API with the key the analyst pastes in, so nothing here is secret.
 */
export function consoleModule(options: ConsoleModuleOptions = {}): RiposteModule {
  return (app) => {
    const root = resolve(options.dir ?? defaultConsoleDir);

    const send = async (reply: FastifyReply, relative: string) => {
      // Resolve symlinks too, so nothing outside the console folder is ever served.
      let file: string;
      try {
        file = await realpath(join(root, relative));
        const realRoot = await realpath(root);
        if (file !== realRoot && !file.startsWith(realRoot + sep)) throw new Error('outside');
        const body = await readFile(file);
        const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
        // Vite fingerprints asset names, so they never change; index.html must be re-read.
        const cache = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        return reply.type(type).header('cache-control', cache).header('x-content-type-options', 'nosniff').send(body);
      } catch {
        if (relative === 'index.html') {
          return reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send('The console is not built. Run `npm run build:web` and restart the server.\n');
        }
        return reply.code(404).send({ error: { code: 'NotFound', message: `no console file '${relative.slice(0, 200)}'` } });
      }
    };

    app.get('/console', { config: { permission: 'public' } }, (_request, reply) => send(reply, 'index.html'));
    app.get('/console/*', { config: { permission: 'public' } }, (request, reply) => {
      const rest = (request.params as { '*': string })['*'] ?? '';
      let path: string;
      try {
        path = decodeURIComponent(rest.split('?')[0] ?? '');
      } catch {
        path = '..';
      }
      if (path === '') return send(reply, 'index.html');
      if (path.includes('\0') || path.split(/[\\/]/).includes('..')) return reply.code(404).send({ error: { code: 'NotFound', message: 'no such console file' } });
      return send(reply, path);
    });
  };
}
