import type { FilterNode, OrderByItem } from './ast.ts';
import { ODataError } from './errors.ts';
import { parseFilter } from './filter-parser.ts';

/** The validated system query options of one request. */
export interface QueryOptions {
  filter?: FilterNode;
  /** The `$filter` text as received, for building next links. */
  filterText?: string;
  orderBy: OrderByItem[];
  top?: number;
  skip?: number;
  skipToken?: string;
  select?: string[];
  count: boolean;
  expand: string[];
}

export interface QueryOptionLimits {
  /** Largest `$top` accepted; Graph's security endpoints cap pages too. Default 1000. */
  maxTop?: number;
}

// $search and $format are not offered; naming them is an error rather than a silent no-op.
const KNOWN = new Set(['$filter', '$orderby', '$top', '$skip', '$skiptoken', '$select', '$count', '$expand']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Reads `$filter $orderby $top $skip $skiptoken $select $count $expand` from a query-string record
 * (option names case-insensitive; non-`$` keys are left to the caller). Errors name the option.
 */
export function parseQueryOptions(query: Record<string, string | undefined>, limits: QueryOptionLimits = {}): QueryOptions {
  const options: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(query)) {
    if (!rawKey.startsWith('$') || value === undefined) continue;
    const key = rawKey.toLowerCase();
    if (!KNOWN.has(key)) throw new ODataError(`Query option '${rawKey}' is not supported.`, { option: rawKey });
    options[key] = value;
  }
  const result: QueryOptions = { orderBy: [], count: false, expand: [] };
  if (options.$filter !== undefined) {
    if (options.$filter.trim() === '') throw new ODataError('Invalid filter clause: the $filter option is empty.', { option: '$filter' });
    result.filter = parseFilter(options.$filter);
    result.filterText = options.$filter;
  }
  if (options.$orderby !== undefined) result.orderBy = parseOrderBy(options.$orderby);
  if (options.$top !== undefined) {
    result.top = parseCount('$top', options.$top);
    const maxTop = limits.maxTop ?? 1000;
    if (result.top > maxTop) throw new ODataError(`Invalid $top: must be at most ${maxTop}.`, { option: '$top' });
  }
  if (options.$skip !== undefined) result.skip = parseCount('$skip', options.$skip);
  if (options.$skiptoken !== undefined) result.skipToken = options.$skiptoken;
  if (options.$select !== undefined) result.select = parseNameList('$select', options.$select);
  if (options.$expand !== undefined) result.expand = parseNameList('$expand', options.$expand);
  if (options.$count !== undefined) {
    const value = options.$count.trim().toLowerCase();
    if (value !== 'true' && value !== 'false') throw new ODataError("Invalid $count: expected 'true' or 'false'.", { option: '$count' });
    result.count = value === 'true';
  }
  return result;
}

/** Parses `$orderby` ("createdDateTime desc, severity"); directions are case-insensitive. */
export function parseOrderBy(text: string): OrderByItem[] {
  const items: OrderByItem[] = [];
  let position = 0;
  for (const part of text.split(',')) {
    const words = part.trim().split(/\s+/);
    const at = position + (part.length - part.trimStart().length);
    position += part.length + 1;
    if (words.length === 0 || words[0] === '' || words.length > 2) {
      throw new ODataError(`Invalid $orderby: expected 'property [asc|desc]' at position ${at}.`, { option: '$orderby', position: at });
    }
    const [name, direction = 'asc'] = words;
    if (!NAME.test(name)) throw new ODataError(`Invalid $orderby: '${name}' is not a property path.`, { option: '$orderby', position: at });
    const dir = direction.toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') {
      throw new ODataError(`Invalid $orderby: direction must be 'asc' or 'desc', not '${direction}'.`, { option: '$orderby', position: at });
    }
    items.push({ path: name.split('/'), direction: dir });
  }
  return items;
}

function parseCount(option: string, text: string): number {
  if (!/^\d{1,9}$/.test(text.trim())) throw new ODataError(`Invalid ${option}: expected a non-negative integer, got '${text}'.`, { option });
  return Number(text.trim());
}

function parseNameList(option: string, text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    // Graph accepts `*` in $select; nested $expand options (`alerts($select=id)`) are not supported.
    if (name === '*' && option === '$select') continue;
    if (!NAME.test(name)) throw new ODataError(`Invalid ${option}: '${name}' is not a property name.`, { option });
  }
  return names;
}
