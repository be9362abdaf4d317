import { describe, expect, it } from 'vitest';
import { corpusText, readPath, triggerBodyPaths } from './corpus-reads.test-support.ts';
import type { PayloadEntity } from './entities.ts';
import { buildEntityTriggerBody, entityKindOfTrigger } from './entity-trigger.ts';

const workspace = { subscriptionId: 's-1', resourceGroupName: 'rg', workspaceName: 'ws', workspaceId: 'w-1' };
const byKind: Record<string, PayloadEntity> = {
  Account: { kind: 'Account', properties: { accountName: 'bob', upnSuffix: 'contoso.com', aadUserId: 'aad-1' } },
  Host: { kind: 'Host', properties: { hostName: 'ws-042', additionalData: { MdatpDeviceId: 'dev-1' } } },
  Ip: { kind: 'Ip', properties: { address: '203.0.113.9' } },
  Url: { kind: 'Url', properties: { url: 'https://evil.example' } },
  FileHash: { kind: 'FileHash', properties: { algorithm: 'SHA256', hashValue: 'abcdef' } },
  DnsResolution: { kind: 'DnsResolution', properties: { domainName: 'evil.example' } },
};

describe('buildEntityTriggerBody', () => {
  it('answers every triggerBody() read of the corpus entity-trigger playbooks', () => {
    const playbooks = corpusText('sentinel-playbooks', 'entity-trigger.json');
    expect(playbooks.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const { file, text } of playbooks) {
      const pathKind = /"path": "\/entity\/@\{encodeURIComponent\('([A-Za-z]+)'\)\}"/.exec(text)?.[1];
      const kind = entityKindOfTrigger(pathKind ?? '');
      expect(kind, `${file} entity kind ${pathKind}`).toBeDefined();
      const body = buildEntityTriggerBody(byKind[kind!], workspace, { incidentId: 'inc-1' });
      for (const path of triggerBodyPaths(text)) if (readPath(body, path) === undefined) missing.push(`${file}: ${path.join('.')}`);
    }
    expect(missing).toEqual([]);
  });

  it('names the incident by its ARM id, or null when run outside an incident', () => {
    expect(buildEntityTriggerBody(byKind.Ip, workspace, { incidentId: 'inc-1' }).IncidentArmID).toBe(
      '/subscriptions/s-1/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/providers/Microsoft.SecurityInsights/Incidents/inc-1',
    );
    expect(buildEntityTriggerBody(byKind.Ip, workspace).IncidentArmID).toBeNull();
  });
});
