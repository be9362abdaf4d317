import { describe, expect, it } from 'vitest';
import { stampAlert } from '../alerts/alert-intake.ts';
import { incidentFromAlert } from './incident-from-alert.ts';
import type { Incident } from './incident-schema.ts';
import { patchIncident, phaseTransitionAllowed } from './incident-patch.ts';
import { defaultSlaPolicy, slaAsOf } from './sla.ts';

const now = '2026-01-01T00:00:00.0000000Z';
const later = '2026-01-01T02:00:00.0000000Z';
const incident = (): Incident => ({
  ...incidentFromAlert(stampAlert({ title: 't', severity: 'low' }, { id: 'a', now }), [], { id: 'i', now }, defaultSlaPolicy),
  number: 1,
  providerIncidentId: '1',
});

describe('patchIncident', () => {
  it('reports exactly the fields that changed', () => {
    const { changes, incident: next } = patchIncident(incident(), { severity: 'High', title: 't' }, later);
    expect(changes).toEqual([{ field: 'severity', before: 'Low', after: 'High' }]);
    expect(next.lastModifiedTimeUtc).toBe(later);
    expect(patchIncident(incident(), { title: 't' }, later).changes).toEqual([]);
  });

  it('acknowledges the SLA when an owner is set or the status leaves New', () => {
    expect(patchIncident(incident(), { owner: { assignedTo: 'ann' } }, later).incident.sla.acknowledgedAt).toBe(later);
    expect(patchIncident(incident(), { status: 'Active' }, later).incident.sla.acknowledgedAt).toBe(later);
    expect(patchIncident(incident(), { description: 'x' }, later).incident.sla.acknowledgedAt).toBeNull();
  });

  it('clears optional fields set to null and replaces the owner as a whole', () => {
    const owned = patchIncident(incident(), { owner: { email: 'a@b.c', assignedTo: 'A' }, objective: 'x' }, later).incident;
    const next = patchIncident(owned, { owner: null, objective: null }, later).incident;
    expect(next.owner).toEqual({ objectId: null, email: null, assignedTo: null, userPrincipalName: null });
    expect(next.objective).toBeNull();
  });
});

describe('response phases', () => {
  it.each([
    ['Investigation', 'Containment', true],
    ['Investigation', 'Recovery', true],
    ['Containment', 'Investigation', false],
    ['Recovery', 'Escalated', true],
    ['Escalated', 'Containment', true],
    ['Resolved', 'Escalated', false],
    ['Escalated', 'Resolved', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(phaseTransitionAllowed(from, to)).toBe(allowed);
  });
});

describe('SLA', () => {
  it('warns before a deadline and flags it once passed', () => {
    const i = incident(); // Low: acknowledge within 4 h, recover within 24 h
    expect(slaAsOf(i, '2026-01-01T03:30:00.0000000Z', defaultSlaPolicy).warnings).toEqual(['acknowledge-due-soon']);
    expect(slaAsOf(i, '2026-01-01T05:00:00.0000000Z', defaultSlaPolicy)).toMatchObject({ acknowledgeBreached: true, warnings: ['acknowledge-overdue'] });
    expect(slaAsOf(i, '2026-01-01T23:30:00.0000000Z', defaultSlaPolicy).warnings).toEqual(['acknowledge-overdue', 'recovery-due-soon']);
  });

  it('stops counting once acknowledged and recovered in time', () => {
    const acked = patchIncident(incident(), { status: 'Closed', classification: 'BenignPositive' }, later).incident;
    expect(slaAsOf(acked, '2026-01-05T00:00:00.0000000Z', defaultSlaPolicy)).toMatchObject({ acknowledgeBreached: false, recoveryBreached: false, warnings: [] });
  });
});
