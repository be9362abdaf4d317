import { describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';
import type { ExpressionError } from '../errors.ts';
import { fakeWorkflow, fixedHost, type FakeRun } from '../testing/fake-workflow.ts';
import { FunctionRegistry } from './registry.ts';
import { registerWorkflowFunctions } from './workflow.ts';

const registry = new FunctionRegistry();
registerWorkflowFunctions(registry);

const multipart = {
  headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
  body: {
    '$content-type': 'multipart/form-data; boundary=x',
    $multipart: [
      { headers: { 'Content-Disposition': 'form-data; name="user"' }, body: { '$content-type': 'text/plain', '$content': Buffer.from('alice').toString('base64') } },
      { headers: { 'content-disposition': 'form-data; name="tag"' }, body: 'a' },
      { headers: { 'Content-Disposition': 'form-data; name="tag"' }, body: 'b' },
    ],
  },
};

const run: FakeRun = {
  trigger: { name: 'manual', status: 'Succeeded', outputs: { headers: { 'x-id': '1' }, body: { incident: 42 } } },
  actions: {
    Get_user: { name: 'Get_user', status: 'Succeeded', outputs: { statusCode: 200, body: { name: 'Alice' } } },
    Form: { name: 'Form', status: 'Succeeded', outputs: multipart },
    Encoded: {
      name: 'Encoded',
      status: 'Succeeded',
      outputs: { body: { '$content-type': 'application/x-www-form-urlencoded', '$content': Buffer.from('a=1&b=2&b=3').toString('base64'), '$formdata': [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'b', value: '3' }] } },
    },
    No_outputs: { name: 'No_outputs', status: 'Skipped' },
  },
  current: { name: 'Http', status: 'Running', outputs: { body: { id: 'sub-1' } } },
  variables: { counter: 3, empty: null },
  parameters: { tenant: 'contoso' },
  items: { For_each: { ip: '10.0.0.1' }, Outer: 'outer-item' },
  indexes: { Until: 2 },
  scopes: { Scope: [{ name: 'Inner', status: 'Failed', error: { code: 'BadRequest', message: 'no' } }] },
  workflow: { name: 'playbook', run: { name: 'run-1' } },
  callbackUrl: 'https://riposte.local/hooks/1',
  appSettings: { 'Enricher.RetailApiUrl': 'https://retail.test' },
  agentParameters: { InvalidOrderIds: ['o-1'] },
};
const ctx = { host: fixedHost, workflow: fakeWorkflow(run) };
const evaluate = (text: string) => compile(text, { registry }).evaluate(ctx);
const errorOf = (text: string, context = ctx) => {
  try {
    compile(text, { registry }).evaluate(context);
  } catch (error) {
    return error as ExpressionError;
  }
  throw new Error(`${text} evaluated`);
};

describe('trigger functions', () => {
  it('reads the trigger record, outputs and body', () => {
    expect(evaluate('@trigger().name')).toBe('manual');
    expect(evaluate("@triggerOutputs()['headers']['x-id']")).toBe('1');
    expect(evaluate('@triggerBody().incident')).toBe(42);
  });
});

describe('action functions', () => {
  it('reads an action record, its outputs and body through every alias', () => {
    expect(evaluate("@actions('Get_user').status")).toBe('Succeeded');
    expect(evaluate("@outputs('Get_user').statusCode")).toBe(200);
    expect(evaluate("@actionOutputs('Get_user').statusCode")).toBe(200);
    expect(evaluate("@body('Get_user').name")).toBe('Alice');
    expect(evaluate("@actionBody('Get_user').name")).toBe('Alice');
    expect(evaluate("@body('No_outputs')")).toBeNull();
    expect(evaluate("@action().outputs.body.id")).toBe('sub-1');
  });

  it('names an unknown action', () => {
    const error = errorOf("@body('Missing')");
    expect(error.code).toBe('WorkflowReference');
    expect(error.message).toContain("'Missing'");
  });

  it('checks the type of the action name', () => {
    expect(errorOf('@body(1)').code).toBe('InvalidArgument');
  });
});

describe('form data and multipart', () => {
  it('reads single and repeated form fields from multipart and url-encoded outputs', () => {
    expect(evaluate("@formDataValue('Form', 'user')")).toBe('alice');
    expect(evaluate("@formDataMultiValues('Form', 'tag')")).toEqual(['a', 'b']);
    expect(evaluate("@formDataValue('Encoded', 'a')")).toBe('1');
    expect(evaluate("@formDataMultiValues('Encoded', 'b')")).toEqual(['2', '3']);
    expect(evaluate("@formDataValue('Encoded', 'zzz')")).toBeNull();
    expect(errorOf("@formDataValue('Form', 'tag')").code).toBe('InvalidArgument');
  });

  it('reads a multipart part body by index', () => {
    expect(evaluate("@multipartBody('Form', 1)")).toBe('a');
    expect(errorOf("@multipartBody('Form', 9)").code).toBe('IndexOutOfRange');
    expect(errorOf("@multipartBody('Get_user', 0)").code).toBe('InvalidArgument');
  });

  it('reads the trigger form', () => {
    const trigger = { name: 'manual', status: 'Succeeded', outputs: multipart };
    const withForm = { host: fixedHost, workflow: fakeWorkflow({ ...run, trigger }) };
    const at = (text: string) => compile(text, { registry }).evaluate(withForm);
    expect(at("@triggerFormDataValue('user')")).toBe('alice');
    expect(at("@triggerFormDataMultiValues('tag')")).toEqual(['a', 'b']);
    expect(at('@triggerMultipartBody(2)')).toBe('b');
  });
});

describe('loops, variables, parameters, workflow', () => {
  it('reads loop items and indexes', () => {
    expect(evaluate('@item().ip')).toBe('10.0.0.1');
    expect(evaluate("@items('Outer')")).toBe('outer-item');
    expect(evaluate("@iterationIndexes('Until')")).toBe(2);
    expect(errorOf("@items('Nope')").code).toBe('WorkflowReference');
    expect(errorOf("@iterationIndexes('Nope')").code).toBe('WorkflowReference');
  });

  it('reads variables (null is a value, uninitialised is an error) and parameters', () => {
    expect(evaluate("@variables('counter')")).toBe(3);
    expect(evaluate("@variables('empty')")).toBeNull();
    expect(errorOf("@variables('nope')").message).toContain("'nope'");
    expect(evaluate("@parameters('tenant')")).toBe('contoso');
    expect(errorOf("@parameters('nope')").code).toBe('WorkflowReference');
  });

  it('reads scope results, the workflow object and the callback URL', () => {
    expect(evaluate("@result('Scope')[0].error.code")).toBe('BadRequest');
    expect(errorOf("@result('Nope')").code).toBe('WorkflowReference');
    expect(evaluate('@workflow().run.name')).toBe('run-1');
    expect(evaluate('@listCallbackUrl()')).toBe('https://riposte.local/hooks/1');
  });

  it('fails with WorkflowReference when there is no running workflow', () => {
    const error = errorOf('@triggerBody()', { host: fixedHost, workflow: undefined as never });
    expect(error.code).toBe('WorkflowReference');
    expect(error.message).toContain("'triggerBody'");
  });

  it('reads Standard app settings and agent tool parameters', () => {
    expect(evaluate("@appsetting('Enricher.RetailApiUrl')")).toBe('https://retail.test');
    expect(errorOf("@appSetting('Nope')").code).toBe('WorkflowReference');
    expect(evaluate("@agentParameters('InvalidOrderIds')")).toEqual(['o-1']);
    expect(errorOf("@agentParameters('Nope')").code).toBe('WorkflowReference');
  });
});
