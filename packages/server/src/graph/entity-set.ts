import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { compileFilter, compileOrderBy, nextLinkBySkip, ODataError, parseQueryOptions } from '../domain/odata/index.ts';
import type { EntitySqlSchema, QueryOptions, SqlDialect } from '../domain/odata/index.ts';
import type { SqlFilter } from '../store/security-store.ts';
import type { LiteralVocabulary } from './filter-rewrite.ts';
import { rewriteFilterLiterals } from './filter-rewrite.ts';

/** How one Graph collection (`security/alerts_v2`, …) is queried and shaped. */
export interface EntitySet {
  /** Path after the version: "security/alerts_v2". */
  path: string;
  /** The Graph type name for error messages: "microsoft.graph.security.alert". */
  typeName: string;
  sql: EntitySqlSchema;
  vocabulary?: LiteralVocabulary;
  /** Property names `$select` accepts (the entity's own, in Graph spelling). */
  properties: readonly string[];
  /** Navigation properties `$expand` accepts. */
  expandable?: readonly string[];
  defaultTop: number;
  maxTop: number;
  /** SQL order when no `$orderby` is given; `{row}` stands for the store's insertion-order column. */
  defaultOrder: string;
  /** Unique SQL column appended to every `$orderby` so pages never overlap (`{row}` as above). */
  tieBreaker: string;
}

/** A request's query options compiled for one entity set. */
export interface CompiledQuery {
  options: QueryOptions;
  filter: SqlFilter;
  top: number;
  skip: number;
  /** Canonical property names of `$select`, or undefined for all. */
  select?: string[];
  expand: string[];
}

/** How the target store writes SQL (SecurityStore.sql): placeholder dialect and insertion-order column. */
export interface SqlTarget {
  dialect: SqlDialect;
  rowOrder: string;
}

const sqliteTarget: SqlTarget = { dialect: 'sqlite', rowOrder: 'rowid' };

/** Reads and compiles `$filter $orderby $top $skip $select $count $expand`; errors are 400s naming the option. */
export function compileQuery(set: EntitySet, query: Record<string, string | undefined>, target: SqlTarget = sqliteTarget): CompiledQuery {
  const options = parseQueryOptions(query, { maxTop: set.maxTop });
  if (options.skipToken !== undefined) throw new ODataError('$skiptoken is not supported here; page with the @odata.nextLink ($skip).', { option: '$skiptoken' });
  const expand = options.expand.map((name) => canonical(set.expandable ?? [], name, '$expand', set.typeName));
  const select = options.select && !options.select.includes('*') ? options.select.map((name) => canonical(set.properties, name, '$select', set.typeName)) : undefined;
  let where = '';
  let params: unknown[] = [];
  if (options.filter) {
    const compiled = compileFilter(rewriteFilterLiterals(options.filter, set.sql, set.vocabulary), set.sql, target.dialect);
    where = compiled.sql;
    params = compiled.params;
  }
  const row = (sql: string) => sql.replaceAll('{row}', target.rowOrder);
  let orderBy = row(set.defaultOrder);
  if (options.orderBy.length > 0) {
    const last = options.orderBy[options.orderBy.length - 1]!;
    orderBy = `${compileOrderBy(options.orderBy, set.sql, target.dialect).replace(/^ORDER BY /, '')}, ${row(set.tieBreaker)} ${last.direction === 'desc' ? 'DESC' : 'ASC'}`;
  }
  return { options, filter: { where, params, orderBy }, top: options.top ?? set.defaultTop, skip: options.skip ?? 0, select, expand };
}

function canonical(names: readonly string[], wanted: string, option: string, typeName: string): string {
  const found = names.find((n) => n.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new ODataError(`Could not find a property named '${wanted}' on type '${typeName}' (${option}).`, { option });
  return found;
}

/** The Graph version segment of a request ("v1.0" or "beta"). */
export function graphVersion(request: FastifyRequest): string {
  return /^\/graph\/beta\//i.test(request.url) ? 'beta' : 'v1.0';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The origin clients reach Riposte at, when configured (graphModule `publicOrigin`). */
    graphPublicOrigin?: string;
  }
}

/** The absolute origin the client called, for `@odata.context` and next links. */
export function requestOrigin(request: FastifyRequest): string {
  if (request.graphPublicOrigin) return request.graphPublicOrigin;
  const host = request.headers.host ?? 'localhost';
  return `${request.protocol}://${host}`;
}

/** `https://host/graph/v1.0/$metadata#security/alerts_v2(id,title)` and the `/$entity` form. */
export function contextUrl(request: FastifyRequest, path: string, options: { select?: string[]; entity?: boolean } = {}): string {
  const select = options.select ? `(${options.select.join(',')})` : '';
  return `${requestOrigin(request)}/graph/${graphVersion(request)}/$metadata#${path}${select}${options.entity ? '/$entity' : ''}`;
}

/** Keeps only the `$select`ed properties of an item, and the `$expand`ed ones (as Graph does). */
export function project(item: Record<string, unknown>, select: string[] | undefined, expand: readonly string[] = []): Record<string, unknown> {
  if (!select) return item;
  const out: Record<string, unknown> = {};
  for (const name of [...select, ...expand]) out[name] = item[name] ?? null;
  return out;
}

/**
 * The collection body Graph answers with: context, count when asked, the page, and a next link
 * while more rows follow. `rows` holds up to `top + 1` items; the extra one only signals "more".
 */
export function collectionBody(
  request: FastifyRequest,
  set: EntitySet,
  query: CompiledQuery,
  rows: Record<string, unknown>[],
  total: number | undefined,
): Record<string, unknown> {
  // `$top=0` asks for no items (a count only, with `$count=true`), and so has no next page.
  const hasMore = query.top > 0 && rows.length > query.top;
  const page = rows.slice(0, query.top);
  const nextLink = nextLinkBySkip(requestOrigin(request) + request.url, { skip: query.skip, returned: page.length, hasMore });
  return {
    '@odata.context': contextUrl(request, set.path, { select: query.select }),
    ...(query.options.count ? { '@odata.count': total ?? 0 } : {}),
    value: page.map((item) => project(item, query.select, query.expand)),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  };
}

/** The OData system query options, for validation and the OpenAPI document (values are checked by compileQuery). */
export const odataQuerySchema = z.looseObject({
  $filter: z.string().optional().describe("OData filter, e.g. severity eq 'high' and status eq 'new'"),
  $orderby: z.string().optional().describe('e.g. createdDateTime desc'),
  $top: z.string().optional().describe('page size'),
  $skip: z.string().optional().describe('items to skip (next links use it)'),
  $select: z.string().optional().describe('comma-separated property names'),
  $count: z.string().optional().describe("'true' adds @odata.count"),
  $expand: z.string().optional().describe('navigation properties (incidents: alerts)'),
}) as unknown as z.ZodType<Record<string, string | undefined>>;
