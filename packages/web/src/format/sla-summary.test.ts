import { describe, expect, it } from 'vitest';
import type { IncidentSla } from '../api/types.ts';
import { slaState } from './sla-summary.ts';

const clock: IncidentSla = {
  acknowledgeBy: '2026-11-29T04:00:00Z',
  recoverBy: '2026-11-30T03:00:00Z',
  acknowledgedAt: null,
  recoveredAt: null,
  acknowledgeBreached: false,
  recoveryBreached: false,
  warnings: [],
};

describe('SLA state in the queue', () => {
  it('is on track until a warning or a breach', () => {
    expect(slaState(clock).label).toBe('On track');
    expect(slaState({ ...clock, warnings: ['acknowledge-due-soon'] }).label).toBe('Due soon');
  });

  it('is breached when not acknowledged in time, until someone acknowledges', () => {
    expect(slaState({ ...clock, acknowledgeBreached: true, warnings: ['acknowledge-overdue'] })).toMatchObject({ label: 'Breached', tone: 'bad' });
    expect(slaState({ ...clock, acknowledgeBreached: true, acknowledgedAt: '2026-11-29T05:00:00Z' }).label).toBe('On track');
  });

  it('tells a met SLA from a late recovery', () => {
    expect(slaState({ ...clock, acknowledgedAt: 'x', recoveredAt: '2026-11-29T10:00:00Z' }).label).toBe('Met');
    expect(slaState({ ...clock, acknowledgedAt: 'x', recoveredAt: '2026-12-01T00:00:00Z', recoveryBreached: true }).label).toBe('Recovered late');
  });
});
