import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../connectors/registry.ts';
import { testConnector } from '../connectors/test-connector.ts';
import { isNotRunnableHere } from './problem.ts';
import { validateDefinition } from './validate.ts';

const trigger = { manual: { type: 'Request', kind: 'Http', inputs: {} } };
const def = (actions: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ triggers: trigger, actions, ...extra });
const compose = (inputs: unknown = 'x', runAfter: Record<string, string[]> = {}) => ({ type: 'Compose', inputs, runAfter });
const codes = (definition: unknown, options = {}) => validateDefinition(definition, options).map((p) => `${p.code} ${p.pointer}`);

describe('validateDefinition', () => {
  it('accepts a small valid definition with types in any case', () => {
    expect(validateDefinition(def({ A: { type: 'compose', inputs: '@triggerBody()' }, B: compose('@outputs(\'A\')', { A: ['succeeded'] }) }))).toEqual([]);
  });

  it('reports structure: non-object sections, an action without a type', () => {
    expect(codes({ triggers: [], actions: { A: { inputs: 1 } } })).toEqual(['Structure /triggers', 'Structure /actions/A']);
  });

  it('separates unknown types from known types we cannot run', () => {
    const problems = validateDefinition(def({ A: { type: 'Frobnicate' }, B: { type: 'JavaScriptCode', inputs: { code: 'return 1;' } } }));
    expect(problems).toEqual([
      { pointer: '/actions/A/type', code: 'UnknownActionType', message: "unknown action type 'Frobnicate'" },
      { pointer: '/actions/B/type', code: 'ActionTypeNotAvailable', message: 'action type not available: JavaScriptCode' },
    ]);
    expect(problems.map(isNotRunnableHere)).toEqual([false, true]);
    expect(codes({ triggers: { t: { type: 'Teleport' } } })).toEqual(['UnknownTriggerType /triggers/t/type']);
  });

  it('runAfter must name a sibling (not an action at another level)', () => {
    const definition = def({
      Outer: { type: 'Scope', actions: { Inner: compose() } },
      After: compose('x', { Inner: ['Succeeded'], Nope: ['Succeeded'] }),
    });
    expect(codes(definition)).toEqual(['RunAfterMissingAction /actions/After/runAfter/Inner', 'RunAfterMissingAction /actions/After/runAfter/Nope']);
  });

  it('runAfter names inherited from Object.prototype are not actions', () => {
    expect(codes(def({ A: compose('x', { toString: ['Succeeded'] }) }))).toEqual(['RunAfterMissingAction /actions/A/runAfter/toString']);
  });

  it('runAfter statuses are Succeeded/Failed/Skipped/TimedOut in any case', () => {
    const definition = def({ A: compose(), B: compose('x', { A: ['FAILED', 'timedout', 'Done'] }) });
    const problems = validateDefinition(definition);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ pointer: '/actions/B/runAfter/A/2', code: 'RunAfterStatus' });
  });

  it('finds runAfter cycles', () => {
    const definition = def({ A: compose('x', { C: ['Succeeded'] }), B: compose('x', { A: ['Succeeded'] }), C: compose('x', { B: ['Succeeded'] }) });
    const problems = validateDefinition(definition);
    expect(problems.map((p) => p.code)).toEqual(['RunAfterCycle']);
    expect(problems[0]!.message).toBe('runAfter cycle: A → C → B → A');
  });

  it('action names must be unique across nesting levels', () => {
    const definition = def({ Same: compose(), Loop: { type: 'Foreach', foreach: '@triggerBody()', actions: { same: compose() } } });
    expect(codes(definition)).toEqual(['DuplicateActionName /actions/Loop/actions/same']);
  });

  it('reports bad expression syntax wherever an expression appears', () => {
    const definition = def({
      A: compose({ text: "prefix @{concat('a', }" }),
      Loop: { type: 'Foreach', foreach: "@body('A'", actions: {} },
      Ok: compose('@@not an expression'),
    });
    const problems = validateDefinition(definition);
    expect(problems.map((p) => `${p.code} ${p.pointer}`)).toEqual(['ExpressionSyntax /actions/A/inputs/text', 'ExpressionSyntax /actions/Loop/foreach']);
  });

  it('enforces the documented limits', () => {
    let nested: Record<string, unknown> = { Leaf: compose() };
    for (let i = 8; i >= 1; i--) nested = { [`Level${i}`]: { type: 'Scope', actions: nested } };
    const definition = def({
      ...nested,
      Loop: { type: 'Foreach', foreach: '@createArray(1)', actions: {}, runtimeConfiguration: { concurrency: { repetitions: 51 } } },
      Again: { type: 'Until', expression: '@true', limit: { count: 5001 }, actions: {} },
      Long: compose(`@concat('${'x'.repeat(8200)}')`),
    });
    expect(codes(definition)).toEqual([
      'Limit /actions/Level1/actions/Level2/actions/Level3/actions/Level4/actions/Level5/actions/Level6/actions/Level7/actions/Level8/actions/Leaf',
      'Limit /actions/Loop/runtimeConfiguration/concurrency/repetitions',
      'Limit /actions/Again/limit/count',
      'Limit /actions/Long/inputs',
    ]);
  });

  it('limits are configurable', () => {
    const definition = def({ Loop: { type: 'Foreach', foreach: '@createArray(1)', actions: {}, runtimeConfiguration: { concurrency: { repetitions: 51 } } } });
    expect(validateDefinition(definition, { limits: { maxForeachRepetitions: 100 } })).toEqual([]);
  });

  it('checks If predicate trees and accepts expression strings', () => {
    const good = { type: 'If', expression: { and: [{ equals: ["@triggerBody()?['severity']", 'High'] }] }, actions: {} };
    const bad = { type: 'If', expression: { and: [{ matches: ['a', 'b'] }] }, actions: {} };
    expect(validateDefinition(def({ Good: good, Str: { type: 'If', expression: "@equals(1, 1)" } }))).toEqual([]);
    expect(codes(def({ Bad: bad }))).toEqual(['Predicate /actions/Bad/expression/and/0/matches']);
    expect(codes(def({ Plain: { type: 'If', expression: 'true-ish' } }))).toEqual(['Predicate /actions/Plain/expression']);
  });

  it('checks Until predicate trees too', () => {
    const until = { type: 'Until', expression: { lessOrEquals: ['@triggerBody()'] }, limit: { count: 10 }, actions: {} };
    expect(codes(def({ Loop: until }))).toEqual(['Predicate /actions/Loop/expression/lessOrEquals']);
  });

  it('reports an expression function this installation lacks as not runnable here', () => {
    const problems = validateDefinition(def({ A: compose("@teleport('x')") }));
    expect(problems).toEqual([{ pointer: '/actions/A/inputs', code: 'FunctionNotAvailable', message: 'expression function not available: teleport' }]);
    expect(isNotRunnableHere(problems[0]!)).toBe(true);
  });

  it('expressions must refer to actions, loops and variables that exist (names in any case)', () => {
    const definition = def({
      Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'Count', type: 'integer', value: 0 }] } },
      For_each: { type: 'Foreach', foreach: "@body('init')", actions: { Use: compose("@items('for_each')") } },
      Bad: compose({ a: "@body('Ghost')", b: "@{items('Nope')}", c: "@variables('Missing')", d: "@variables('count')" }),
      Set: { type: 'SetVariable', inputs: { name: 'Other', value: 1 } },
    });
    expect(validateDefinition(definition).map((p) => `${p.code} ${p.pointer} ${p.message}`)).toEqual([
      "UnknownVariable /actions/Set/inputs/name variable 'Other' is not initialized by any InitializeVariable action",
      "UnknownActionReference /actions/Bad/inputs/a body('Ghost') refers to an action that does not exist",
      "UnknownActionReference /actions/Bad/inputs/b items('Nope') refers to a Foreach/Until loop that does not exist",
      "UnknownVariable /actions/Bad/inputs/c variables('Missing') is not initialized by any InitializeVariable action",
    ]);
  });

  it('InitializeVariable must be at the top level', () => {
    const definition = def({ S: { type: 'Scope', actions: { Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'v', type: 'string' }] } } } } });
    expect(codes(definition)).toEqual(['Structure /actions/S/actions/Init/type']);
  });

  it('checks Recurrence schedules and Terminate statuses', () => {
    const definition = {
      triggers: { Every: { type: 'Recurrence', recurrence: { frequency: 'Fortnight', interval: 0 } } },
      actions: { Stop: { type: 'Terminate', inputs: { runStatus: 'Exploded' } }, Fine: { type: 'Terminate', inputs: { runStatus: 'failed' } } },
    };
    expect(codes(definition)).toEqual(['Structure /triggers/Every/recurrence/frequency', 'Structure /triggers/Every/recurrence/interval', 'Structure /actions/Stop/inputs/runStatus']);
    expect(validateDefinition({ triggers: { Every: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: '2' } } } })).toEqual([]);
  });

  it('checks Until timeouts, Wait intervals and retry policies with the runtime rules', () => {
    const definition = def({
      Loop: { type: 'Until', expression: '@true', limit: { count: 5, timeout: 'one hour' }, actions: {} },
      Pause: { type: 'Wait', inputs: { interval: { count: -1, unit: 'Fortnight' } } },
      Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://example.test', retryPolicy: { type: 'fixed', count: 500, interval: 'PT10S' } } },
      Fine: { type: 'Wait', inputs: { until: { timestamp: '2030-01-01T00:00:00Z' } } },
    });
    expect(codes(definition)).toEqual([
      'Structure /actions/Call/inputs/retryPolicy/count',
      'Structure /actions/Loop/limit/timeout',
      'Structure /actions/Pause/inputs/interval/count',
      'Structure /actions/Pause/inputs/interval/unit',
    ]);
  });

  it('Switch case values must be unique', () => {
    const sw = { type: 'Switch', expression: '@triggerBody()', cases: { One: { case: 'High', actions: {} }, Two: { case: 'High', actions: {} } } };
    expect(codes(def({ Sw: sw }))).toEqual(['SwitchCase /actions/Sw/cases/Two/case']);
  });

  it('parameters() must name a declared parameter', () => {
    const definition = def({ A: compose("@parameters('Missing')"), B: compose("@parameters('Known')") }, { parameters: { Known: { type: 'String' } } });
    expect(codes(definition)).toEqual(['UndeclaredParameter /actions/A/inputs']);
    expect(validateDefinition(definition, { checkParameterDeclarations: false })).toEqual([]);
  });

  it('reports connector operations the registry lacks, in the documented format', () => {
    const registry = new ConnectorRegistry().register(testConnector);
    const host = (name: string) => ({ connection: { name: `@parameters('$connections')['${name}']['connectionId']` } });
    const definition = def(
      {
        Echo: { type: 'ApiConnection', inputs: { host: host('test'), method: 'post', path: '/echo' } },
        Item: { type: 'ApiConnection', inputs: { host: host('test'), method: 'get', path: "/items/@{encodeURIComponent(triggerBody()?['id'])}" } },
        Comment: { type: 'ApiConnection', inputs: { host: host('azuresentinel'), method: 'post', path: '/Incidents/Comment' } },
      },
      { parameters: { $connections: { type: 'Object', defaultValue: {} } } },
    );
    const connections = [
      { name: 'test', api: 'riposte-test' },
      { name: 'azuresentinel', api: 'azuresentinel' },
    ];
    expect(validateDefinition(definition, { connectors: registry, connections })).toEqual([
      { pointer: '/actions/Comment', code: 'ConnectorNotAvailable', message: 'connector not available: azuresentinel post /Incidents/Comment' },
    ]);
  });

  it('reports a connection name built at run time as not statically resolvable', () => {
    const definition = def(
      { Send: { type: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')[concat('sb_', rand(1,3))]['connectionId']" } }, method: 'post', path: '/x' } } },
      { parameters: { $connections: { type: 'Object' } } },
    );
    expect(codes(definition, { connectors: new ConnectorRegistry() })).toEqual(['ConnectionNotStatic /actions/Send/inputs/host/connection/name']);
  });

  it('prefixes pointers with where the definition sits in its file', () => {
    expect(codes(def({ A: { type: 'Nope' } }), { pointer: '/resources/1/properties/definition' })).toEqual([
      'UnknownActionType /resources/1/properties/definition/actions/A/type',
    ]);
  });

  it('escapes "/" and "~" in action names inside pointers', () => {
    expect(codes(def({ 'a/b~c': { type: 'Nope' } }))).toEqual(['UnknownActionType /actions/a~1b~0c/type']);
  });
});
