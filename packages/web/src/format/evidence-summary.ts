// An alert's evidence as the entity list shows it: its kind (`ipEvidence` → `ip`) and one name an
// analyst recognises. Evidence comes from outside detectors, so nothing about its shape is trusted.

/** Where each kind keeps the name worth showing, best first (paths into the evidence object). */
const namePaths: string[][] = [
  ['userAccount', 'userPrincipalName'],
  ['userAccount', 'accountName'],
  ['userAccount', 'displayName'],
  ['deviceDnsName'],
  ['hostName'],
  ['ipAddress'],
  ['url'],
  ['fileDetails', 'fileName'],
  ['processCommandLine'],
  ['imageFile', 'fileName'],
  ['primaryAddress'],
  ['resourceName'],
  ['resourceId'],
  ['displayName'],
];

const maxName = 200;

/** The kind and the name of one piece of evidence; anything unreadable falls back to the kind. */
export function evidenceSummary(evidence: unknown): { kind: string; name: string } {
  const record = isRecord(evidence) ? evidence : {};
  const type = typeof record['@odata.type'] === 'string' ? record['@odata.type'] : '';
  const kind = type.replace(/^#?microsoft\.graph\.security\./, '').replace(/Evidence$/, '') || 'evidence';
  for (const path of namePaths) {
    const value = path.reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), record);
    if (typeof value === 'string' && value.trim()) return { kind, name: value.trim().slice(0, maxName) };
  }
  return { kind, name: kind };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
