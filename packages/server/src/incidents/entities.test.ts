import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlertInput, stampAlert } from '../alerts/alert-intake.ts';
import { entitiesOfAlert, mergeEntities } from './entities.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const corpusAlert = JSON.parse(readFileSync(pathToFileURL(`${corpusDir}/graph-security/v1.0__security-alert__get-response.json`), 'utf8'));

describe('entities of an alert', () => {
  it('turns the corpus evidence into Sentinel entity kinds', () => {
    const alert = stampAlert(parseAlertInput(corpusAlert, ''), { id: 'a', now: '2024-01-01T00:00:00.0000000Z' });
    const entities = entitiesOfAlert(alert);
    expect(entities.map((e) => e.kind)).toEqual(['Host', 'File', 'FileHash', 'FileHash', 'Process', 'Account', 'RegistryKey']);
    expect(entities[0]).toMatchObject({ key: 'host:tempdns', properties: { mdatpDeviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db' } });
    expect(entities.find((e) => e.kind === 'Account')).toMatchObject({ key: 'account:nt authority\\system', friendlyName: 'System' });
  });

  it('treats the same user in different letter case as one entity', () => {
    const ev = (upn: string) => ({ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: upn } });
    const alert = stampAlert(parseAlertInput({ title: 't', evidence: [ev('Ann@Contoso.com'), ev('ann@contoso.com')] }, ''), { id: 'a', now: '2024-01-01T00:00:00.0000000Z' });
    expect(entitiesOfAlert(alert).map((e) => e.key)).toEqual(['account:ann@contoso.com']);
  });

  it('merges entity lists by key, keeping order', () => {
    const e = (key: string) => ({ kind: 'Ip' as const, key, friendlyName: key, properties: {} });
    expect(mergeEntities([e('a'), e('b')], [e('b'), e('c')]).map((x) => x.key)).toEqual(['a', 'b', 'c']);
  });
});
