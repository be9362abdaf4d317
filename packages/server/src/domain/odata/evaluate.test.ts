import { describe, expect, it } from 'vitest';
import { matchesFilter } from './evaluate.ts';
import { parseFilter } from './filter-parser.ts';

const alert = {
  severity: 'high',
  status: 'new',
  title: "Suspicious sign-in from O'Brien",
  riskScore: 70,
  isActive: true,
  assignedTo: null,
  createdDateTime: '2026-01-02T10:00:00.000Z',
  tags: ['phishing', 'vip'],
  evidence: [
    { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'bob', domainName: 'contoso' } },
    { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '10.0.0.1' },
  ],
};
const matches = (filter: string): boolean => matchesFilter(parseFilter(filter), alert);

describe('matchesFilter', () => {
  it.each([
    ["severity eq 'high'", true],
    ["severity ne 'high'", false],
    ['riskScore gt 70', false],
    ['riskScore ge 70', true],
    ['riskScore lt 71', true],
    ['riskScore le 69', false],
    ["severity eq 'high' and status eq 'resolved'", false],
    ["severity eq 'low' or status eq 'new'", true],
    ["not (severity eq 'low')", true],
    ["severity in ('medium', 'high')", true],
    ["severity in ('low')", false],
    ["startswith(title, 'Suspicious')", true],
    ["startswith(title, 'suspicious')", false],
    ["endswith(title, 'O''Brien')", true],
    ["contains(title, 'sign-in')", true],
    ["evidence/any(e: e/userAccount/accountName eq 'bob')", true],
    ["evidence/any(e: e/userAccount/accountName eq 'alice')", false],
    ["evidence/all(e: e/ipAddress ne null)", false],
    ["tags/any(t: t eq 'vip')", true],
    ["tags/all(t: t ne 'spam')", true],
    ['tags/any()', true],
    ['createdDateTime gt 2026-01-01T00:00:00Z', true],
    ['createdDateTime lt 2026-01-02T11:00:00+02:00', false],
    ['isActive', true],
    ['assignedTo eq null', true],
    ['missing eq null', true],
    ["assignedTo ne 'x'", true],
    ["assignedTo eq 'x'", false],
    ['assignedTo gt 1', false],
    ["riskScore eq '70'", false],
    ['missing/any(m: m eq 1)', false],
    ['missing/all(m: m eq 1)', true],
    ["Severity eq 'high'", true],
    ["evidence/any(e: e/UserAccount/AccountName eq 'bob')", true],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});
