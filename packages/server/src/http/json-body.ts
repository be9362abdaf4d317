import type { FastifyInstance } from 'fastify';
import { BadRequestError, toPointer } from '../common/errors.ts';

/**
 * Deepest nesting a JSON body may have. Real documents (Sentinel incidents, ARM templates, Logic
 * Apps definitions with nested scopes) stay far below; thousands of levels would overflow the
 * stack of whatever walks the document later (validators, the store's JSON.stringify) — a 500.
 */
export const maxJsonDepth = 256;

interface Frame {
  value: unknown;
  depth: number;
  key: PropertyKey;
  parent: Frame | undefined;
}

/** The pointer of the first value nested deeper than `limit`, or undefined. Iterative: never recurses. */
export function tooDeepAt(document: unknown, limit = maxJsonDepth): string | undefined {
  const stack: Frame[] = [{ value: document, depth: 0, key: '', parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) {
      const path: PropertyKey[] = [];
      for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.unshift(f.key);
      return toPointer(path);
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, key, parent: frame });
    }
  }
  return undefined;
}

/**
 * Replaces the JSON body parser with Fastify's own (same prototype-poisoning protection, same
 * errors) followed by a nesting limit, so a pathological body is a 400 naming where, not a 500.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (err, document) => {
      if (err) return done(err, undefined);
      // Nesting `maxJsonDepth` deep takes at least twice as many brackets: shorter bodies need no walk.
      const at = (body as string).length < 2 * (maxJsonDepth + 1) ? undefined : tooDeepAt(document);
      if (at !== undefined) return done(new BadRequestError(`${at}: nested deeper than ${maxJsonDepth} levels`, at), undefined);
      done(null, document);
    });
  });
}
