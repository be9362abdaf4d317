import type { Alert } from '../alerts/alert-schema.ts';
import { parseAlertInput } from '../alerts/alert-intake.ts';
import { ingestAlerts } from '../alerts/ingest-alerts.ts';
import type { BuildAppOptions } from '../app/build-app.ts';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';
import type { GraphModuleOptions } from './graph-module.ts';
import { graphModule } from './graph-module.ts';

/** Test support: six alerts covering every filterable kind of property. */
export const seedAlerts = [
  {
    providerAlertId: 'p1', title: 'Suspicious sign-in', severity: 'high', status: 'new', category: 'InitialAccess',
    serviceSource: 'microsoftDefenderForIdentity', assignedTo: 'alice@contoso.com', createdDateTime: '2026-01-01T10:00:00Z',
    mitreTechniques: ['T1078'], systemTags: ['vip'],
    evidence: [{ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'alice', domainName: 'contoso' } }],
  },
  { providerAlertId: 'p2', title: 'Malware detected', severity: 'high', status: 'inProgress', category: 'Malware', serviceSource: 'microsoftDefenderForEndpoint', createdDateTime: '2026-01-02T10:00:00Z' },
  {
    providerAlertId: 'p3', title: 'Port scan', severity: 'medium', status: 'new', category: 'Discovery', serviceSource: 'microsoftDefenderForEndpoint',
    createdDateTime: '2026-01-03T10:00:00Z', evidence: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '10.1.2.3' }],
  },
  { providerAlertId: 'p4', title: 'Phishing mail', severity: 'low', status: 'resolved', classification: 'truePositive', category: 'InitialAccess', serviceSource: 'microsoftDefenderForOffice365', createdDateTime: '2026-01-04T10:00:00Z' },
  { providerAlertId: 'p5', title: 'Ransomware behavior', severity: 'high', status: 'new', category: 'Impact', serviceSource: 'microsoftDefenderForEndpoint', createdDateTime: '2026-01-05T10:00:00Z', mitreTechniques: ['T1486', 'T1078'] },
  { providerAlertId: 'p6', title: 'Test alert', severity: 'informational', status: 'new', category: 'Test', serviceSource: 'riposte', createdDateTime: '2026-01-06T10:00:00Z' },
];

export interface GraphTestApp extends TestApp {
  alerts: Alert[];
}

/** An app with the Graph module and the seed alerts (and the incidents correlation made of them). */
export async function buildGraphTestApp(options: { graph?: GraphModuleOptions; app?: Partial<BuildAppOptions>; seed?: boolean } = {}): Promise<GraphTestApp> {
  const t = await buildTestApp({ ...options.app, modules: [graphModule(options.graph)] });
  let alerts: Alert[] = [];
  if (options.seed !== false) {
    ({ alerts } = await ingestAlerts(t.app.riposte, seedAlerts.map((a, i) => parseAlertInput(a, `/${i}`)), 'test'));
  }
  return { ...t, alerts };
}

/** Test support: every OData operator over the seed alerts, and the titles it selects (oldest first). */
export const alertFilterCases: [string, string[]][] = [
  ["severity eq 'high'", ['Suspicious sign-in', 'Malware detected', 'Ransomware behavior']],
  ["severity eq 'High'", ['Suspicious sign-in', 'Malware detected', 'Ransomware behavior']],
  ["severity ne 'high'", ['Port scan', 'Phishing mail', 'Test alert']],
  ['createdDateTime gt 2026-01-04T10:00:00Z', ['Ransomware behavior', 'Test alert']],
  ['createdDateTime ge 2026-01-04T10:00:00Z', ['Phishing mail', 'Ransomware behavior', 'Test alert']],
  ['createdDateTime lt 2026-01-02T10:00:00Z', ['Suspicious sign-in']],
  ['createdDateTime le 2026-01-02T10:00:00.000Z', ['Suspicious sign-in', 'Malware detected']],
  ["severity eq 'high' and status eq 'new'", ['Suspicious sign-in', 'Ransomware behavior']],
  ["severity eq 'low' or status eq 'inProgress'", ['Malware detected', 'Phishing mail']],
  ["not (severity eq 'high')", ['Port scan', 'Phishing mail', 'Test alert']],
  ["severity in ('low', 'medium')", ['Port scan', 'Phishing mail']],
  ["startswith(title, 'P')", ['Port scan', 'Phishing mail']],
  ["endswith(title, 'detected')", ['Malware detected']],
  ["contains(title, 'sign')", ['Suspicious sign-in']],
  ["mitreTechniques/any(t: t eq 'T1078')", ['Suspicious sign-in', 'Ransomware behavior']],
  ["evidence/any(e: e/userAccount/accountName eq 'alice')", ['Suspicious sign-in']],
  ["classification eq 'truePositive'", ['Phishing mail']],
  ['classification eq null', ['Suspicious sign-in', 'Malware detected', 'Port scan', 'Ransomware behavior', 'Test alert']],
  ["serviceSource eq 'microsoftDefenderForEndpoint' and not contains(title, 'Port')", ['Malware detected', 'Ransomware behavior']],
];
