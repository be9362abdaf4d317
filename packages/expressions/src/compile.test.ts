import { describe, expect, it } from 'vitest';
import { compile, compileValue, evaluate, isExpression } from './compile.ts';
import { ExpressionError } from './errors.ts';
import { FunctionRegistry } from './functions/registry.ts';
import { registerLogicalFunctions } from './functions/logical.ts';
import { registerWorkflowFunctions } from './functions/workflow.ts';
import { fakeWorkflow, fixedHost } from './testing/fake-workflow.ts';

/** A registry independent of the other families, plus a few probes. */
function testRegistry(): FunctionRegistry {
  const registry = new FunctionRegistry();
  registerLogicalFunctions(registry);
  registerWorkflowFunctions(registry);
  registry.register({ name: 'createArray', minArgs: 0, maxArgs: Infinity, pure: true, fn: (args) => args });
  registry.register({ name: 'guid', minArgs: 0, maxArgs: 0, fn: (_args, ctx) => ctx.host.guid() });
  registry.register({ name: 'nothing', minArgs: 0, maxArgs: 0, fn: () => undefined });
  registry.register({ name: 'obj', minArgs: 0, maxArgs: 0, pure: true, fn: () => ({ a: { b: [10, 20] }, Name: 'n', nil: null }) });
  registry.register({
    name: 'firstOk',
    minArgs: 1,
    maxArgs: Infinity,
    lazy: true,
    fn: (thunks) => {
      for (const thunk of thunks as Array<() => unknown>) {
        try {
          return thunk();
        } catch {
          // try the next one
        }
      }
      return null;
    },
  });
  registry.register({ name: 'boom', minArgs: 0, maxArgs: 0, fn: () => { throw new RangeError('exploded'); } });
  return registry;
}

const registry = testRegistry();
const body = {
  object: { properties: { severity: 'High', title: 'Bad sign-in', incidentNumber: 7, labels: [] } },
  list: [1, 2, 3],
  nested: { 'odd key': true, 'with/slash': 'direct' },
};
const ctx = {
  host: fixedHost,
  workflow: fakeWorkflow({
    trigger: { name: 'When_incident', status: 'Succeeded', outputs: { headers: {}, body } },
    variables: { index: 1, key: 'severity' },
  }),
};
const run = (text: string) => compile(text, { registry }).evaluate(ctx);

function errorOf(text: string): ExpressionError {
  try {
    run(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`${text} evaluated`);
}

describe('values', () => {
  it('returns a whole expression with its own type', () => {
    expect(run('@42')).toBe(42);
    expect(run('@true')).toBe(true);
    expect(run('@null')).toBeNull();
    expect(run('@createArray(1, \'a\')')).toEqual([1, 'a']);
    expect(run('@nothing()')).toBeNull();
  });

  it('always yields a string from interpolation, JSON for objects and .NET spelling for booleans', () => {
    expect(run('@{42}')).toBe('42');
    expect(run('n=@{null}.')).toBe('n=.');
    expect(run('@{true} @{false}')).toBe('True False');
    expect(run("x @{createArray(1, 'a', true)}")).toBe('x [1,"a",true]');
    expect(run("p: @{triggerBody()?['object']?['properties']?['labels']}")).toBe('p: []');
  });

  it('leaves text without @ unchanged and unescapes @@', () => {
    expect(run('plain text')).toBe('plain text');
    expect(run('@@mention')).toBe('@mention');
    expect(run("cost: @@{x} and @{'y'}")).toBe('cost: @{x} and y');
  });
});

describe('member access', () => {
  it('walks dotted and bracketed paths', () => {
    expect(run("@triggerBody()?['object']?['properties']?['severity']")).toBe('High');
    expect(run('@triggerBody().object.properties.incidentNumber')).toBe(7);
    expect(run("@triggerBody()['list'][2]")).toBe(3);
    expect(run("@triggerBody()['list'][variables('index')]")).toBe(2);
    expect(run("@triggerBody().object.properties[variables('key')]")).toBe('High');
    expect(run("@triggerBody()['nested']['odd key']")).toBe(true);
  });

  it('matches property names case-insensitively when there is no exact match', () => {
    expect(run("@triggerBody()?['OBJECT']?['Properties']?['Severity']")).toBe('High');
    expect(run('@obj().name')).toBe('n');
  });

  it("reads a key with '/' as a path when no property has that exact name", () => {
    expect(run("@triggerOutputs()?['body/object/properties/severity']")).toBe('High');
    expect(run("@triggerBody()?['nested']?['with/slash']")).toBe('direct');
  });

  it('errors on a missing property without ? and yields null with ?', () => {
    const error = errorOf('@triggerBody().missing');
    expect(error.code).toBe('MissingProperty');
    expect(error.message).toContain("'missing'");
    expect(error.message).toContain("'object'");
    expect(run('@triggerBody()?.missing')).toBeNull();
    expect(run("@triggerBody()?['missing']?['deeper']")).toBeNull();
  });

  it('errors on member access of null without ?, naming the property', () => {
    const error = errorOf('@obj().nil.inner');
    expect(error.code).toBe('NullReference');
    expect(error.message).toContain("'inner'");
    expect(error.position).toBe(11);
    expect(run('@obj().nil?.inner')).toBeNull();
    expect(run('@obj()?.nil?.inner?.more')).toBeNull();
  });

  it('errors on an index out of range without ? and yields null with ?', () => {
    expect(errorOf("@triggerBody()['list'][3]")).toMatchObject({ code: 'IndexOutOfRange', position: 23 });
    expect(errorOf("@triggerBody()['list'][-1]").code).toBe('IndexOutOfRange');
    expect(run("@triggerBody()['list']?[3]")).toBeNull();
  });

  it('rejects member selection on a string and a non-integer index', () => {
    expect(errorOf("@'abc'.length").code).toBe('InvalidArgument');
    expect(errorOf("@triggerBody()['list'][1.5]").code).toBe('InvalidArgument');
    expect(errorOf("@triggerBody()['list']['x']").code).toBe('InvalidArgument');
  });

  it('never exposes JavaScript prototype members as properties', () => {
    expect(run('@obj()?.constructor')).toBeNull();
    expect(run("@obj()?['__proto__']")).toBeNull();
    expect(run("@obj()?['toString']")).toBeNull();
    expect(errorOf('@obj().hasOwnProperty').code).toBe('MissingProperty');
  });
});

describe('calls', () => {
  it('resolves function names case-insensitively', () => {
    expect(run('@EQUALS(1, 1)')).toBe(true);
  });

  it('rejects unknown functions and wrong argument counts at compile time with positions', () => {
    const compileError = (text: string) => {
      try {
        compile(text, { registry });
      } catch (error) {
        return error as ExpressionError;
      }
      throw new Error(`${text} compiled`);
    };
    expect(compileError('@equals(1, nope(1))')).toMatchObject({ code: 'UnknownFunction', position: 11 });
    const arity = compileError('text @{equals(1)}');
    expect(arity).toMatchObject({ code: 'ArgumentCount', position: 7 });
    expect(arity.message).toContain('exactly 2');
    expect(compileError('@and()').message).toContain('at least 1');
  });

  it('gives a function error the position of its call', () => {
    const error = errorOf("@equals(1, not('x'))");
    expect(error).toMatchObject({ code: 'InvalidArgument', position: 11 });
    expect(error.message).toContain("'not' expects its first argument to be a boolean");
    expect(error.message).toContain("'String'");
  });

  it('reports a failure outside any function (e.g. a cyclic value) as an ExpressionError', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const workflow = { ...ctx.workflow, variable: () => cyclic };
    const template = compile("x @{variables('v')}", { registry });
    expect(() => template.evaluate({ host: fixedHost, workflow })).toThrow(ExpressionError);
  });

  it('serializes errors as plain data', () => {
    expect(JSON.parse(JSON.stringify(errorOf('@obj().nil.inner')))).toEqual({
      code: 'NullReference',
      message: expect.stringContaining("'inner'"),
      position: 11,
    });
  });

  it('hands a lazy function thunks so it decides what to evaluate', () => {
    expect(run("@firstOk(obj().nil.x, 'fallback', boom())")).toBe('fallback');
  });

  it('wraps an untyped failure inside a function into an ExpressionError', () => {
    expect(errorOf('@boom()')).toMatchObject({ code: 'InvalidArgument', position: 1 });
  });

  it('reads the host for non-deterministic functions on every evaluation', () => {
    let n = 0;
    const host = { ...fixedHost, guid: () => `g${++n}` };
    const template = compile('@guid()', { registry });
    expect(template.evaluate({ host })).toBe('g1');
    expect(template.evaluate({ host })).toBe('g2');
  });

  it('folds pure calls with literal arguments into constants', () => {
    expect(compile("@if(equals(1, 1.0), 'yes', 'no')", { registry }).constant).toBe(true);
    expect(compile('@guid()', { registry }).constant).toBe(false);
    // Arrays are not folded: a shared array could be mutated by a consumer.
    expect(compile('@createArray(1)', { registry }).constant).toBe(false);
  });
});

describe('compile cache', () => {
  it('returns the same compiled template for the same text', () => {
    expect(compile('@equals(1, 2)', { registry })).toBe(compile('@equals(1, 2)', { registry }));
    expect(compile('@equals(1, 2)', { registry })).not.toBe(compile('@equals(1, 2)', { registry, maxExpressionLength: 100 }));
  });

  it('does not cache failures', () => {
    expect(() => compile('@oops(', { registry })).toThrow();
    expect(() => compile('@oops(', { registry })).toThrow();
  });
});

describe('isExpression and evaluate', () => {
  it('says which strings need compiling', () => {
    expect(isExpression('@x()')).toBe(true);
    expect(isExpression('a @{b}')).toBe(true);
    expect(isExpression('a@b.com')).toBe(false);
    expect(isExpression('')).toBe(false);
  });

  it('evaluates in one call', () => {
    expect(evaluate("@variables('key')", ctx, { registry })).toBe('severity');
  });
});

describe('compileValue', () => {
  it('evaluates expressions in keys, values and arrays', () => {
    const inputs = {
      method: 'POST',
      uri: "https://example.test/@{triggerBody()?['object']?['properties']?['incidentNumber']}",
      body: { severity: "@triggerBody()?['object']?['properties']?['severity']", tags: ['fixed', '@variables(\'index\')'] },
      "@{variables('key')}": 'dynamic key',
      escaped: '@@literal',
      count: 3,
    };
    const compiled = compileValue(inputs, { registry });
    expect(compiled.constant).toBe(false);
    expect(compiled.evaluate(ctx)).toEqual({
      method: 'POST',
      uri: 'https://example.test/7',
      body: { severity: 'High', tags: ['fixed', 1] },
      severity: 'dynamic key',
      escaped: '@literal',
      count: 3,
    });
  });

  it('returns the value itself when it holds no expression', () => {
    const value = { a: ['x', { b: 'mail a@b.com' }], n: 1 };
    const compiled = compileValue(value, { registry });
    expect(compiled.constant).toBe(true);
    expect(compiled.evaluate(ctx)).toBe(value);
  });

  it('shares sub-trees without expressions', () => {
    const fixed = { deep: ['unchanged'] };
    const result = compileValue({ fixed, v: "@variables('index')" }, { registry }).evaluate(ctx) as Record<string, unknown>;
    expect(result['fixed']).toBe(fixed);
  });

  it('names the JSON pointer of a bad template', () => {
    try {
      compileValue({ body: { items: ['ok', '@equals(1'] } }, { registry });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'InvalidTemplate', pointer: '/body/items/1' });
      expect((error as Error).message).toMatch(/^At \/body\/items\/1: /);
    }
  });

  it("keeps a '__proto__' key as data", () => {
    const result = compileValue(JSON.parse('{"__proto__": {"x": 1}, "v": "@true"}'), { registry }).evaluate(ctx) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['__proto__', 'v']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
});
