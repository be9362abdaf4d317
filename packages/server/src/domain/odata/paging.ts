import type { OrderByItem, PropertyPath } from './ast.ts';
import type { CompiledSql } from './compile-sql.ts';
import { ODataError } from './errors.ts';
import { jsonScalarSql, lookupProperty, type EntitySqlSchema, type SqlDialect } from './sql-schema.ts';

/**
 * The `@odata.nextLink` for an offset-paged response, or undefined on the last page. `requestUrl` is
 * the absolute URL the client called; every query parameter is kept except `$skip`, which advances.
 */
export function nextLinkBySkip(requestUrl: string, page: { skip?: number; returned: number; hasMore: boolean }): string | undefined {
  if (!page.hasMore) return undefined;
  const url = new URL(requestUrl);
  for (const key of [...url.searchParams.keys()]) if (key.toLowerCase() === '$skip') url.searchParams.delete(key);
  url.searchParams.set('$skip', String((page.skip ?? 0) + page.returned));
  return url.toString();
}

/** The `@odata.nextLink` for a keyset-paged response: `$skiptoken` carries the last row's sort key. */
export function nextLinkBySkipToken(requestUrl: string, lastKey: readonly unknown[] | undefined): string | undefined {
  if (lastKey === undefined) return undefined;
  const url = new URL(requestUrl);
  for (const key of [...url.searchParams.keys()]) {
    if (key.toLowerCase() === '$skiptoken' || key.toLowerCase() === '$skip') url.searchParams.delete(key);
  }
  url.searchParams.set('$skiptoken', encodeSkipToken(lastKey));
  return url.toString();
}

/** Encodes a row's sort-key values as an opaque, URL-safe token. */
export function encodeSkipToken(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a token made by encodeSkipToken; anything else is a 400 naming `$skiptoken`. */
export function decodeSkipToken(token: string, expectedLength: number): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const scalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if (!Array.isArray(values) || values.length !== expectedLength || !values.every(scalar)) {
    throw new ODataError('Invalid $skiptoken: it was not issued by this server or the query changed.', { option: '$skiptoken' });
  }
  return values;
}

/**
 * The WHERE fragment selecting rows after `lastKey` in `$orderby` order followed by a unique
 * tie-breaker column (e.g. the id). Keyset paging needs every sort key to be non-null.
 */
export function compileKeysetAfter(
  orderBy: readonly OrderByItem[],
  tieBreaker: { column: string; direction?: 'asc' | 'desc' },
  lastKey: readonly unknown[],
  schema: EntitySqlSchema,
  dialect: SqlDialect,
  options: { startIndex?: number } = {},
): CompiledSql {
  const document = schema.document ?? 'doc';
  const keys = orderBy.map((item) => {
    const node: PropertyPath = { kind: 'property', path: item.path, position: 0 };
    const property = lookupProperty(schema, node, '$orderby');
    if ('collection' in property) throw new ODataError(`Cannot order by the collection '${item.path.join('/')}'.`, { option: '$orderby' });
    const sql = 'column' in property ? property.column : jsonScalarSql(dialect, document, property.json);
    return { sql, direction: item.direction };
  });
  keys.push({ sql: tieBreaker.column, direction: tieBreaker.direction ?? 'asc' });
  if (lastKey.length !== keys.length) throw new ODataError('Invalid $skiptoken: it does not fit this $orderby.', { option: '$skiptoken' });
  const params: unknown[] = [];
  const start = options.startIndex ?? 0;
  const bind = (value: unknown): string => {
    params.push(dialect === 'sqlite' && typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return dialect === 'sqlite' ? '?' : `$${start + params.length}`;
  };
  // (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … — written out so each '?' is bound in reading order.
  const disjuncts = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((prior, j) => `${prior.sql} = ${bind(lastKey[j])}`);
    const after = `${key.sql} ${key.direction === 'desc' ? '<' : '>'} ${bind(lastKey[i])}`;
    return `(${[...equal, after].join(' AND ')})`;
  });
  return { sql: `(${disjuncts.join(' OR ')})`, params };
}
