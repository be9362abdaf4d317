import { describe, expect, it } from 'vitest';
import { defaultCorrelationConfig } from '../incidents/correlation.ts';
import { resolveServerConfig } from './server-config.ts';

describe('server settings', () => {
  it('defaults everything', () => {
    const c = resolveServerConfig({});
    expect(c.correlation).toBe(defaultCorrelationConfig);
    expect(c.sla.recoverMinutes).toBe(1440);
  });

  it('takes correlation rules and a partial SLA policy', () => {
    const c = resolveServerConfig({
      correlation: { rules: [{ kind: 'sharedEntity', windowMinutes: 15, entityKinds: ['Host'] }] },
      sla: { acknowledgeMinutes: { High: 10 }, recoverMinutes: 480 },
    });
    expect(c.correlation.rules).toEqual([{ kind: 'sharedEntity', windowMinutes: 15, entityKinds: ['Host'] }]);
    expect(c.sla.acknowledgeMinutes).toEqual({ High: 10, Medium: 60, Low: 240, Informational: 1440 });
    expect(c.sla.recoverMinutes).toBe(480);
  });

  it('takes the response process settings, naming a bad field', () => {
    const c = resolveServerConfig({ response: { changeGate: 'fail', triage: { assignedTo: 'IR retainer', ownerType: 'Group' }, relayConnection: 'smtp-relay' } });
    expect(c.response).toEqual({ changeGate: { mode: 'fail' }, escalation: { triage: { assignedTo: 'IR retainer', ownerType: 'Group' } }, relayConnection: 'smtp-relay' });
    expect(resolveServerConfig({}).response).toBeUndefined();
    expect(() => resolveServerConfig({ response: { changeGate: 'ask' } })).toThrow(expect.objectContaining({ field: '/response/changeGate' }));
  });

  it('names the field at fault', () => {
    expect(() => resolveServerConfig({ correlation: { rules: [{ kind: 'sameTitle', windowMinutes: 0 }] } })).toThrow(
      expect.objectContaining({ field: '/correlation/rules/0/windowMinutes' }),
    );
    expect(() => resolveServerConfig({ correlation: { rules: [{ kind: 'sameColour', windowMinutes: 5 }] } })).toThrow(
      expect.objectContaining({ field: '/correlation/rules/0/kind' }),
    );
    // An unknown key is named itself, not its parent object.
    expect(() => resolveServerConfig({ sla: { acknowledgeMinutes: { Critical: 5 } } })).toThrow(expect.objectContaining({ field: '/sla/acknowledgeMinutes/Critical' }));
  });
});
