import { describe, expect, it } from 'vitest';
import { parseWorkflowAutomation } from '../workflow-automations/automation-schema.ts';
import { matchAutomation } from '../workflow-automations/match-automation.ts';
import { buildAssessmentPayload, buildComplianceAssessmentPayload, buildDefenderAlertPayload, buildSentinelAlertTriggerBody } from './alert-payloads.ts';
import { corpusText, entityItemReads, readPath, triggerBodyPaths } from './corpus-reads.test-support.ts';
import { extractEntities, type PayloadEntity } from './entities.ts';
import { buildIncidentTriggerBody, type PayloadAlert, type PayloadIncident } from './incident-trigger.ts';
import type { SentinelWorkspace } from './workspace.ts';

const workspace: SentinelWorkspace = {
  subscriptionId: '00000000-0000-4000-8000-000000000001',
  resourceGroupName: 'riposte',
  workspaceName: 'riposte',
  workspaceId: '00000000-0000-4000-8000-0000000000aa',
};

const entities: PayloadEntity[] = [
  { kind: 'Account', key: 'acct:bob', properties: { accountName: 'bob', upnSuffix: 'contoso.com', aadUserId: 'aad-1', ntDomain: 'CORP', sid: 'S-1-5-21' } },
  { kind: 'Host', key: 'host:ws42', properties: { hostName: 'ws-042', dnsDomain: 'corp.contoso.com', osVersion: '11', additionalData: { MdatpDeviceId: 'dev-1' } } },
  { kind: 'Ip', key: 'ip:1', properties: { address: '203.0.113.9' } },
  { kind: 'Url', key: 'url:1', properties: { url: 'https://evil.example/login' } },
  { kind: 'FileHash', key: 'hash:1', properties: { algorithm: 'SHA256', hashValue: 'abcdef' } },
];

const alert: PayloadAlert = {
  systemAlertId: 'c0ffee00-0000-4000-8000-000000000001',
  alertDisplayName: 'Suspicious sign-in',
  description: 'Impossible travel',
  severity: 'High',
  productName: 'Azure Sentinel',
  tactics: ['InitialAccess'],
  techniques: ['T1078'],
  analyticRuleIds: ['/subscriptions/x/alertRules/rule-1'],
  timeGenerated: '2026-01-01T10:00:00.000Z',
  entities,
};

const incident: PayloadIncident = {
  id: '11111111-2222-4333-8444-555555555555',
  incidentNumber: 42,
  title: 'Suspicious sign-in',
  description: 'Impossible travel',
  severity: 'High',
  status: 'Closed',
  classification: 'TruePositive',
  classificationReason: 'SuspiciousActivity',
  classificationComment: 'Confirmed',
  owner: { objectId: 'o-1', email: 'ann@contoso.com', assignedTo: 'Ann', userPrincipalName: 'ann@contoso.com' },
  labels: [{ labelName: 'vip' }],
  createdTimeUtc: '2026-01-01T10:00:05.000Z',
  lastModifiedTimeUtc: '2026-01-01T11:00:00.000Z',
  alerts: [alert],
  entities,
  comments: [{ id: 'c1', message: 'Looking' }],
};

describe('buildIncidentTriggerBody', () => {
  const body = buildIncidentTriggerBody(incident, workspace, { incidentUrl: 'https://riposte.local/incidents/42' });

  it('has the envelope and ARM ids Sentinel sends', () => {
    expect(body).toMatchObject({ objectSchemaType: 'Incident', objectEventType: 'Create', workspaceId: workspace.workspaceId });
    expect(body.workspaceInfo).toEqual({ SubscriptionId: workspace.subscriptionId, ResourceGroupName: 'riposte', WorkspaceName: 'riposte' });
    expect(body.object.id).toBe(
      `/subscriptions/${workspace.subscriptionId}/resourceGroups/riposte/providers/Microsoft.OperationalInsights/workspaces/riposte/providers/Microsoft.SecurityInsights/Incidents/${incident.id}`,
    );
    expect(body.object.name).toBe(incident.id);
    expect(body.object.properties.additionalData).toMatchObject({ alertsCount: 1, commentsCount: 1, alertProductNames: ['Azure Sentinel'], tactics: ['InitialAccess'] });
    expect(body.object.properties.alerts[0]).toMatchObject({ kind: 'SecurityAlert', properties: { systemAlertId: alert.systemAlertId } });
    expect(body.object.properties.relatedEntities[0]).toMatchObject({ kind: 'Account', properties: { accountName: 'bob', friendlyName: 'bob' } });
  });

  it('is deterministic', () => {
    expect(buildIncidentTriggerBody(incident, workspace)).toEqual(buildIncidentTriggerBody(incident, workspace));
  });

  it('answers every triggerBody() read of the corpus incident-trigger playbooks', () => {
    const playbooks = corpusText('sentinel-playbooks', 'incident-trigger.json');
    expect(playbooks.length).toBeGreaterThan(10);
    const missing: string[] = [];
    let checked = 0;
    for (const { file, text } of playbooks) {
      for (const path of triggerBodyPaths(text)) {
        // Entity-trigger shaped reads and update-only fields are not part of the create payload.
        if (path[0] !== 'object' && path[0] !== 'workspaceInfo' && path[0] !== 'workspaceId') continue;
        checked++;
        if (readPath(body, path) === undefined) missing.push(`${file}: ${path.join('.')}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('carries who updated the incident on Update events', () => {
    const update = buildIncidentTriggerBody(incident, workspace, { objectEventType: 'Update', updatedBy: { name: 'Ann' } });
    expect(readPath(update, ['incidentUpdates', 'updatedBy', 'name'])).toBe('Ann');
  });
});

describe('buildSentinelAlertTriggerBody', () => {
  const body = buildSentinelAlertTriggerBody(alert, workspace);

  it('answers every top-level triggerBody() read of the corpus alert-trigger playbooks', () => {
    const missing: string[] = [];
    for (const { file, text } of corpusText('sentinel-playbooks', 'alert-trigger.json')) {
      for (const path of triggerBodyPaths(text)) {
        if (path[0] === 'object' || path[0] === 'Entity') continue;
        if (readPath(body, path) === undefined) missing.push(`${file}: ${path.join('.')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('carries Entities as a JSON string in SecurityAlert form', () => {
    const parsed = JSON.parse(body.Entities) as Array<Record<string, unknown>>;
    expect(parsed[0]).toMatchObject({ $id: '2', Type: 'account', Name: 'bob', UPNSuffix: 'contoso.com', AadUserId: 'aad-1', NTDomain: 'CORP' });
    expect(parsed[4]).toMatchObject({ Type: 'filehash', Algorithm: 'SHA256', Value: 'abcdef' });
  });
});

describe('extractEntities', () => {
  const incidentBody = buildIncidentTriggerBody(incident, workspace);
  const alertBody = buildSentinelAlertTriggerBody(alert, workspace);

  it.each([
    ['Accounts', { Name: 'bob', UPNSuffix: 'contoso.com', AadUserId: 'aad-1', NTDomain: 'CORP', Sid: 'S-1-5-21' }],
    ['Hosts', { HostName: 'ws-042', DnsDomain: 'corp.contoso.com', OSVersion: '11', MdatpDeviceId: 'dev-1', additionalData: { MdatpDeviceId: 'dev-1' } }],
    ['IPs', { Address: '203.0.113.9' }],
    ['URLs', { Url: 'https://evil.example/login' }],
    ['Filehashes', { Algorithm: 'SHA256', Value: 'abcdef' }],
  ] as const)('gives the same %s from relatedEntities and from alert Entities', (list, expected) => {
    const fromIncident = extractEntities(incidentBody.object.properties.relatedEntities, list)[list];
    const fromAlert = extractEntities(alertBody.Entities, list)[list];
    expect(fromIncident).toEqual([expect.objectContaining(expected)]);
    expect(fromAlert).toEqual(fromIncident);
  });

  it('gives every field the corpus playbooks read from the entity lists', () => {
    const body = buildIncidentTriggerBody(incident, workspace);
    const missing: string[] = [];
    for (const { file, text } of corpusText('sentinel-playbooks', '.json')) {
      for (const [list, keys] of entityItemReads(text)) {
        const items = extractEntities(body.object.properties.relatedEntities, list as never)[list as 'Accounts'] ?? [];
        expect(items.length, `${file} lists ${list}`).toBeGreaterThan(0);
        for (const key of keys) if (readPath(items[0], [key]) === undefined) missing.push(`${file}: ${list}.${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('returns an empty list for unreadable input', () => {
    expect(extractEntities('not json', 'Accounts')).toEqual({ Accounts: [] });
    expect(extractEntities(null, 'IPs')).toEqual({ IPs: [] });
    expect(extractEntities({ entities: [{ kind: 'Ip', properties: { address: '1.2.3.4' } }] }, 'IPs')).toEqual({ IPs: [{ Address: '1.2.3.4', Type: 'ip' }] });
  });
});

describe('Defender payloads', () => {
  it('gives the ascalert fields the corpus Logic Apps template reads', () => {
    const payload = buildDefenderAlertPayload(alert, { subscriptionId: workspace.subscriptionId, resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1' });
    const [template] = corpusText('logicapps-templates', 'asc-alert-send-notification-email.json');
    const paths = triggerBodyPaths(template.text);
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) expect(readPath(payload, path), path.join('.')).not.toBeUndefined();
    expect(payload.CompromisedEntity).toBe('vm1');
  });

  it('builds an assessment that the corpus "high severity assessments" automation matches', () => {
    const automation = parseWorkflowAutomation(
      JSON.parse(corpusText('defender-automations', 'PutAutomationHighSeverityAssessments_example.json')[0].text).parameters.Automation,
    ).properties;
    const high = buildAssessmentPayload({ resourceId: '/subscriptions/a5caac9c-5c04-49af-b3d0-e204f40345d5/resourceGroups/myResourceGroup/vm1', name: 'a1', displayName: 'Enable MFA', statusCode: 'Unhealthy', severity: 'High' });
    const low = buildAssessmentPayload({ resourceId: '/subscriptions/s/vm1', name: 'a1', displayName: 'Enable MFA', statusCode: 'Unhealthy', severity: 'Low' });
    expect(matchAutomation(automation, { eventSource: 'Assessments', payload: high, resourceId: high.properties.resourceDetails.Id })).toBe(true);
    expect(matchAutomation(automation, { eventSource: 'Assessments', payload: low })).toBe(false);
  });

  it('builds a regulatory compliance assessment that an automation on failed controls matches', () => {
    const automation = parseWorkflowAutomation({
      isEnabled: true,
      scopes: [{ scopePath: '/subscriptions/s-1' }],
      sources: [{ eventSource: 'RegulatoryComplianceAssessment', ruleSets: [{ rules: [{ propertyJPath: 'properties.state', propertyType: 'String', operator: 'Equals', expectedValue: 'failed' }] }] }],
      actions: [{ actionType: 'LogicApp', logicAppResourceId: 'pb' }],
    }).properties;
    const failed = buildComplianceAssessmentPayload({ subscriptionId: 's-1', standard: 'Azure-CIS-1.1.0', control: '1.1', name: 'a1', description: 'MFA for owners', state: 'Failed', failedResources: 2 });
    expect(failed.id).toBe('/subscriptions/s-1/providers/Microsoft.Security/regulatoryComplianceStandards/Azure-CIS-1.1.0/regulatoryComplianceControls/1.1/regulatoryComplianceAssessments/a1');
    expect(matchAutomation(automation, { eventSource: 'RegulatoryComplianceAssessment', payload: failed, resourceId: failed.id })).toBe(true);
    expect(matchAutomation(automation, { eventSource: 'RegulatoryComplianceAssessment', payload: { ...failed, properties: { ...failed.properties, state: 'Passed' } } })).toBe(false);
  });
});
