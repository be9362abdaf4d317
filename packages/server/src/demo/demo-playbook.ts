/**
 * Riposte's own small Sentinel-shaped incident playbook for the demo (the corpus is not shipped):
 * the Sentinel incident trigger, "Entities - Get Hosts" and "Add comment to incident (V3)" on the
 * azuresentinel connection — the same shapes exported Sentinel playbooks use.
 */
export const demoPlaybookName = 'Riposte-Demo-Triage';

const sentinel = "@parameters('$connections')['azuresentinel']['connectionId']";

export const demoPlaybookDefinition = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  parameters: { $connections: { defaultValue: {}, type: 'Object' } },
  triggers: {
    Microsoft_Sentinel_incident: {
      type: 'ApiConnectionWebhook',
      inputs: {
        body: { callback_url: '@{listCallbackUrl()}' },
        host: { connection: { name: sentinel } },
        path: '/incident-creation',
      },
    },
  },
  actions: {
    'Entities_-_Get_Hosts': {
      type: 'ApiConnection',
      runAfter: {},
      inputs: { body: "@triggerBody()?['object']?['properties']?['relatedEntities']", host: { connection: { name: sentinel } }, method: 'post', path: '/entities/host' },
    },
    Host_names: {
      type: 'Select',
      runAfter: { 'Entities_-_Get_Hosts': ['Succeeded'] },
      inputs: { from: "@body('Entities_-_Get_Hosts')?['Hosts']", select: "@item()?['HostName']" },
    },
    'Add_comment_to_incident_(V3)': {
      type: 'ApiConnection',
      runAfter: { Host_names: ['Succeeded'] },
      inputs: {
        host: { connection: { name: sentinel } },
        method: 'post',
        path: '/Incidents/Comment',
        body: {
          incidentArmId: "@triggerBody()?['object']?['id']",
          message:
            "<p>Riposte demo triage: incident #@{triggerBody()?['object']?['properties']?['incidentNumber']} (@{triggerBody()?['object']?['properties']?['severity']}) " +
            "with @{triggerBody()?['object']?['properties']?['additionalData']?['alertsCount']} alert(s). Hosts: @{if(empty(body('Host_names')), 'none', join(body('Host_names'), ', '))}.</p>",
        },
      },
    },
  },
  outputs: {},
};

/** `$connections` as an exported playbook carries it: the key names the managed API azuresentinel. */
export const demoPlaybookParameters = {
  $connections: {
    value: {
      azuresentinel: {
        connectionId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/riposte/providers/Microsoft.Web/connections/azuresentinel',
        connectionName: 'azuresentinel',
        id: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/local/managedApis/azuresentinel',
      },
    },
  },
};

export const demoRuleId = 'riposte-demo-triage-rule';

/** The demo automation rule: medium and high incidents become Active, get a label, and run the demo playbook. */
export const demoRule = {
  name: demoRuleId,
  properties: {
    displayName: 'Demo: triage medium and high incidents',
    order: 1,
    triggeringLogic: {
      isEnabled: true,
      triggersOn: 'Incidents',
      triggersWhen: 'Created',
      conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: ['Medium', 'High'] } }],
    },
    actions: [
      { order: 1, actionType: 'ModifyProperties', actionConfiguration: { status: 'Active', labels: [{ labelName: 'demo-triaged' }] } },
      { order: 2, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: demoPlaybookName } },
    ],
  },
};
