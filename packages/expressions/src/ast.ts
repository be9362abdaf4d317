/**
 * The syntax tree of one template. Every node carries `start`/`end`: zero-based character
 * offsets into the whole template text (including the leading '@' or the surrounding text of
 * an interpolation), so errors can point at the exact place.
 */

export type ExpressionNode = LiteralNode | CallNode | AccessNode;

export interface LiteralNode {
  kind: 'literal';
  value: string | number | boolean | null;
  start: number;
  end: number;
}

export interface CallNode {
  kind: 'call';
  /** The function name as written (lookup is case-insensitive). */
  name: string;
  args: ExpressionNode[];
  start: number;
  end: number;
}

/** `.name`, `['name']`, `[expr]` and their null-safe `?` forms. */
export interface AccessNode {
  kind: 'access';
  target: ExpressionNode;
  /** For `.name` a string literal node; for `[…]` the bracketed expression. */
  key: ExpressionNode;
  /** True for `?.` / `?[`: a null target or a missing member yields null instead of an error. */
  nullSafe: boolean;
  /** True for the `.name` form. */
  dotted: boolean;
  start: number;
  end: number;
}

/** A string that holds no expression (after `@@` unescaping). */
export interface LiteralTemplate {
  kind: 'literal';
  value: string;
}

/** `@expr`: the whole string is one expression and yields its value, whatever its type. */
export interface ExpressionTemplate {
  kind: 'expression';
  expression: ExpressionNode;
}

/** Text with `@{expr}` holes: always yields a string. */
export interface InterpolationTemplate {
  kind: 'interpolation';
  /** Literal text segments and expressions, in order; adjacent strings are merged. */
  parts: Array<string | ExpressionNode>;
}

export type TemplateNode = LiteralTemplate | ExpressionTemplate | InterpolationTemplate;
