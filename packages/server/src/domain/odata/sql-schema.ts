import type { PropertyPath } from './ast.ts';
import { ODataError } from './errors.ts';

export type SqlDialect = 'sqlite' | 'postgres';
export type ScalarType = 'string' | 'number' | 'boolean' | 'datetime';

/**
 * How one OData property is stored. Schemas are written by the server, never by users, so the
 * column expressions and JSON paths here go into SQL text as they are.
 */
export type PropertySql =
  /** A real (usually indexed) column; `column` is its SQL expression, e.g. `"severity"` or `a.severity`. */
  | { column: string; type: ScalarType }
  /** A scalar inside the JSON document column, dotted path: `userAccount.accountName`. */
  | { json: string; type: ScalarType }
  /**
   * A JSON array inside the document. `items` says what lambda predicates may reference: 'scalar'
   * (only the element itself, as in `tags/any(t: t eq 'x')`), a map of element sub-paths written
   * OData-style (`userAccount/accountName`) to their types, or absent to allow any sub-path.
   */
  | { collection: string; items?: 'scalar' | Record<string, ScalarType> };

/** Maps an entity's OData property paths (`severity`, `alertWebUrl`, `evidence`) to storage. */
export interface EntitySqlSchema {
  /** SQL expression of the JSON document column; `doc` when absent. */
  document?: string;
  /** Keyed by OData path with `/` separators; looked up case-insensitively. */
  properties: Record<string, PropertySql>;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_]+$/;

/** Splits a schema JSON path and rejects segments that would need quoting in SQL text. */
export function jsonSegments(path: string): string[] {
  const segments = path.split('.');
  for (const segment of segments) {
    if (!SAFE_SEGMENT.test(segment)) throw new Error(`EntitySqlSchema: JSON path '${path}' has an unsupported segment '${segment}'`);
  }
  return segments;
}

/** Finds a top-level property in the schema, or throws an ODataError naming it. */
export function lookupProperty(schema: EntitySqlSchema, node: PropertyPath, option = '$filter'): PropertySql {
  const name = node.path.join('/');
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(schema.properties)) {
    if (key.toLowerCase() === wanted) return value;
  }
  throw new ODataError(`Could not find a property named '${name}' on this resource (${option} at position ${node.position}).`, {
    option,
    position: node.position,
  });
}

/** Renders a trusted scalar JSON path for the dialect. */
export function jsonScalarSql(dialect: SqlDialect, document: string, path: string): string {
  const segments = jsonSegments(path);
  if (dialect === 'sqlite') return `json_extract(${document}, '$.${segments.join('.')}')`;
  if (segments.length === 1) return `(${document}->>'${segments[0]}')`;
  return `(${document}#>>'{${segments.join(',')}}')`;
}

/** Renders a trusted JSON array path (as jsonb for postgres, as a json_each source for sqlite). */
export function jsonArraySource(dialect: SqlDialect, document: string, path: string): string {
  const segments = jsonSegments(path);
  if (dialect === 'sqlite') {
    // json_each over a JSON null or scalar yields one row; a missing or non-array collection is empty.
    const path = `'$.${segments.join('.')}'`;
    return `json_each(CASE json_type(${document}, ${path}) WHEN 'array' THEN json_extract(${document}, ${path}) ELSE '[]' END)`;
  }
  const value = `(${document}#>'{${segments.join(',')}}')`;
  // jsonb_array_elements raises on non-arrays; a missing or null collection is an empty one.
  return `jsonb_array_elements(CASE WHEN jsonb_typeof(${value}) = 'array' THEN ${value} ELSE '[]'::jsonb END)`;
}
