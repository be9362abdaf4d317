import type { AlertInput } from '../alerts/alert-schema.ts';
import { ingestAlerts } from '../alerts/ingest-alerts.ts';
import type { SecurityStore } from '../store/security-store.ts';
import type { SecurityContext } from './security-context.ts';
import { securityContext } from './security-context.ts';

const ev = (kind: string, fields: Record<string, unknown>) => ({ '@odata.type': `#microsoft.graph.security.${kind}`, verdict: 'suspicious', remediationStatus: 'none', roles: [], ...fields });

/** A few alerts that correlate into incidents: two share a user and a device, one stands alone. */
export const demoAlerts: AlertInput[] = [
  {
    providerAlertId: 'demo-1',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'customDetection',
    detectorId: 'demo-rule-encoded-powershell',
    title: 'Encoded PowerShell command on WS-0042',
    description: 'powershell.exe ran with -EncodedCommand from an Office child process.',
    severity: 'medium',
    category: 'Execution',
    mitreTechniques: ['T1059.001'],
    evidence: [
      ev('userEvidence', { userAccount: { accountName: 'alice', domainName: 'CONTOSO', userPrincipalName: 'alice@contoso.com', displayName: 'Alice Example' } }) as never,
      ev('deviceEvidence', { deviceDnsName: 'ws-0042.contoso.com', hostName: 'WS-0042', osPlatform: 'Windows11' }) as never,
      ev('processEvidence', { processId: 4242, processCommandLine: 'powershell.exe -enc SQBFAFgA', imageFile: { fileName: 'powershell.exe', filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0' } }) as never,
    ],
  },
  {
    providerAlertId: 'demo-2',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'microsoftDefenderForEndpoint',
    detectorId: 'demo-rule-c2-beacon',
    title: 'Connection to a known command-and-control address',
    severity: 'high',
    category: 'CommandAndControl',
    mitreTechniques: ['T1071'],
    evidence: [
      ev('deviceEvidence', { deviceDnsName: 'ws-0042.contoso.com', hostName: 'WS-0042' }) as never,
      ev('ipEvidence', { ipAddress: '203.0.113.66', countryLetterCode: 'ZZ' }) as never,
    ],
  },
  {
    providerAlertId: 'demo-3',
    serviceSource: 'microsoftDefenderForOffice365',
    detectorId: 'demo-rule-phish-url',
    title: 'Phishing link clicked',
    severity: 'low',
    category: 'InitialAccess',
    evidence: [
      ev('mailboxEvidence', { primaryAddress: 'bob@contoso.com', displayName: 'Bob Example' }) as never,
      ev('urlEvidence', { url: 'http://login.contoso-support.example/reset' }) as never,
    ],
  },
];

/** Inserts the demo alerts (idempotently); they correlate into incidents as real alerts would. */
export async function seedDemoData(store: SecurityStore, context: Partial<SecurityContext> = {}) {
  const ctx = securityContext({ ...context, store });
  return ingestAlerts(ctx, demoAlerts, 'demo');
}
