import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidenceSummary } from './evidence-summary.ts';

const ns = '#microsoft.graph.security.';

describe('evidenceSummary', () => {
  it('names each kind of evidence by what an analyst recognises', () => {
    expect(evidenceSummary({ '@odata.type': `${ns}userEvidence`, userAccount: { accountName: 'alice', userPrincipalName: 'alice@contoso.com' } })).toEqual({ kind: 'user', name: 'alice@contoso.com' });
    expect(evidenceSummary({ '@odata.type': `${ns}deviceEvidence`, deviceDnsName: 'ws-0042.contoso.com', hostName: 'WS-0042' })).toEqual({ kind: 'device', name: 'ws-0042.contoso.com' });
    expect(evidenceSummary({ '@odata.type': `${ns}ipEvidence`, ipAddress: '203.0.113.66' })).toEqual({ kind: 'ip', name: '203.0.113.66' });
    expect(evidenceSummary({ '@odata.type': `${ns}fileEvidence`, fileDetails: { fileName: 'evil.exe' } })).toEqual({ kind: 'file', name: 'evil.exe' });
    expect(evidenceSummary({ '@odata.type': `${ns}processEvidence`, imageFile: { fileName: 'powershell.exe' } })).toEqual({ kind: 'process', name: 'powershell.exe' });
    expect(evidenceSummary({ '@odata.type': `${ns}mailboxEvidence`, primaryAddress: 'bob@contoso.com' })).toEqual({ kind: 'mailbox', name: 'bob@contoso.com' });
  });

  it('falls back to the kind when no name is there, and to "evidence" without a type', () => {
    expect(evidenceSummary({ '@odata.type': `${ns}registryKeyEvidence`, registryKey: 'HKLM' })).toEqual({ kind: 'registryKey', name: 'registryKey' });
    expect(evidenceSummary({ ipAddress: 7 })).toEqual({ kind: 'evidence', name: 'evidence' });
    expect(evidenceSummary(null)).toEqual({ kind: 'evidence', name: 'evidence' });
  });

  it('never throws and never answers an empty or overlong name, whatever a detector sent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ '@odata.type': fc.string(), userAccount: fc.anything(), url: fc.anything(), hostName: fc.string() })), (value) => {
        const { kind, name } = evidenceSummary(value);
        expect(kind.length).toBeGreaterThan(0);
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(200);
      }),
    );
  });
});
