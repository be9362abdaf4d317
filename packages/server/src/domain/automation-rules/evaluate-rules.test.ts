import { describe, expect, it } from 'vitest';
import { evaluateRules, type AutomationRule } from './evaluate-rules.ts';
import { incidentViewOfAlert, type AutomationIncident } from './incident.ts';
import { parseAutomationRule } from './rule-schema.ts';

const now = new Date('2026-06-01T00:00:00Z');
const incident: AutomationIncident = { title: 'Phishing mail reported', severity: 'Low', status: 'New', labels: [], owner: null };

function rule(id: string, overrides: Record<string, unknown>, actions: unknown[], conditions: unknown[] = []): AutomationRule {
  const logic = { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created', conditions, ...((overrides.triggeringLogic as object) ?? {}) };
  const properties = parseAutomationRule({ displayName: id, order: 1, ...overrides, triggeringLogic: logic, actions }).properties;
  return { id, properties };
}

const modify = (order: number, configuration: object) => ({ order, actionType: 'ModifyProperties', actionConfiguration: configuration });
const titleContains = (text: string) => ({ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentTitle', operator: 'Contains', propertyValues: [text] } });
const severityIs = (value: string) => ({ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: [value] } });

describe('evaluateRules', () => {
  it('runs rules in order, each seeing the changes of the rules before it', () => {
    const raise = rule('raise', { order: 1 }, [modify(1, { severity: 'High' })], [titleContains('phish')]);
    const assignHigh = rule('assign', { order: 2 }, [modify(1, { owner: { email: 'tier2@contoso.com' } })], [severityIs('High')]);
    // Given in reverse: order, not list position, decides.
    const result = evaluateRules([assignHigh, raise], { kind: 'Incidents', trigger: 'Created', after: incident, now });
    expect(result.applied.map((a) => [a.ruleId, a.matched])).toEqual([
      ['raise', true],
      ['assign', true],
    ]);
    expect(result.incident).toMatchObject({ severity: 'High', owner: { email: 'tier2@contoso.com' } });
    expect(result.applied[0].changes).toEqual([{ property: 'severity', before: 'Low', after: 'High' }]);
  });

  it('does not see changes of later rules', () => {
    const assignHigh = rule('assign', { order: 1 }, [modify(1, { owner: { email: 'x@contoso.com' } })], [severityIs('High')]);
    const raise = rule('raise', { order: 2 }, [modify(1, { severity: 'High' })]);
    const result = evaluateRules([raise, assignHigh], { kind: 'Incidents', trigger: 'Created', after: incident, now });
    expect(result.applied.find((a) => a.ruleId === 'assign')?.matched).toBe(false);
    expect(result.incident.owner).toBeNull();
  });

  it('breaks ties of order by creation time, then name', () => {
    const b = { ...rule('b', { order: 3 }, [modify(1, { severity: 'Medium' })]), createdTimeUtc: '2026-01-01T00:00:00Z' };
    const a = { ...rule('a', { order: 3 }, [modify(1, { severity: 'High' })]), createdTimeUtc: '2026-02-01T00:00:00Z' };
    const result = evaluateRules([a, b], { kind: 'Incidents', trigger: 'Created', after: incident, now });
    expect(result.applied.map((x) => x.ruleId)).toEqual(['b', 'a']);
    expect(result.incident.severity).toBe('High');
  });

  it('skips disabled, expired and differently-triggered rules, saying why', () => {
    const disabled = rule('disabled', { triggeringLogic: { isEnabled: false } }, [modify(1, { severity: 'High' })]);
    const expired = rule('expired', { triggeringLogic: { expirationTimeUtc: '2026-05-31T23:59:59Z' } }, [modify(1, { severity: 'High' })]);
    const notYet = rule('valid', { triggeringLogic: { expirationTimeUtc: '2026-06-01T00:00:01Z' } }, [modify(1, { status: 'Active' })]);
    const onUpdate = rule('update', { triggeringLogic: { triggersWhen: 'Updated' } }, [modify(1, { severity: 'High' })]);
    const result = evaluateRules([disabled, expired, notYet, onUpdate], { kind: 'Incidents', trigger: 'Created', after: incident, now });
    const reasons = Object.fromEntries(result.applied.map((a) => [a.ruleId, a.skippedReason ?? (a.matched ? 'matched' : 'no match')]));
    expect(reasons).toEqual({ disabled: 'disabled', expired: 'expired', valid: 'matched', update: 'trigger' });
    expect(result.incident).toMatchObject({ severity: 'Low', status: 'Active' });
  });

  it('collects playbooks and tasks in action order, and adds labels without duplicates', () => {
    const r = rule('multi', {}, [
      { order: 3, actionType: 'AddIncidentTask', actionConfiguration: { title: 'Reset password', description: 'Reset it.' } },
      { order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: 'notify-teams', tenantId: 't-1' } },
      modify(2, { labels: [{ labelName: 'phish' }, { labelName: 'PHISH' }, { labelName: 'auto' }] }),
    ]);
    const result = evaluateRules([r], { kind: 'Incidents', trigger: 'Created', after: { ...incident, labels: [{ labelName: 'Auto' }] }, now });
    expect(result.applied[0].playbooks).toEqual([{ logicAppResourceId: 'notify-teams', tenantId: 't-1' }]);
    expect(result.applied[0].tasks).toEqual([{ title: 'Reset password', description: 'Reset it.' }]);
    expect(result.incident.labels?.map((l) => l.labelName)).toEqual(['Auto', 'phish']);
  });

  it('closes with classification, reason and comment', () => {
    const close = rule('close', {}, [
      modify(1, { status: 'Closed', classification: 'BenignPositive', classificationReason: 'SuspiciousButExpected', classificationComment: 'Pen test' }),
    ]);
    const result = evaluateRules([close], { kind: 'Incidents', trigger: 'Created', after: incident, now });
    expect(result.incident).toMatchObject({ status: 'Closed', classification: 'BenignPositive', classificationReason: 'SuspiciousButExpected', classificationComment: 'Pen test' });
    expect(result.applied[0].changes.map((c) => c.property)).toEqual(['status', 'classification', 'classificationReason', 'classificationComment']);
  });

  it('runs alert rules only on alert events, and does not change its input', () => {
    const onAlert = rule('alert', { triggeringLogic: { triggersOn: 'Alerts' } }, [
      { order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: 'pb' } },
    ]);
    const input = structuredClone(incident);
    expect(evaluateRules([onAlert], { kind: 'Alerts', trigger: 'Created', after: input, now }).applied[0].playbooks).toHaveLength(1);
    expect(evaluateRules([onAlert], { kind: 'Incidents', trigger: 'Created', after: input, now }).applied[0].skippedReason).toBe('trigger');
    const raise = rule('raise', {}, [modify(1, { severity: 'High' })]);
    evaluateRules([raise], { kind: 'Incidents', trigger: 'Created', after: input, now });
    expect(input).toEqual(incident);
  });

  it('evaluates alert rules on the incident view of an alert', () => {
    const onDefenderAlert = rule('mde', { triggeringLogic: { triggersOn: 'Alerts' } }, [{ order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: 'isolate' } }], [
      { conditionType: 'Property', conditionProperties: { propertyName: 'AlertProductNames', operator: 'Contains', propertyValues: ['Defender'] } },
      { conditionType: 'Property', conditionProperties: { propertyName: 'HostName', operator: 'StartsWith', propertyValues: ['ws-'] } },
    ]);
    const view = incidentViewOfAlert({
      systemAlertId: 'a1',
      alertDisplayName: 'Ransomware behaviour',
      severity: 'High',
      productName: 'Microsoft Defender Advanced Threat Protection',
      entities: [{ kind: 'Host', properties: { hostName: 'WS-042' } }],
    });
    const result = evaluateRules([onDefenderAlert], { kind: 'Alerts', trigger: 'Created', after: view, now });
    expect(result.applied[0]).toMatchObject({ matched: true, playbooks: [{ logicAppResourceId: 'isolate' }] });
  });

  it('lets an update rule see the state before the update', () => {
    const reopened = rule('reopened', { triggeringLogic: { triggersWhen: 'Updated' } }, [modify(1, { labels: [{ labelName: 'reopened' }] })], [
      { conditionType: 'PropertyChanged', conditionProperties: { propertyName: 'IncidentStatus', changeType: 'ChangedFrom', operator: 'Equals', propertyValues: ['Closed'] } },
    ]);
    const before = { ...incident, status: 'Closed' };
    const after = { ...incident, status: 'Active' };
    const result = evaluateRules([reopened], { kind: 'Incidents', trigger: 'Updated', before, after, now });
    expect(result.incident.labels).toEqual([{ labelName: 'reopened', labelType: 'User' }]);
  });
});
