import { describe, expect, it } from 'vitest';
import type { CorrelationCandidate, CorrelationConfig } from './correlation.ts';
import { chooseIncident, correlationKeys, defaultCorrelationConfig } from './correlation.ts';
import type { IncidentEntity } from './incident-schema.ts';

const ip = (address: string): IncidentEntity => ({ kind: 'Ip', key: `ip:${address}`, friendlyName: address, properties: { address } });
const t = (h: number, m = 0) => `2026-01-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.0000000Z`;
const cand = (incidentId: string, incidentNumber: number, key: string, lastSeen: string): CorrelationCandidate => ({ incidentId, incidentNumber, key, lastSeen });

describe('correlation keys', () => {
  it('derives title, detector and entity keys per rule, ignoring case of titles', () => {
    const keys = correlationKeys({ title: ' Suspicious Logon ', detectorId: 'Rule-1' }, [ip('10.0.0.1')], defaultCorrelationConfig);
    expect(keys).toEqual([
      { rule: 0, key: 'detector:rule-1' },
      { rule: 1, key: 'title:suspicious logon' },
      { rule: 2, key: 'entity:ip:10.0.0.1' },
    ]);
  });

  it('limits entity keys to the configured kinds', () => {
    const config: CorrelationConfig = { rules: [{ kind: 'sharedEntity', windowMinutes: 60, entityKinds: ['Account'] }] };
    expect(correlationKeys({ title: 'x', detectorId: null }, [ip('1.1.1.1')], config)).toEqual([]);
  });
});

describe('choosing the incident an alert joins', () => {
  const config: CorrelationConfig = {
    rules: [
      { kind: 'sameDetector', windowMinutes: 60 },
      { kind: 'sharedEntity', windowMinutes: 30 },
    ],
  };
  const keys = correlationKeys({ title: 'x', detectorId: 'd' }, [ip('1.2.3.4')], config);

  it('opens a new incident when nothing correlates', () => {
    expect(chooseIncident(t(10), keys, [], config)).toBeUndefined();
  });

  it('joins an incident seen within the rule window, not one outside it', () => {
    expect(chooseIncident(t(10), keys, [cand('i1', 1, 'detector:d', t(9, 30))], config)?.incidentId).toBe('i1');
    expect(chooseIncident(t(10), keys, [cand('i1', 1, 'detector:d', t(8, 59))], config)).toBeUndefined();
  });

  it('applies each rule with its own window', () => {
    // Entity seen 45 minutes ago: inside the detector window but outside the 30-minute entity window.
    expect(chooseIncident(t(10), keys, [cand('i1', 1, 'entity:ip:1.2.3.4', t(9, 15))], config)).toBeUndefined();
    expect(chooseIncident(t(10), keys, [cand('i1', 1, 'entity:ip:1.2.3.4', t(9, 45))], config)?.rule.kind).toBe('sharedEntity');
  });

  it('prefers earlier rules, then the most recently seen incident, then the lower number', () => {
    const candidates = [
      cand('entity-match', 1, 'entity:ip:1.2.3.4', t(9, 59)),
      cand('older', 2, 'detector:d', t(9, 10)),
      cand('newer', 4, 'detector:d', t(9, 50)),
      cand('tie', 3, 'detector:d', t(9, 50)),
    ];
    expect(chooseIncident(t(10), keys, candidates, config)?.incidentId).toBe('tie');
    // Same answer whatever order the store returns candidates in.
    expect(chooseIncident(t(10), keys, [...candidates].reverse(), config)?.incidentId).toBe('tie');
  });

  it('ignores candidates whose key the alert does not carry', () => {
    expect(chooseIncident(t(10), keys, [cand('i1', 1, 'title:x', t(10))], config)).toBeUndefined();
  });
});
