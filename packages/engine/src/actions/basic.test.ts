import { describe, expect, it } from 'vitest';
import { WorkflowError } from '../runtime/errors.ts';
import { runDefinition } from '../runtime/test-support.ts';
import { MemoryRunStore } from '../store/memory-run-store.ts';
import { WorkflowRuntime } from '../runtime/workflow-runtime.ts';

describe('Compose and workflow outputs', () => {
  it('evaluates inputs and workflow outputs from trigger and parameters', async () => {
    const { result, byName } = await runDefinition(
      {
        parameters: { greeting: { type: 'String', defaultValue: 'hello' }, count: { type: 'Int', defaultValue: 1 } },
        actions: { Say: { type: 'Compose', inputs: { text: "@{parameters('greeting')} @{triggerBody()?['name']}", n: "@parameters('count')" } } },
        outputs: { said: { type: 'Object', value: "@outputs('Say')" } },
      },
      { triggerBody: { name: 'Ada' }, parameters: { count: 3 } },
    );
    expect(byName.Say.outputs).toEqual({ text: 'hello Ada', n: 3 });
    expect(result.outputs).toEqual({ said: { text: 'hello Ada', n: 3 } });
  });

  it('refuses parameters of the wrong type, unknown ones and missing required ones', async () => {
    const definition = { parameters: { n: { type: 'Int' } }, actions: {} };
    await expect(runDefinition(definition, { parameters: { n: 'x' } })).rejects.toThrow(/\/parameters\/n: expected a value of type Int/);
    await expect(runDefinition(definition, { parameters: { n: 1, other: 2 } })).rejects.toThrow(/\/parameters\/other: not declared/);
    await expect(runDefinition(definition)).rejects.toBeInstanceOf(WorkflowError);
  });
});

describe('variables', () => {
  const run = (actions: Record<string, unknown>) =>
    runDefinition({
      actions: {
        Init: {
          type: 'InitializeVariable',
          inputs: { variables: [{ name: 's', type: 'String', value: 'a' }, { name: 'i', type: 'Integer', value: 1 }, { name: 'f', type: 'Float', value: 1.5 }, { name: 'arr', type: 'Array', value: [] }, { name: 'b', type: 'Boolean', value: false }, { name: 'o', type: 'Object', value: {} }] },
        },
        ...Object.fromEntries(Object.entries(actions).map(([k, v]) => [k, { runAfter: { Init: ['Succeeded'] }, ...(v as object) }])),
      },
      outputs: { vars: { type: 'Object', value: "@createArray(variables('s'), variables('i'), variables('f'), variables('arr'), variables('b'), variables('o'))" } },
    } as never);

  it('sets, increments, decrements and appends', async () => {
    const { result } = await run({
      Set: { type: 'SetVariable', inputs: { name: 'b', value: true } },
      Inc: { type: 'IncrementVariable', inputs: { name: 'i', value: 5 } },
      Dec: { type: 'DecrementVariable', inputs: { name: 'f', value: 0.5 } },
      App: { type: 'AppendToArrayVariable', inputs: { name: 'arr', value: { x: 1 } } },
      Str: { type: 'AppendToStringVariable', inputs: { name: 's', value: 'bc' } },
      Obj: { type: 'SetVariable', inputs: { name: 'o', value: { k: 'v' } } },
    });
    expect(result.outputs.vars).toEqual(['abc', 6, 1, [{ x: 1 }], true, { k: 'v' }]);
  });

  it('fails a value of the wrong type and an unknown variable, naming the field', async () => {
    const { byName } = await run({
      Bad: { type: 'SetVariable', inputs: { name: 'i', value: 'text' } },
      Missing: { type: 'SetVariable', inputs: { name: 'nope', value: 1 } },
      IncString: { type: 'IncrementVariable', inputs: { name: 's' } },
    });
    expect(byName.Bad.error?.code).toBe('InvalidVariableValue');
    expect(byName.Bad.error?.message).toMatch(/^inputs.value: expected an integer value, got string/);
    expect(byName.Missing.error?.message).toMatch(/'nope' is not initialized/);
    expect(byName.IncString.error?.code).toBe('InvalidVariableOperation');
  });

  it('refuses InitializeVariable inside a scope', async () => {
    const { byName } = await runDefinition({ actions: { S: { type: 'Scope', actions: { Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'x', type: 'String' }] } } } } } });
    expect(byName.Init.error?.code).toBe('InvalidActionPlacement');
  });
});

describe('Response', () => {
  it('hands the response to the caller through the run handle and the hook', async () => {
    const seen: unknown[] = [];
    const runtime = new WorkflowRuntime({ store: new MemoryRunStore(), onResponse: (_id, r) => seen.push(r) });
    const handle = await runtime.start({
      definition: { actions: { Answer: { type: 'Response', inputs: { statusCode: 201, headers: { 'x-a': 'b' }, body: { id: "@triggerBody()?['id']" } } }, Later: { type: 'Compose', inputs: 1, runAfter: { Answer: ['Succeeded'] } } } },
      triggerBody: { id: 7 },
    });
    expect(await handle.response).toEqual({ statusCode: 201, headers: { 'x-a': 'b' }, body: { id: 7 } });
    const result = await handle.done;
    expect(result.response?.statusCode).toBe(201);
    expect(seen).toHaveLength(1);
    expect((await runtime.history(result.runId)).run.response?.body).toEqual({ id: 7 });
  });

  it('resolves the response promise with undefined when the run has no Response', async () => {
    const runtime = new WorkflowRuntime({ store: new MemoryRunStore() });
    const handle = await runtime.start({ definition: { actions: {} } });
    await handle.done;
    expect(await handle.response).toBeUndefined();
  });
});

describe('data operations', () => {
  it('runs ParseJson, Query, Select, Join and Table with item() bound per item', async () => {
    const { byName } = await runDefinition(
      {
        actions: {
          Parse: { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { type: 'array', items: { type: 'object' } } } },
          High: { type: 'Query', inputs: { from: "@body('Parse')", where: "@equals(item()?['sev'], 'High')" }, runAfter: { Parse: ['Succeeded'] } },
          Names: { type: 'Select', inputs: { from: "@body('High')", select: { name: "@item()?['name']" } }, runAfter: { High: ['Succeeded'] } },
          Joined: { type: 'Join', inputs: { from: "@createArray('a', 'b')", joinWith: ';' } },
          Csv: { type: 'Table', inputs: { from: "@body('Parse')", format: 'CSV', columns: [{ header: 'N', value: "@item()?['name']" }] }, runAfter: { Parse: ['Succeeded'] } },
        },
      },
      { triggerBody: JSON.stringify([{ name: 'x', sev: 'High' }, { name: 'y', sev: 'Low' }]) },
    );
    expect(byName.High.outputs).toEqual({ body: [{ name: 'x', sev: 'High' }] });
    expect(byName.Names.outputs).toEqual({ body: [{ name: 'x' }] });
    expect(byName.Joined.outputs).toEqual({ body: 'a;b' });
    expect(byName.Csv.outputs).toEqual({ body: 'N\r\nx\r\ny\r\n' });
  });

  it('fails ParseJson when the content does not match the schema', async () => {
    const { byName } = await runDefinition({ actions: { Parse: { type: 'ParseJson', inputs: { content: '{"a":1}', schema: { type: 'object', properties: { a: { type: 'string' } } } } } } });
    expect(byName.Parse.status).toBe('Failed');
  });
});

describe('staticResults', () => {
  it('returns the configured result instead of running the action', async () => {
    const { byName, result } = await runDefinition({
      staticResults: { Http0: { status: 'Succeeded', outputs: { statusCode: 200, body: { mocked: true } } }, Http1: { status: 'Failed', outputs: { statusCode: 500 } } },
      actions: {
        Call: { type: 'Http', inputs: { method: 'GET', uri: 'http://127.0.0.1:1/never' }, runtimeConfiguration: { staticResult: { name: 'Http0', staticResultOptions: 'Enabled' } } },
        Use: { type: 'Compose', inputs: "@body('Call')?['mocked']", runAfter: { Call: ['Succeeded'] } },
        Down: { type: 'Http', inputs: { method: 'GET', uri: 'http://127.0.0.1:1/never' }, runtimeConfiguration: { staticResult: { name: 'Http1', staticResultOptions: 'Enabled' } } },
        Handled: { type: 'Compose', inputs: 1, runAfter: { Down: ['Failed'] } },
      },
    });
    expect(byName.Use.outputs).toBe(true);
    expect(byName.Down.status).toBe('Failed');
    expect(result.status).toBe('Succeeded');
  });

  it('runs the real action when the static result is Disabled', async () => {
    const { byName } = await runDefinition({
      staticResults: { C: { status: 'Succeeded', outputs: 'mock' } },
      actions: { Real: { type: 'Compose', inputs: 'real', runtimeConfiguration: { staticResult: { name: 'C', staticResultOptions: 'Disabled' } } } },
    });
    expect(byName.Real.outputs).toBe('real');
  });
});

describe('secureData and trackedProperties', () => {
  it('never journals secured inputs/outputs in clear, while later actions still read them', async () => {
    const store = new MemoryRunStore();
    const { byName, result } = await runDefinition(
      {
        actions: {
          Secret: { type: 'Compose', inputs: "@triggerBody()?['password']", runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } } },
          Length: { type: 'Compose', inputs: "@length(outputs('Secret'))", runAfter: { Secret: ['Succeeded'] } },
        },
      },
      { triggerBody: { password: 'hunter2' } },
      { store },
    );
    expect(byName.Secret.inputs).toEqual({ $redacted: true });
    expect(byName.Secret.outputs).toEqual({ $redacted: true });
    expect(byName.Length.outputs).toBe(7);
    const journal = JSON.stringify(await store.listActions(result.runId));
    expect(journal).not.toContain('hunter2');
  });

  it('shows SecureString parameters redacted in history', async () => {
    const { runtime, result } = await runDefinition({ parameters: { token: { type: 'SecureString' }, plain: { type: 'String' } }, actions: { Len: { type: 'Compose', inputs: "@length(parameters('token'))" } } }, { parameters: { token: 's3cret', plain: 'p' } });
    const { run, actions } = await runtime.history(result.runId);
    expect(run.parameters).toEqual({ token: { $redacted: true }, plain: 'p' });
    expect(actions[0].outputs).toBe(6);
  });

  it('evaluates and records tracked properties', async () => {
    const { byName } = await runDefinition({
      actions: { Tag: { type: 'Compose', inputs: { id: 42 }, trackedProperties: { incident: "@action()?['outputs']?['id']", fixed: 'x' } } },
    });
    expect(byName.Tag.trackedProperties).toEqual({ incident: 42, fixed: 'x' });
  });
});
