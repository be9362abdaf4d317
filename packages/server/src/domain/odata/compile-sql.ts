import type { FilterNode, Literal, OrderByItem, PropertyPath, ValueNode } from './ast.ts';
import { ODataError } from './errors.ts';
import {
  jsonArraySource,
  jsonScalarSql,
  lookupProperty,
  type EntitySqlSchema,
  type ScalarType,
  type SqlDialect,
} from './sql-schema.ts';

/** A SQL boolean expression with its positional parameters (`?` for sqlite, `$n` for postgres). */
export interface CompiledSql {
  sql: string;
  params: unknown[];
}

interface Operand {
  sql: string;
  type?: ScalarType;
  /** Set when the operand is a literal; null literals are compiled to IS NULL tests, never bound. */
  literal?: Literal;
  isProperty: boolean;
}

interface LambdaScope {
  alias: string;
  items: 'scalar' | Record<string, ScalarType> | undefined;
}

const SQL_OPERATOR = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/**
 * Compiles a filter to a parameterised SQL WHERE expression. Every literal becomes a parameter; only
 * schema-provided column expressions and JSON paths appear in the SQL text. `startIndex` offsets
 * postgres placeholders when the caller has parameters of its own before these.
 */
export function compileFilter(
  node: FilterNode,
  schema: EntitySqlSchema,
  dialect: SqlDialect,
  options: { startIndex?: number } = {},
): CompiledSql {
  const compiler = new FilterCompiler(schema, dialect, options.startIndex ?? 0);
  const sql = compiler.filter(node);
  return { sql, params: compiler.params };
}

/** Compiles `$orderby` items to an `ORDER BY …` clause ('' when empty); collections cannot be ordered by. */
export function compileOrderBy(items: readonly OrderByItem[], schema: EntitySqlSchema, dialect: SqlDialect): string {
  if (items.length === 0) return '';
  const document = schema.document ?? 'doc';
  const parts = items.map((item) => {
    const node: PropertyPath = { kind: 'property', path: item.path, position: 0 };
    const property = lookupProperty(schema, node, '$orderby');
    if ('collection' in property) {
      throw new ODataError(`The $orderby property '${item.path.join('/')}' is a collection and cannot be ordered by.`, {
        option: '$orderby',
      });
    }
    const expression = 'column' in property ? property.column : typedJson(dialect, jsonScalarSql(dialect, document, property.json), property.type);
    const direction = item.direction === 'desc' ? 'DESC' : 'ASC';
    // Postgres sorts NULLs last ascending; match SQLite (NULLs are the smallest values) so pages agree.
    const nulls = dialect === 'postgres' ? (item.direction === 'desc' ? ' NULLS LAST' : ' NULLS FIRST') : '';
    return `${expression} ${direction}${nulls}`;
  });
  return `ORDER BY ${parts.join(', ')}`;
}

function typedJson(dialect: SqlDialect, sql: string, type: ScalarType | undefined): string {
  if (dialect !== 'postgres') return sql;
  if (type === 'number') return `(${sql})::double precision`;
  if (type === 'boolean') return `(${sql})::boolean`;
  if (type === 'datetime') return `(${sql})::timestamptz`;
  return sql;
}

class FilterCompiler {
  readonly params: unknown[] = [];
  private readonly scopes = new Map<string, LambdaScope>();
  private aliasCounter = 0;
  private readonly document: string;

  constructor(
    private readonly schema: EntitySqlSchema,
    private readonly dialect: SqlDialect,
    private readonly startIndex: number,
  ) {
    this.document = schema.document ?? 'doc';
  }

  private bind(value: unknown, castTo?: ScalarType): string {
    const bound = this.dialect === 'sqlite' && typeof value === 'boolean' ? (value ? 1 : 0) : value;
    this.params.push(bound);
    if (this.dialect === 'sqlite') return '?';
    const placeholder = `$${this.startIndex + this.params.length}`;
    if (castTo === 'number') return `${placeholder}::double precision`;
    if (castTo === 'boolean') return `${placeholder}::boolean`;
    if (castTo === 'datetime') return `${placeholder}::timestamptz`;
    if (castTo === 'string') return `${placeholder}::text`;
    return placeholder;
  }

  filter(node: FilterNode): string {
    switch (node.kind) {
      case 'and':
        return `(${this.filter(node.left)} AND ${this.filter(node.right)})`;
      case 'or':
        return `(${this.filter(node.left)} OR ${this.filter(node.right)})`;
      case 'not':
        // SQL's NOT keeps NULL (unknown) as NULL; OData treats unknown as false, so NOT must yield true.
        return `((${this.filter(node.operand)}) IS NOT TRUE)`;
      case 'compare':
        return this.comparison(node.op, node.left, node.right);
      case 'in':
        return this.membership(node.operand, node.values);
      case 'function':
        return this.stringFunction(node.name, node.args[0], node.args[1]);
      case 'lambda':
        return this.lambda(node);
    }
  }

  private literalType(literal: Literal): ScalarType | undefined {
    switch (literal.type) {
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'datetime':
        return 'datetime';
      case 'null':
        return undefined;
      default:
        return 'string';
    }
  }

  /** Compiles a value; `peer` is the other operand, whose type decides casts for untyped paths. */
  private operand(node: ValueNode, peerType?: ScalarType, bothLiterals = false): Operand {
    if (node.kind === 'literal') {
      const type = this.literalType(node);
      if (node.type === 'null') return { sql: 'NULL', literal: node, isProperty: false };
      return { sql: this.bind(node.value, bothLiterals ? type : undefined), type, literal: node, isProperty: false };
    }
    return this.property(node, peerType);
  }

  private property(node: PropertyPath, peerType?: ScalarType): Operand {
    if (node.scope !== undefined) {
      const scope = this.scopes.get(node.scope);
      if (!scope) throw new ODataError(`Unknown lambda variable '${node.scope}'.`, { option: '$filter', position: node.position });
      return this.elementProperty(node, scope, peerType);
    }
    const property = lookupProperty(this.schema, node);
    if ('collection' in property) {
      throw new ODataError(
        `The property '${node.path.join('/')}' is a collection; use any() or all() on it (position ${node.position}).`,
        { option: '$filter', position: node.position },
      );
    }
    if ('column' in property) return { sql: property.column, type: property.type, isProperty: true };
    return {
      sql: typedJson(this.dialect, jsonScalarSql(this.dialect, this.document, property.json), property.type),
      type: property.type,
      isProperty: true,
    };
  }

  private elementProperty(node: PropertyPath, scope: LambdaScope, peerType?: ScalarType): Operand {
    const name = node.path.join('/');
    let type: ScalarType | undefined = peerType;
    let segments = node.path;
    if (scope.items === 'scalar' && node.path.length > 0) {
      throw new ODataError(`The elements of this collection have no property '${name}'.`, { option: '$filter', position: node.position });
    }
    if (scope.items && scope.items !== 'scalar' && node.path.length > 0) {
      const entry = Object.entries(scope.items).find(([key]) => key.toLowerCase() === name.toLowerCase());
      if (!entry) {
        throw new ODataError(`Could not find a property named '${name}' on the elements of this collection.`, {
          option: '$filter',
          position: node.position,
        });
      }
      type = entry[1];
      // The schema's spelling reaches into the JSON; the query's may differ in case.
      segments = entry[0].split('/');
    }
    const value = `${scope.alias}.value`;
    if (segments.length === 0) {
      const sql = this.dialect === 'sqlite' ? value : typedJson(this.dialect, `(${value}#>>'{}')`, type);
      return { sql, type, isProperty: true };
    }
    // Element sub-paths come from the query text, so they are bound as parameters, never spliced in.
    if (this.dialect === 'sqlite') {
      const path = '$' + segments.map((segment) => `."${segment}"`).join('');
      return { sql: `json_extract(${value}, ${this.bind(path)})`, type, isProperty: true };
    }
    const path = `{${segments.map((segment) => `"${segment}"`).join(',')}}`;
    return { sql: typedJson(this.dialect, `(${value}#>>${this.bind(path)}::text[])`, type), type, isProperty: true };
  }

  private comparison(op: keyof typeof SQL_OPERATOR, leftNode: ValueNode, rightNode: ValueNode): string {
    const bothLiterals = leftNode.kind === 'literal' && rightNode.kind === 'literal';
    const leftType = leftNode.kind === 'literal' ? this.literalType(leftNode) : undefined;
    const rightType = rightNode.kind === 'literal' ? this.literalType(rightNode) : undefined;
    const leftNull = leftNode.kind === 'literal' && leftNode.type === 'null';
    const rightNull = rightNode.kind === 'literal' && rightNode.type === 'null';
    // Decide null comparisons before compiling: an operand compiled but not used would leave a stray parameter.
    if (leftNull && rightNull) return op === 'eq' ? '(1 = 1)' : '(1 = 0)';
    if (leftNull || rightNull) {
      if (op !== 'eq' && op !== 'ne') return '(1 = 0)';
      const other = this.operand(leftNull ? rightNode : leftNode);
      return op === 'eq' ? `(${other.sql} IS NULL)` : `(${other.sql} IS NOT NULL)`;
    }
    const left = this.operand(leftNode, rightType, bothLiterals);
    const right = this.operand(rightNode, leftType ?? left.type, bothLiterals);
    this.checkTypes(left, right);
    if (op === 'ne') {
      // Null-safe: OData's `x ne 'a'` is true when x is null.
      return this.dialect === 'sqlite' ? `(${left.sql} IS NOT ${right.sql})` : `(${left.sql} IS DISTINCT FROM ${right.sql})`;
    }
    return `(${left.sql} ${SQL_OPERATOR[op]} ${right.sql})`;
  }

  /** A literal of the wrong type for a typed property is a 400, as in Graph, not a silent "no match". */
  private checkTypes(a: Operand, b: Operand): void {
    const [property, literal] = a.literal ? [b, a] : [a, b];
    if (!literal.literal || literal.literal.type === 'null' || property.literal || property.type === undefined) return;
    const given = literal.literal.type;
    const fits =
      property.type === 'string'
        ? given === 'string' || given === 'enum' || given === 'guid'
        : property.type === 'datetime'
          ? given === 'datetime' || given === 'string'
          : given === property.type;
    if (!fits) {
      throw new ODataError(`Invalid filter clause: a ${given} value cannot be compared with a ${property.type} property.`, {
        option: '$filter',
      });
    }
  }

  private membership(operandNode: ValueNode, values: Literal[]): string {
    const nonNull = values.filter((value) => value.type !== 'null');
    const firstType = nonNull.length > 0 ? this.literalType(nonNull[0]) : undefined;
    const parts: string[] = [];
    if (nonNull.length > 0) {
      const operand = this.operand(operandNode, firstType);
      for (const value of nonNull) this.checkTypes(operand, { sql: '', literal: value, type: this.literalType(value), isProperty: false });
      const placeholders = nonNull.map((value) => this.bind(value.value, operandNode.kind === 'literal' ? this.literalType(value) : undefined));
      parts.push(`${operand.sql} IN (${placeholders.join(', ')})`);
    }
    if (nonNull.length < values.length) parts.push(`${this.operand(operandNode, firstType).sql} IS NULL`);
    return `(${parts.join(' OR ')})`;
  }

  /** startswith/endswith/contains take text: a number, boolean or date argument is a 400, as in Graph, not a silent "no match". */
  private checkTextArgument(name: string, node: ValueNode): void {
    let given: string | undefined;
    if (node.kind === 'literal') {
      if (node.type !== 'string' && node.type !== 'enum' && node.type !== 'null') given = `a ${node.type} value`;
    } else if (node.scope === undefined) {
      const property = lookupProperty(this.schema, node);
      if ('type' in property && property.type !== undefined && property.type !== 'string') given = `the ${property.type} property '${node.path.join('/')}'`;
    }
    if (given !== undefined) {
      throw new ODataError(`Invalid filter clause: ${name} takes string arguments, not ${given}.`, { option: '$filter' });
    }
  }

  private stringFunction(name: 'startswith' | 'endswith' | 'contains', aNode: ValueNode, bNode: ValueNode): string {
    this.checkTextArgument(name, aNode);
    this.checkTextArgument(name, bNode);
    if (this.dialect === 'postgres') {
      const a = this.operand(aNode, 'string', false);
      const b = this.operand(bNode, 'string', false);
      const bText = b.isProperty ? b.sql : `${b.sql}::text`;
      if (name === 'startswith') return `starts_with(${a.sql}, ${bText})`;
      if (name === 'contains') return `(strpos(${a.sql}, ${bText}) > 0)`;
      return `(right(${a.sql}, length(${bText})) = ${bText})`;
    }
    // SQLite's '?' placeholders are positional, so an operand used twice is compiled (and bound) twice,
    // in the order the text reads. substr/instr coerce numbers to text; OData's functions want strings.
    const A = (): string => this.operand(aNode, 'string', false).sql;
    const B = (): string => this.operand(bNode, 'string', false).sql;
    if (bNode.kind === 'literal' && bNode.type === 'null') return '(1 = 0)';
    if (name === 'contains') return `(typeof(${A()}) = 'text' AND instr(${A()}, ${B()}) > 0)`;
    if (name === 'startswith') return `(typeof(${A()}) = 'text' AND substr(${A()}, 1, length(${B()})) = ${B()})`;
    return `(typeof(${A()}) = 'text' AND (length(${B()}) = 0 OR substr(${A()}, -length(${B()})) = ${B()}))`;
  }

  private lambda(node: Extract<FilterNode, { kind: 'lambda' }>): string {
    const { source, items } = this.collectionSource(node.collection);
    const alias = `j${++this.aliasCounter}`;
    const from = this.dialect === 'sqlite' ? `${source} AS ${alias}` : `${source} AS ${alias}(value)`;
    if (!node.predicate || node.variable === undefined) return `EXISTS (SELECT 1 FROM ${from})`;
    this.scopes.set(node.variable, { alias, items });
    const predicate = this.filter(node.predicate);
    this.scopes.delete(node.variable);
    if (node.op === 'any') return `EXISTS (SELECT 1 FROM ${from} WHERE ${predicate})`;
    return `NOT EXISTS (SELECT 1 FROM ${from} WHERE (${predicate}) IS NOT TRUE)`;
  }

  private collectionSource(path: PropertyPath): { source: string; items: LambdaScope['items'] } {
    if (path.scope !== undefined) {
      const scope = this.scopes.get(path.scope);
      if (!scope) throw new ODataError(`Unknown lambda variable '${path.scope}'.`, { option: '$filter', position: path.position });
      const value = `${scope.alias}.value`;
      if (this.dialect === 'sqlite') {
        const jsonPath = '$' + path.path.map((segment) => `."${segment}"`).join('');
        const typeOf = `json_type(${value}, ${this.bind(jsonPath)})`;
        const extracted = `json_extract(${value}, ${this.bind(jsonPath)})`;
        return { source: `json_each(CASE ${typeOf} WHEN 'array' THEN ${extracted} ELSE '[]' END)`, items: undefined };
      }
      const p = `{${path.path.map((segment) => `"${segment}"`).join(',')}}`;
      const arrayValue = `(${value}#>${this.bind(p)}::text[])`;
      return {
        source: `jsonb_array_elements(CASE WHEN jsonb_typeof(${arrayValue}) = 'array' THEN ${arrayValue} ELSE '[]'::jsonb END)`,
        items: undefined,
      };
    }
    const property = lookupProperty(this.schema, path);
    if (!('collection' in property)) {
      throw new ODataError(`The property '${path.path.join('/')}' is not a collection; any() and all() need one.`, {
        option: '$filter',
        position: path.position,
      });
    }
    return { source: jsonArraySource(this.dialect, this.document, property.collection), items: property.items };
  }
}
