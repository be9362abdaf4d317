import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertInput, stampAlert } from './alert-intake.ts';
import { alertSchema } from './alert-schema.ts';
import { alertV2ToLegacy, legacyAlertSchema, legacyToAlertV2 } from './legacy-v1.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const corpus = (name: string) => JSON.parse(readFileSync(pathToFileURL(`${corpusDir}/graph-security/${name}`), 'utf8'));

// A realistic legacy v1 alert (the corpus has only the property-list template for this shape).
const legacy = {
  id: 'F0A5A0C6-1F6E-4F2C-9A0B-5A1E2C3D4E5F',
  azureTenantId: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
  title: 'Suspicious PowerShell command line',
  description: 'A process ran an encoded PowerShell command.',
  category: 'Execution',
  severity: 'high',
  status: 'newAlert',
  feedback: 'benignPositive',
  createdDateTime: '2024-03-01T10:00:00Z',
  eventDateTime: '2024-03-01T09:58:12.1234567Z',
  lastModifiedDateTime: '2024-03-01T10:05:00+01:00',
  recommendedActions: ['Isolate the device', 'Reset the password'],
  comments: ['seen before'],
  detectionIds: ['det-42'],
  tags: ['lab'],
  confidence: 80,
  vendorInformation: { provider: 'Microsoft Defender ATP', vendor: 'Microsoft', providerVersion: '3', subProvider: 'MDATP' },
  userStates: [{ accountName: 'alice', domainName: 'CONTOSO', userPrincipalName: 'alice@contoso.com', aadUserId: 'u-1', logonIp: '203.0.113.7' }],
  hostStates: [{ fqdn: 'ws1.contoso.com', netBiosName: 'WS1', os: 'Windows10', privateIpAddress: '10.0.0.5' }],
  networkConnections: [{ destinationAddress: '198.51.100.9', destinationUrl: 'http://bad.example/x' }],
  fileStates: [{ name: 'evil.ps1', path: 'C:\\temp', fileHash: { hashType: 'sha256', hashValue: 'ab'.repeat(32) } }],
  processes: [{ name: 'powershell.exe', path: 'C:\\Windows\\System32', processId: 42, commandLine: 'powershell -enc ...', accountName: 'alice' }],
  malwareStates: [{ name: 'Trojan:PS/Foo', family: 'Foo' }],
};

describe('legacy v1 alerts', () => {
  it('converts to an alert_v2 with typed evidence and mapped enumerations', () => {
    const v2 = stampAlert(parseAlertInput(legacy, '/body'), { id: 'x', now: '2024-03-01T10:06:00.0000000Z' });
    expect(alertSchema.safeParse(v2).success).toBe(true);
    expect(v2).toMatchObject({
      providerAlertId: legacy.id,
      tenantId: legacy.azureTenantId,
      serviceSource: 'Microsoft Defender ATP',
      detectionSource: 'MDATP',
      detectorId: 'det-42',
      status: 'new',
      severity: 'high',
      classification: 'informationalExpectedActivity',
      firstActivityDateTime: '2024-03-01T09:58:12.1234567Z',
      lastUpdateDateTime: '2024-03-01T09:05:00.0000000Z',
      recommendedActions: 'Isolate the device\nReset the password',
      threatDisplayName: 'Trojan:PS/Foo',
    });
    const kinds = v2.evidence.map((e) => e['@odata.type'].replace('#microsoft.graph.security.', ''));
    expect(kinds).toEqual(['userEvidence', 'ipEvidence', 'deviceEvidence', 'ipEvidence', 'urlEvidence', 'fileEvidence', 'processEvidence']);
    expect(v2.evidence[5]).toMatchObject({ fileDetails: { fileName: 'evil.ps1', filePath: 'C:\\temp', sha256: 'ab'.repeat(32) } });
  });

  it('round-trips v1 → v2 → v1 keeping what a Graph v1 client reads', () => {
    const v2 = stampAlert(legacyToAlertV2(legacyAlertSchema.parse(legacy)), { id: 'stored-id', now: '2024-03-01T10:06:00.0000000Z' });
    const back = alertV2ToLegacy(v2);
    expect(legacyAlertSchema.safeParse(back).success).toBe(true);
    expect(back).toMatchObject({
      id: 'stored-id',
      azureTenantId: legacy.azureTenantId,
      title: legacy.title,
      severity: 'high',
      status: 'newAlert',
      feedback: 'benignPositive',
      recommendedActions: legacy.recommendedActions,
      comments: legacy.comments,
      detectionIds: ['det-42'],
      confidence: 80,
      tags: ['lab'],
      vendorInformation: legacy.vendorInformation,
      userStates: [{ accountName: 'alice', domainName: 'CONTOSO', userPrincipalName: 'alice@contoso.com', aadUserId: 'u-1' }],
      hostStates: [{ fqdn: 'ws1.contoso.com', netBiosName: 'WS1', os: 'Windows10', privateIpAddress: '10.0.0.5' }],
      fileStates: [{ name: 'evil.ps1', path: 'C:\\temp', fileHash: { hashType: 'sha256', hashValue: 'ab'.repeat(32) } }],
      malwareStates: [{ name: 'Trojan:PS/Foo', family: 'Foo' }],
    });
    expect(back.networkConnections).toEqual(
      expect.arrayContaining([{ destinationAddress: '203.0.113.7' }, { destinationAddress: '198.51.100.9' }, { destinationUrl: 'http://bad.example/x' }]),
    );
  });

  it('renders the corpus alert_v2 (Defender for Endpoint) as a v1 alert and back', () => {
    const corpusAlert = corpus('v1.0__security-alert__get-response.json');
    const v2 = stampAlert(parseAlertInput(corpusAlert, '/body'), { id: 'id-1', now: '2024-01-01T00:00:00.0000000Z' });
    expect(v2.evidence).toHaveLength(4);
    expect(v2.mitreTechniques).toEqual(['T1564.001']);
    const v1 = alertV2ToLegacy(v2);
    expect(v1).toMatchObject({
      status: 'newAlert',
      severity: 'low',
      azureTenantId: 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c',
      vendorInformation: { provider: 'microsoftDefenderForEndpoint', subProvider: 'antivirus' },
      hostStates: [{ fqdn: 'tempDns', os: 'Windows10', privateIpAddress: '1.1.1.1' }],
      fileStates: [{ name: 'MsSense.exe', fileHash: { hashType: 'sha256' } }],
      processes: [{ processId: 4780, parentProcessName: 'services.exe', accountName: 'SYSTEM' }],
      registryKeyStates: [{ hive: 'HKEY_LOCAL_MACHINE' }],
    });
    const again = stampAlert(parseAlertInput(v1, '/body'), { id: 'id-2', now: '2024-01-01T00:00:00.0000000Z' });
    expect(again).toMatchObject({ title: v2.title, severity: 'low', status: 'new', serviceSource: 'microsoftDefenderForEndpoint', tenantId: v2.tenantId });
    expect(again.evidence.map((e) => e['@odata.type'])).toEqual(
      expect.arrayContaining(['#microsoft.graph.security.deviceEvidence', '#microsoft.graph.security.fileEvidence', '#microsoft.graph.security.processEvidence']),
    );
  });

  it('names the field at fault in a bad legacy alert', () => {
    expect(() => parseAlertInput({ ...legacy, severity: 'catastrophic' }, '/body/3')).toThrow(
      expect.objectContaining({ code: 'BadRequest', field: '/body/3/severity' }),
    );
    expect(() => parseAlertInput({ ...legacy, vendorInformation: {} }, '/body')).toThrow(
      expect.objectContaining({ field: '/body/vendorInformation/provider' }),
    );
  });
});

describe('alert_v2 input', () => {
  it('accepts the corpus alert and keeps unknown evidence kinds whole', () => {
    const input = parseAlertInput(corpus('v1.0__security-alert__get-response.json'), '/body');
    expect(input.evidence?.[3]).toMatchObject({ '@odata.type': '#microsoft.graph.security.registryKeyEvidence', registryHive: 'HKEY_LOCAL_MACHINE' });
  });

  it('accepts enumerations in any case and normalizes timestamps', () => {
    const input = parseAlertInput({ title: 't', severity: 'HIGH', status: 'InProgress', createdDateTime: '2024-05-05T10:00:00.5+02:00' }, '');
    expect(input).toMatchObject({ severity: 'high', status: 'inProgress', createdDateTime: '2024-05-05T08:00:00.5000000Z' });
  });

  it('names the evidence field that is wrong', () => {
    const bad = { title: 't', evidence: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: 42 }] };
    expect(() => parseAlertInput(bad, '/body')).toThrow(expect.objectContaining({ field: '/body/evidence/0/ipAddress' }));
    expect(() => parseAlertInput({ title: '' }, '/body')).toThrow(expect.objectContaining({ field: '/body/title' }));
    expect(() => parseAlertInput({ title: 't', createdDateTime: 'yesterday' }, '/body')).toThrow(expect.objectContaining({ field: '/body/createdDateTime' }));
  });
});
