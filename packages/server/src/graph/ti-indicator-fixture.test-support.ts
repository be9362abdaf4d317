/** Test support: five indicators covering every kind of tiIndicator property, in ingestion order. */
export const seedIndicators: Record<string, unknown>[] = [
  {
    action: 'block', networkIPv4: '198.51.100.7', threatType: 'C2', tlpLevel: 'red', severity: 5, confidence: 90,
    targetProduct: 'Azure Sentinel', tags: ['apt', 'c2'], description: 'command and control', expirationDateTime: '2099-01-01T00:00:00Z',
  },
  {
    action: 'alert', domainName: 'evil.example', threatType: 'Phishing', tlpLevel: 'amber', severity: 2, confidence: 50,
    description: 'phishing landing page', expirationDateTime: '2098-06-01T00:00:00Z',
  },
  { action: 'allow', url: 'https://good.example/path', threatType: 'WatchList', tlpLevel: 'white', severity: 0, expirationDateTime: '2097-01-01T00:00:00Z' },
  {
    // Expired: shown with isActive false.
    action: 'block', fileHashType: 'sha256', fileHashValue: 'a'.repeat(64), threatType: 'Malware', tlpLevel: 'green', severity: 4, confidence: 70,
    targetProduct: 'Microsoft Defender ATP', expirationDateTime: '2020-01-01T00:00:00Z',
  },
  {
    // Deactivated: shown with isActive false.
    action: 'block', domainName: 'bad-cdn.example', threatType: 'MaliciousUrl', tlpLevel: 'red', severity: 3, confidence: 80, isActive: false,
    expirationDateTime: '2099-06-01T00:00:00.5Z',
  },
];

/** A short name for an indicator in assertions: its observable ("hash" for the file hash). */
export function observableLabel(item: Record<string, unknown>): string {
  return String(item.networkIPv4 ?? item.domainName ?? item.url ?? (item.fileHashValue ? 'hash' : '?'));
}

const ip = '198.51.100.7';
const domain = 'evil.example';
const url = 'https://good.example/path';
const hash = 'hash';
const cdn = 'bad-cdn.example';

/** Every OData operator the alert endpoints support, over the seed indicators, and what each selects (ingestion order). */
export const indicatorFilterCases: [string, string[]][] = [
  ["action eq 'block'", [ip, hash, cdn]],
  ["action eq 'Block'", [ip, hash, cdn]],
  ["action ne 'block'", [domain, url]],
  ['severity gt 3', [ip, hash]],
  ['severity ge 3', [ip, hash, cdn]],
  ['severity lt 2', [url]],
  ['severity le 2', [domain, url]],
  ['expirationDateTime lt 2098-06-01T00:00:00Z', [url, hash]],
  ['expirationDateTime le 2098-06-01T00:00:00.000Z', [domain, url, hash]],
  ['expirationDateTime gt 2099-06-01T00:00:00Z', [cdn]],
  ["threatType eq 'c2' and tlpLevel eq 'RED'", [ip]],
  ["tlpLevel eq 'white' or threatType eq 'Malware'", [url, hash]],
  ["not (action eq 'block')", [domain, url]],
  ["not contains(description, 'phish')", [ip, url, hash, cdn]],
  ["threatType in ('Phishing', 'MaliciousUrl')", [domain, cdn]],
  ["startswith(domainName, 'evil')", [domain]],
  ["endswith(domainName, '.example')", [domain, cdn]],
  ["contains(url, 'good')", [url]],
  ["contains(description, 'phish')", [domain]],
  ['confidence eq null', [url]],
  ['confidence ne null and confidence lt 75', [domain, hash]],
  ['isActive eq false', [hash, cdn]],
  ["isActive eq true and action eq 'block'", [ip]],
  ["tags/any(t: t eq 'apt')", [ip]],
  ["targetProduct eq 'Riposte'", [domain, url, cdn]],
  [`networkIPv4 eq '${ip}'`, [ip]],
  ["fileHashType eq 'SHA256'", [hash]],
  [`fileHashValue eq '${'a'.repeat(64)}'`, [hash]],
  ["(action eq 'block' or action eq 'alert') and severity ge 3 and not (tlpLevel in ('green'))", [ip, cdn]],
];
