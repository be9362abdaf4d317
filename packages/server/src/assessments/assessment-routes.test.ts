import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';
import type { SecurityEvent } from '../events/security-events.ts';

const recommendation = (code: string) => ({
  name: '4fb67663-9ab9-475d-b026-8c544cced439',
  properties: {
    displayName: 'Install endpoint protection on your machines',
    status: { code, cause: 'OffByPolicy', description: 'The effect of the policy is set to disabled' },
    resourceDetails: { source: 'Azure', id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1' },
    metadata: { displayName: 'Install endpoint protection', severity: 'high', assessmentType: 'BuiltIn', categories: ['Compute'] },
  },
});

describe('/api/assessments', () => {
  let t: TestApp;
  let events: SecurityEvent[];
  beforeEach(async () => {
    t = await buildTestApp();
    events = [];
    t.app.riposte.events.on('*', (e) => void events.push(e));
  });
  afterEach(() => t.close());

  const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/assessments', headers: t.as('responder'), payload });

  it('ingests a recommendation in its ARM shape, so automations can address properties.metadata.severity', async () => {
    const res = await post(recommendation('Unhealthy'));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Security/assessments/4fb67663-9ab9-475d-b026-8c544cced439',
      type: 'Microsoft.Security/assessments',
      kind: 'securityAssessment',
      properties: { status: { code: 'Unhealthy' }, metadata: { severity: 'High' } },
    });
    expect(events.map((e) => e.type)).toEqual(['assessment.created']);
  });

  it('replaces an assessment with the same name, announcing an update only when it changed', async () => {
    await post(recommendation('Unhealthy'));
    await post(recommendation('Unhealthy'));
    await post(recommendation('Healthy'));
    expect(events.map((e) => e.type)).toEqual(['assessment.created', 'assessment.updated']);
    const list = (await t.app.inject({ method: 'GET', url: '/api/assessments?count=true', headers: t.as('reader') })).json();
    expect(list.count).toBe(1);
    expect(list.value[0].properties.status.code).toBe('Healthy');
  });

  it('ingests regulatory-compliance assessments and lists by kind and state', async () => {
    await post(recommendation('Unhealthy'));
    const res = await post({
      kind: 'regulatoryComplianceAssessment',
      name: 'azure-cis-1.1.0-1.1',
      properties: { description: 'MFA for privileged accounts', assessmentType: 'Automated', state: 'failed', passedResources: 2, failedResources: 1, skippedResources: 0 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().properties.state).toBe('Failed');
    const failed = (await t.app.inject({ method: 'GET', url: '/api/assessments?kind=regulatoryComplianceAssessment&state=Failed', headers: t.as('reader') })).json();
    expect(failed.value.map((a: { name: string }) => a.name)).toEqual(['azure-cis-1.1.0-1.1']);
    const one = await t.app.inject({ method: 'GET', url: '/api/assessments/regulatoryComplianceAssessment/azure-cis-1.1.0-1.1', headers: t.as('reader') });
    expect(one.json().type).toContain('regulatoryComplianceAssessments');
    expect((await t.app.inject({ method: 'GET', url: '/api/assessments/securityAssessment/none', headers: t.as('reader') })).statusCode).toBe(404);
  });
});
