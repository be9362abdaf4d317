import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../validation.ts';
import { parseWorkflowAutomation, type WorkflowAutomationProperties } from './automation-schema.ts';
import { matchAutomation, matchRule, resolvePath } from './match-automation.ts';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const corpus = pathToFileURL(`${corpusDir}/defender-automations/`);
const corpusAutomation = (file: string): unknown => JSON.parse(readFileSync(new URL(file, corpus), 'utf8')).parameters.Automation;

// An assessment as Defender sends it (Microsoft.Security/assessments resource).
const assessment = (severity: string, assessmentType = 'BuiltIn') => ({
  id: '/subscriptions/a5caac9c-5c04-49af-b3d0-e204f40345d5/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Security/assessments/a1',
  name: 'a1',
  type: 'Microsoft.Security/assessments',
  properties: {
    displayName: 'Install endpoint protection',
    status: { code: 'Unhealthy' },
    metadata: { severity, assessmentType, displayName: 'Install endpoint protection' },
  },
});
// The alert as the ascalert trigger delivers it.
const alert = { SystemAlertId: 'x1', AlertDisplayName: 'Suspicious process executed', Severity: 'High', AlertType: 'VM_SuspiciousProcess', ConfidenceScore: 0.8, IsIncident: false, ExtendedProperties: { count: '3' } };

const automation = (sources: unknown[], extra: object = {}): WorkflowAutomationProperties =>
  parseWorkflowAutomation({ isEnabled: true, scopes: [], sources, actions: [{ actionType: 'LogicApp', logicAppResourceId: 'pb' }], ...extra }).properties;

const rule = (propertyJPath: string, propertyType: string, operator: string, expectedValue: string) => ({ propertyJPath, propertyType, operator, expectedValue });

describe('parseWorkflowAutomation', () => {
  it('accepts every corpus automation, as the resource and as its properties', () => {
    const files = readdirSync(corpus).filter((f) => f.startsWith('Put') || f.startsWith('Validate'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const resource = corpusAutomation(file) as { properties: unknown };
      const parsed = parseWorkflowAutomation(resource);
      expect(parsed.location).toBe('Central US');
      expect(parseWorkflowAutomation(resource.properties).properties).toEqual(parsed.properties);
    }
  });

  it.each([
    [{ sources: [] }, '/properties/sources'],
    [{ sources: [{ eventSource: 'Emails' }] }, '/properties/sources/0/eventSource'],
    [{ actions: [{ actionType: 'Email' }] }, '/properties/actions/0/actionType'],
    [{ actions: [{ actionType: 'LogicApp' }] }, '/properties/actions/0/logicAppResourceId'],
    [{ sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [rule('Severity', 'String', 'GreaterThan', 'High')] }] }] }, '/properties/sources/0/ruleSets/0/rules/0/operator'],
    [{ sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [rule('Score', 'Integer', 'Equals', 'ten')] }] }] }, '/properties/sources/0/ruleSets/0/rules/0/expectedValue'],
    [{ sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [rule('IsIncident', 'Boolean', 'Contains', 'true')] }] }] }, '/properties/sources/0/ruleSets/0/rules/0/operator'],
  ])('rejects %j at %s', (change, pointer) => {
    const properties = { isEnabled: true, scopes: [], sources: [{ eventSource: 'Alerts' }], actions: [{ actionType: 'LogicApp', logicAppResourceId: 'pb' }], ...change };
    try {
      parseWorkflowAutomation({ name: 'x', properties });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues.map((i) => i.pointer)).toContain(pointer);
    }
  });
});

describe('matchAutomation with the corpus automations', () => {
  it('fires "all assessments" on any assessment and on nothing else', () => {
    const all = parseWorkflowAutomation(corpusAutomation('PutAutomationAllAssessments_example.json')).properties;
    expect(matchAutomation(all, { eventSource: 'Assessments', payload: assessment('Low') })).toBe(true);
    expect(matchAutomation(all, { eventSource: 'Alerts', payload: alert })).toBe(false);
  });

  it('fires "high severity assessments" on properties.metadata.severity, case-insensitively', () => {
    const high = parseWorkflowAutomation(corpusAutomation('PutAutomationHighSeverityAssessments_example.json')).properties;
    expect(matchAutomation(high, { eventSource: 'Assessments', payload: assessment('High') })).toBe(true);
    expect(matchAutomation(high, { eventSource: 'Assessments', payload: assessment('high') })).toBe(true);
    expect(matchAutomation(high, { eventSource: 'Assessments', payload: assessment('Medium') })).toBe(false);
  });

  it('reads the older $.Entity.AssessmentType path against the assessment', () => {
    const custom = parseWorkflowAutomation(corpusAutomation('PutAutomation_example.json')).properties;
    expect(matchAutomation(custom, { eventSource: 'Assessments', payload: assessment('High', 'customAssessment') })).toBe(true);
    expect(matchAutomation(custom, { eventSource: 'Assessments', payload: assessment('High', 'BuiltIn') })).toBe(false);
  });

  it('never fires a disabled automation', () => {
    const disabled = parseWorkflowAutomation(corpusAutomation('PutDisableAutomation_example.json')).properties;
    expect(matchAutomation(disabled, { eventSource: 'Assessments', payload: assessment('High', 'customAssessment') })).toBe(false);
  });

  it('checks scopes when the event names its resource', () => {
    const all = parseWorkflowAutomation(corpusAutomation('PutAutomationAllAssessments_example.json')).properties;
    const payload = assessment('Low');
    expect(matchAutomation(all, { eventSource: 'Assessments', payload, resourceId: payload.id })).toBe(true);
    expect(matchAutomation(all, { eventSource: 'Assessments', payload, resourceId: '/subscriptions/a5caac9c-5c04-49af-b3d0-e204f40345d5/resourceGroups/other/x' })).toBe(false);
  });
});

describe('matchAutomation rule sets', () => {
  const highOrMediumProcess = automation([
    {
      eventSource: 'Alerts',
      ruleSets: [
        { rules: [rule('Severity', 'String', 'Equals', 'high'), rule('AlertDisplayName', 'String', 'Contains', 'process')] },
        { rules: [rule('Severity', 'String', 'Equals', 'medium')] },
      ],
    },
  ]);

  it('ORs rule sets and ANDs the rules inside one', () => {
    expect(matchAutomation(highOrMediumProcess, { eventSource: 'Alerts', payload: alert })).toBe(true);
    expect(matchAutomation(highOrMediumProcess, { eventSource: 'Alerts', payload: { ...alert, AlertDisplayName: 'Brute force' } })).toBe(false);
    expect(matchAutomation(highOrMediumProcess, { eventSource: 'Alerts', payload: { ...alert, Severity: 'Medium', AlertDisplayName: 'Brute force' } })).toBe(true);
  });

  it('matches the event source case-insensitively and requires it', () => {
    expect(matchAutomation(highOrMediumProcess, { eventSource: 'alerts', payload: alert })).toBe(true);
    expect(matchAutomation(highOrMediumProcess, { eventSource: 'Assessments', payload: alert })).toBe(false);
  });
});

describe('matchRule operators', () => {
  it.each([
    [rule('Severity', 'String', 'Equals', 'HIGH'), true],
    [rule('Severity', 'String', 'NotEquals', 'low'), true],
    [rule('AlertDisplayName', 'String', 'Contains', 'PROCESS'), true],
    [rule('AlertDisplayName', 'String', 'StartsWith', 'suspicious'), true],
    [rule('AlertDisplayName', 'String', 'EndsWith', 'executed'), true],
    [rule('AlertType', 'String', 'StartsWith', 'Storage_'), false],
    [rule('ConfidenceScore', 'Number', 'GreaterThan', '0.5'), true],
    [rule('ConfidenceScore', 'Number', 'GreaterThanOrEqualTo', '0.8'), true],
    [rule('ConfidenceScore', 'Number', 'LesserThan', '0.8'), false],
    [rule('ConfidenceScore', 'Number', 'LesserThanOrEqualTo', '0.8'), true],
    [rule('ExtendedProperties.count', 'Integer', 'Equals', '3'), true],
    [rule('ExtendedProperties.count', 'Integer', 'NotEquals', '3'), false],
    [rule('IsIncident', 'Boolean', 'Equals', 'False'), true],
    [rule('IsIncident', 'Boolean', 'NotEquals', 'false'), false],
    [rule('Missing', 'String', 'Equals', 'x'), false],
    [rule('Missing', 'String', 'NotEquals', 'x'), true],
    [rule('severity', 'String', 'Equals', 'high'), true],
  ])('%j → %s', (r, expected) => {
    const parsed = automation([{ eventSource: 'Alerts', ruleSets: [{ rules: [r] }] }]).sources[0].ruleSets[0].rules[0];
    expect(matchRule(parsed, alert)).toBe(expected);
  });

  it('reads array indexes and a leading $', () => {
    const payload = { Entities: [{ Type: 'host', HostName: 'vm1' }] };
    expect(resolvePath(payload, '$.Entities[0].HostName')).toBe('vm1');
    expect(resolvePath(payload, 'Entities[0].hostname')).toBe('vm1');
  });
});
