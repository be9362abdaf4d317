export type { ComparisonOperator, FilterNode, Literal, OrderByItem, PropertyPath, StringFunctionName, ValueNode } from './ast.ts';
export { compileFilter, compileOrderBy, type CompiledSql } from './compile-sql.ts';
export { ODataError } from './errors.ts';
export { matchesFilter } from './evaluate.ts';
export { parseFilter } from './filter-parser.ts';
export { compileKeysetAfter, decodeSkipToken, encodeSkipToken, nextLinkBySkip, nextLinkBySkipToken } from './paging.ts';
export { parseOrderBy, parseQueryOptions, type QueryOptionLimits, type QueryOptions } from './query-options.ts';
export type { EntitySqlSchema, PropertySql, ScalarType, SqlDialect } from './sql-schema.ts';
