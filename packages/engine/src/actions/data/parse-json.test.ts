import { describe, expect, it } from 'vitest';
import { ActionFailure } from '../errors.ts';
import { runParseJson, type SchemaProblem } from './parse-json.ts';

// Shape of what the designer's "Use sample payload to generate schema" produces.
const incidentSchema = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  properties: {
    id: { type: 'string' },
    severity: { type: ['string', 'null'] },
    score: { type: 'number', maximum: 10, exclusiveMaximum: true },
    tags: { type: 'array', items: { type: 'string' } },
    owner: { type: 'object', properties: { 'email/upn': { type: 'string' } }, required: ['email/upn'] },
  },
  required: ['id'],
  customDesignerKeyword: true,
};

function failure(fn: () => unknown): ActionFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof ActionFailure) return e;
    throw e;
  }
  throw new Error('expected an ActionFailure');
}

describe('runParseJson', () => {
  it('parses JSON text and returns the value when it matches', () => {
    const body = runParseJson({ content: '{"id":"42","severity":null,"score":9.5}', schema: incidentSchema });
    expect(body).toEqual({ id: '42', severity: null, score: 9.5 });
  });
  it('accepts an already-parsed value', () => {
    expect(runParseJson({ content: { id: 'x' }, schema: incidentSchema })).toEqual({ id: 'x' });
  });
  it('strips a byte-order mark before parsing', () => {
    expect(runParseJson({ content: '\uFEFF[1,2]', schema: { type: 'array' } })).toEqual([1, 2]);
  });
  it('returns the value unvalidated when there is no schema', () => {
    expect(runParseJson({ content: '"text"' })).toBe('text');
  });
  it('fails with InvalidJSON on unparsable text', () => {
    const f = failure(() => runParseJson({ content: '{"id":', schema: {} }));
    expect(f.code).toBe('InvalidJSON');
    expect(f.message).toMatch(/^inputs\.content: expected JSON text/);
  });
  it('lists every schema problem with its JSON pointer', () => {
    const f = failure(() =>
      runParseJson({ content: { severity: 3, score: 10, tags: ['a', 1], owner: {} }, schema: incidentSchema }),
    );
    expect(f.code).toBe('SchemaValidationFailed');
    const pointers = (f.details as SchemaProblem[]).map((p) => p.pointer).sort();
    expect(pointers).toEqual(['/id', '/owner/email~1upn', '/score', '/severity', '/tags/1']);
    expect(f.message).toContain('/id is required');
  });
  it('honours draft-04 boolean exclusiveMaximum', () => {
    expect(() => runParseJson({ content: { id: 'a', score: 10 }, schema: incidentSchema })).toThrow(/\/score/);
    expect(runParseJson({ content: { id: 'a', score: 9.99 }, schema: incidentSchema })).toEqual({ id: 'a', score: 9.99 });
  });
  it('reuses schemas that declare the same $id across definitions', () => {
    const a = { $id: 'http://x/s', type: 'string' };
    const b = { $id: 'http://x/s', type: 'integer' };
    expect(runParseJson({ content: '"s"', schema: a })).toBe('s');
    expect(runParseJson({ content: '5', schema: b })).toBe(5);
  });
  it('follows internal and recursive $refs, also when the compiled schema comes from the cache', () => {
    const tree = {
      definitions: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/node' } } } } },
      $ref: '#/definitions/node',
    };
    const good = { name: 'root', children: [{ name: 'leaf', children: [] }] };
    for (let i = 0; i < 2; i++) {
      expect(runParseJson({ content: good, schema: tree })).toEqual(good);
      expect(() => runParseJson({ content: { children: [{ name: 1 }] }, schema: tree })).toThrow(/\/children\/0\/name/);
    }
  });
  it('fails naming inputs.schema when the schema cannot be compiled', () => {
    const f = failure(() => runParseJson({ content: '1', schema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } }));
    expect(f.message).toMatch(/^inputs\.schema:/);
  });
});
