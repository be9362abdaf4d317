import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSentinelAlertTriggerBody } from './alert-payloads.ts';
import { payloadAlertFromGraphAlert } from './graph-alert.ts';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const graphAlert = JSON.parse(
  readFileSync(pathToFileURL(`${corpusDir}/graph-security/v1.0__security-alert__json-representation.json`), 'utf8'),
);

describe('payloadAlertFromGraphAlert', () => {
  it('maps the corpus alert_v2 to Sentinel spellings', () => {
    const alert = payloadAlertFromGraphAlert({ ...graphAlert, id: 'a1', title: 'Suspicious execution', severity: 'high', status: 'inProgress', serviceSource: 'microsoftDefenderForEndpoint', category: 'Execution', mitreTechniques: ['T1059'] });
    expect(alert).toMatchObject({
      systemAlertId: 'a1',
      alertDisplayName: 'Suspicious execution',
      severity: 'High',
      status: 'InProgress',
      productName: 'Microsoft Defender Advanced Threat Protection',
      tactics: ['Execution'],
      techniques: ['T1059'],
      analyticRuleIds: [],
    });
  });

  it('takes the detector id of a Sentinel alert as its analytic rule, and feeds the alert trigger', () => {
    const alert = payloadAlertFromGraphAlert(
      { id: 'a2', title: 'Brute force', severity: 'medium', serviceSource: 'microsoftSentinel', detectorId: 'rule-7', createdDateTime: '2026-01-01T00:00:00Z' },
      [{ kind: 'Ip', properties: { address: '198.51.100.7', location: null } }],
    );
    expect(alert.analyticRuleIds).toEqual(['rule-7']);
    const body = buildSentinelAlertTriggerBody(alert, { subscriptionId: 's', resourceGroupName: 'rg', workspaceName: 'ws', workspaceId: 'w' });
    expect(body).toMatchObject({ Severity: 'Medium', ProductName: 'Azure Sentinel', TimeGenerated: '2026-01-01T00:00:00Z' });
    expect(JSON.parse(body.Entities)).toEqual([{ $id: '2', Address: '198.51.100.7', Type: 'ip' }]);
  });
});
