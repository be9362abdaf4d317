import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWiredApp, type WiredApp } from '../app/route-conformance-support.ts';
// The console's own list of what it uses (packages/web talks to us over HTTP only).
import { consoleOperations, consoleRequestFields, consoleSchemaFields } from '../../../web/src/api/contract.ts';

describe('what the analyst console relies on', () => {
  let t: WiredApp;
  let doc: {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };

  beforeAll(async () => {
    // The server as `riposte serve` wires it: the connection routes and the connector catalogue too.
    t = await buildWiredApp();
    doc = (await t.app.inject({ url: '/openapi.json' })).json();
  });
  afterAll(() => t.close());

  it('every route the console calls is in the OpenAPI document', () => {
    const missing = consoleOperations.filter(([method, path]) => !doc.paths[path]?.[method]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
  });

  it('every field the console reads is in the published schemas', () => {
    const missing = Object.entries(consoleSchemaFields).flatMap(([schema, fields]) =>
      (fields as string[]).filter((f) => !doc.components.schemas[schema]?.properties?.[f]).map((f) => `${schema}.${f}`),
    );
    expect(missing).toEqual([]);
  });

  it('every field the console sends is in the schema of that request body', () => {
    const missing = Object.entries(consoleRequestFields).flatMap(([operation, fields]) => {
      const [method, path] = operation.split(' ') as [string, string];
      const ref = doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema?.$ref ?? '';
      const properties = doc.components.schemas[ref.replace('#/components/schemas/', '')]?.properties ?? {};
      return (fields as string[]).filter((f) => !properties[f]).map((f) => `${operation} ${f}`);
    });
    expect(missing).toEqual([]);
  });
});
