/**
 * The demo's containment and recovery, needing no outside service: a playbook blocks the IP of the
 * demo's command-and-control incident as a threat-intelligence indicator (written to the incident's
 * change ledger with its before-state), then the incident's lead plans, approves and runs the
 * recovery, which lifts the block again. Seeded once, beside seedDemo's data.
 */
import type { FastifyInstance } from 'fastify';
import { updateIncident } from '../incidents/incident-operations.ts';
import type { Incident } from '../incidents/incident-schema.ts';
import type { SecurityStore } from '../store/security-store.ts';
import { importPlaybook } from '../playbooks/playbook-import.ts';
import { defaultWorkspace, incidentTriggerBody } from '../triggers/payloads.ts';

export const demoContainmentPlaybookName = 'Riposte-Demo-Block-C2-IP';
/** Who leads the demo incident (and so may approve its recovery): the demo's admin key is named "demo". */
export const demoLead = 'demo';

const sentinel = "@parameters('$connections')['azuresentinel']['connectionId']";
const connection = (api: string) => ({
  connectionId: `/subscriptions/demo/resourceGroups/demo/providers/Microsoft.Web/connections/${api}`,
  id: `/subscriptions/demo/providers/Microsoft.Web/locations/local/managedApis/${api}`,
});

export const demoContainmentDefinition = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  parameters: { $connections: { defaultValue: {}, type: 'Object' } },
  triggers: {
    Microsoft_Sentinel_incident: { type: 'ApiConnectionWebhook', inputs: { body: { callback_url: '@{listCallbackUrl()}' }, host: { connection: { name: sentinel } }, path: '/incident-creation' } },
  },
  actions: {
    'Entities_-_Get_IPs': {
      type: 'ApiConnection',
      runAfter: {},
      inputs: { body: "@triggerBody()?['object']?['properties']?['relatedEntities']", host: { connection: { name: sentinel } }, method: 'post', path: '/entities/ip' },
    },
    For_each_IP: {
      type: 'Foreach',
      runAfter: { 'Entities_-_Get_IPs': ['Succeeded'] },
      foreach: "@body('Entities_-_Get_IPs')?['IPs']",
      actions: {
        Block_IP: {
          type: 'ApiConnection',
          runAfter: {},
          inputs: {
            host: { connection: { name: "@parameters('$connections')['indicators']['connectionId']" } },
            method: 'post',
            path: '/indicators',
            body: {
              action: 'block',
              threatType: 'C2',
              networkIPv4: "@{items('For_each_IP')?['Address']}",
              expirationDateTime: '@{addDays(utcNow(), 30)}',
              description: "Blocked by @{workflow()?['name']} for incident @{triggerBody()?['object']?['properties']?['incidentNumber']}",
            },
          },
        },
      },
    },
  },
  outputs: {},
};

/** The incident the demo alert with this provider id correlated into. */
async function incidentOfAlert(store: SecurityStore, providerAlertId: string): Promise<Incident | undefined> {
  for (const incident of (await store.listIncidents({ top: 200 })).items) {
    if ((await store.listIncidentAlerts(incident.id)).some((a) => a.providerAlertId === providerAlertId)) return incident;
  }
  return undefined;
}

/**
 * Seeds the containment and its recovery once (skipped when the playbook exists already). Needs
 * the demo alerts in the store (seedDemo first) and the automation module.
 */
export async function seedDemoContainment(app: FastifyInstance): Promise<void> {
  const automation = app.riposteAutomation;
  const services = app.riposte;
  if (automation.playbooks.find(demoContainmentPlaybookName)) return;
  // demo-2 is the command-and-control alert with the IP 203.0.113.66 (app/demo-data.ts).
  const incident = await incidentOfAlert(services.store, 'demo-2');
  if (!incident) return;

  const imported = importPlaybook(
    { name: demoContainmentPlaybookName, definition: demoContainmentDefinition, parameters: { $connections: { value: { azuresentinel: connection('azuresentinel'), indicators: connection('indicators') } } } },
    automation.playbooks.options.connectors,
  );
  const playbook = await automation.playbooks.create(demoContainmentPlaybookName, imported, 'demo');
  await updateIncident(services, incident.id, { roles: { lead: demoLead } }, 'demo');

  // Containment: the run's change to the block list goes to the incident's ledger first.
  const triggerBody = await incidentTriggerBody(services, incident, defaultWorkspace);
  const run = await automation.playbooks.start(playbook, { triggerBody, startedBy: 'demo' });
  const result = await run.done;
  if (result.status !== 'Succeeded') return;

  // Recovery: planned, approved by the lead, run and verified.
  const recovery = automation.recovery.recovery;
  const plan = await recovery.create(incident.id, 'demo');
  await recovery.approve(plan.id, { actor: 'demo', names: [demoLead] });
  await recovery.run(plan.id, 'demo');
  await services.events.idle();
}
