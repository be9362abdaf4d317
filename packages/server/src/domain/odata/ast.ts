/** Syntax tree of an OData v4 `$filter` expression, restricted to what Microsoft Graph accepts. */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunctionName = 'startswith' | 'endswith' | 'contains';

export type Literal =
  | { kind: 'literal'; type: 'string'; value: string }
  /** Members of an enum written `namespace.type'member'`; compared as their member name. */
  | { kind: 'literal'; type: 'enum'; value: string; enumType: string }
  | { kind: 'literal'; type: 'number'; value: number }
  | { kind: 'literal'; type: 'boolean'; value: boolean }
  | { kind: 'literal'; type: 'null'; value: null }
  /** Unquoted DateTimeOffset; `value` is normalised to `Date.prototype.toISOString()` form. */
  | { kind: 'literal'; type: 'datetime'; value: string }
  | { kind: 'literal'; type: 'guid'; value: string };

/**
 * A property path. `scope` is the lambda variable it starts from (`e` in `e/userAccount/accountName`);
 * without a scope the path starts at the entity. An empty path with a scope is the element itself
 * (`t` in `tags/any(t: t eq 'x')`).
 */
export interface PropertyPath {
  kind: 'property';
  path: string[];
  scope?: string;
  position: number;
}

export type ValueNode = Literal | PropertyPath;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: ComparisonOperator; left: ValueNode; right: ValueNode }
  | { kind: 'in'; operand: ValueNode; values: Literal[] }
  | { kind: 'function'; name: StringFunctionName; args: [ValueNode, ValueNode] }
  | {
      kind: 'lambda';
      op: 'any' | 'all';
      collection: PropertyPath;
      /** Absent for the argument-less `any()` ("the collection is not empty"). */
      variable?: string;
      predicate?: FilterNode;
    };

export interface OrderByItem {
  path: string[];
  direction: 'asc' | 'desc';
}
