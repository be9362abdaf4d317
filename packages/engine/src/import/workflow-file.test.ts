import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../connectors/registry.ts';
import { testConnector } from '../connectors/test-connector.ts';
import { importWorkflowJson, importWorkflowText, loadWorkflowFile } from './workflow-file.ts';

const definition = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  parameters: { $connections: { type: 'Object', defaultValue: {} }, Greeting: { type: 'String', defaultValue: 'hi' } },
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: {} } },
  actions: {
    Echo: {
      type: 'ApiConnection',
      inputs: { host: { connection: { name: "@parameters('$connections')['riposte-test']['connectionId']" } }, method: 'post', path: '/echo', body: "@parameters('Greeting')" },
    },
  },
};

const armTemplate = (workflows: number) => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  parameters: { PlaybookName: { type: 'string', defaultValue: 'Echo-Playbook' }, Greeting: { type: 'string' } },
  variables: { ConnectionName: "[concat('riposte-test-', parameters('PlaybookName'))]" },
  resources: [
    { type: 'Microsoft.Web/connections', name: "[variables('ConnectionName')]", properties: {} },
    ...Array.from({ length: workflows }, (_, i) => ({
      type: 'microsoft.logic/WORKFLOWS',
      name: `[concat(parameters('PlaybookName'), '-${i}')]`,
      properties: {
        definition,
        parameters: {
          Greeting: { value: "[parameters('Greeting')]" },
          $connections: {
            value: {
              'riposte-test': {
                connectionId: "[resourceId('Microsoft.Web/connections', variables('ConnectionName'))]",
                connectionName: "[variables('ConnectionName')]",
                id: "[concat('/subscriptions/', subscription().subscriptionId, '/providers/Microsoft.Web/locations/', resourceGroup().location, '/managedApis/Riposte-Test')]",
              },
            },
          },
        },
      },
    })),
  ],
});

const connectors = new ConnectorRegistry().register(testConnector);

describe('importing workflow files', () => {
  it('takes a bare definition', () => {
    const { workflows, problems } = importWorkflowJson(definition, { name: 'bare', connectors });
    expect(problems).toEqual([]);
    expect(workflows).toHaveLength(1);
    expect(workflows[0]).toMatchObject({ name: 'bare', format: 'definition', pointer: '', parameters: { Greeting: 'hi', $connections: {} } });
  });

  it('takes a { definition, kind } workflow.json and does not demand declared parameters', () => {
    const standard = { kind: 'Stateful', definition: { ...definition, parameters: {}, actions: { C: { type: 'Compose', inputs: "@parameters('FromAppSettings')" } } } };
    const { workflows, problems } = importWorkflowJson(standard);
    expect(problems).toEqual([]);
    expect(workflows[0]).toMatchObject({ format: 'workflow-json', pointer: '/definition', kind: 'Stateful' });
  });

  it('reads an exported { $connections, definition } object', () => {
    const exported = {
      $connections: { value: { 'riposte-test': { connectionId: '/x', connectionName: 'c', id: '/subscriptions/s/providers/Microsoft.Web/locations/l/managedApis/riposte-test' } } },
      definition,
    };
    const { workflows, problems } = importWorkflowJson(exported, { connectors });
    expect(problems).toEqual([]);
    expect(workflows[0]!.connections).toEqual([{ name: 'riposte-test', api: 'riposte-test', connectionId: '/x' }]);
  });

  it('resolves an ARM template: names, parameters, $connections with pointers into the template', () => {
    const { workflows, problems } = importWorkflowJson(armTemplate(1), { connectors, params: { Greeting: 'hello' } });
    expect(problems).toEqual([]);
    const [wf] = workflows;
    expect(wf).toMatchObject({ name: 'Echo-Playbook-0', format: 'arm-template', pointer: '/resources/1/properties/definition', parameters: { Greeting: 'hello' } });
    expect(wf!.connections).toEqual([
      {
        name: 'riposte-test',
        api: 'riposte-test',
        connectionId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/riposte/providers/Microsoft.Web/connections/riposte-test-Echo-Playbook',
      },
    ]);
  });

  it('lists a template parameter without a value, and every workflow of a template', () => {
    const { workflows } = importWorkflowJson(armTemplate(2));
    expect(workflows.map((w) => w.name)).toEqual(['Echo-Playbook-0', 'Echo-Playbook-1']);
    expect(workflows[0]!.unsetTemplateParameters).toEqual(['Greeting']);
    expect(workflows[0]!.parameters.Greeting).toBe('<Greeting>');
  });

  it('evaluates a nested deployment in its inner scope with the values passed to it', () => {
    const template = {
      parameters: { Outer: { type: 'string', defaultValue: 'from-outer' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'nested',
          properties: {
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { Name: { value: "[concat(parameters('Outer'), '-wf')]" } },
            template: {
              parameters: { Name: { type: 'string' } },
              resources: [{ type: 'Microsoft.Logic/workflows', name: "[parameters('Name')]", properties: { definition } }],
            },
          },
        },
      ],
    };
    const { workflows, problems } = importWorkflowJson(template);
    expect(problems).toEqual([]);
    expect(workflows.map((w) => [w.name, w.pointer])).toEqual([['from-outer-wf', '/resources/0/properties/template/resources/0/properties/definition']]);
  });

  it('reports a --param the template does not declare', () => {
    const { problems } = importWorkflowJson(armTemplate(1), { params: { Nope: 'x' } });
    expect(problems).toEqual([{ pointer: '/parameters', code: 'ParameterValue', message: "--param Nope: the template declares no parameter 'Nope'" }]);
  });

  it('reports an ARM function it cannot evaluate at the pointer of the string, and keeps going', () => {
    const template = armTemplate(1);
    (template.resources[1]!.properties as { parameters: Record<string, unknown> }).parameters.Greeting = { value: "[listKeys('x', '1').key1]" };
    const { workflows, problems } = importWorkflowJson(template);
    expect(workflows).toHaveLength(1);
    expect(problems).toEqual([
      { pointer: '/resources/1/properties/parameters/Greeting/value', code: 'ArmUnknownFunction', message: 'ARM expression uses a function we cannot evaluate: listKeys' },
    ]);
  });

  it('gives validation pointers into the original template', () => {
    const template = armTemplate(1);
    (template.resources[1]!.properties as { definition: unknown }).definition = { ...definition, actions: { Bad: { type: 'Nope' } } };
    const { problems } = importWorkflowJson(template);
    expect(problems.map((p) => p.pointer)).toEqual(['/resources/1/properties/definition/actions/Bad/type']);
  });

  it('reports JSON syntax errors at pointer "" with line and column, after a BOM', () => {
    const { workflows, problems } = importWorkflowText('\uFEFF{\n  "triggers": {},\n  "actions": { oops }\n}');
    expect(workflows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ pointer: '', code: 'JsonSyntax' });
    expect(problems[0]!.message).toMatch(/^invalid JSON at line 3 column 16/);
  });

  it('says when a JSON file is not a workflow', () => {
    expect(importWorkflowJson({ hello: 'world' }).problems.map((p) => p.code)).toEqual(['NotAWorkflow']);
  });

  it('loads from a path (BOM stripped) and names the workflow after the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-import-'));
    const file = join(dir, 'my-playbook.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(definition)}`);
    const { workflows, problems } = await loadWorkflowFile(file, { connectors });
    expect(problems).toEqual([]);
    expect(workflows[0]!.name).toBe('my-playbook');
  });
});
