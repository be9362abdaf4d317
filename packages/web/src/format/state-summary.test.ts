import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedFirst, stateLines, stateValue } from './state-summary.ts';

describe('resource state summary', () => {
  it('shows an LDAP user as its fields, nested records by path', () => {
    const before = { dn: 'uid=alice,ou=people,dc=riposte,dc=test', enabled: true, lock: { pwdAccountLockedTime: null } };
    expect(stateLines(before).lines).toEqual(['dn: uid=alice,ou=people,dc=riposte,dc=test', 'enabled: true', 'lock.pwdAccountLockedTime: —']);
  });

  it('joins a group list and says when the resource did not exist', () => {
    expect(stateLines({ groups: ['cn=finance', 'cn=vpn-users'] }).lines).toEqual(['groups: cn=finance, cn=vpn-users']);
    expect(stateLines({ groups: [] }).lines).toEqual(['groups: none']);
    expect(stateLines(null).lines).toEqual(['none (did not exist)']);
  });

  it('shows the redaction marker as "redacted", never its JSON', () => {
    expect(stateValue({ $redacted: true })).toBe('redacted');
    expect(stateLines({ body: { $redacted: true } }).lines).toEqual(['body: redacted']);
  });

  it('keeps to the limit and counts the rest', () => {
    const state = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, i]));
    expect(stateLines(state, 4)).toEqual({ lines: ['f0: 0', 'f1: 1', 'f2: 2', 'f3: 3'], more: 6 });
  });

  it('leads with the fields a change altered', () => {
    expect(changedFirst({ dn: 'x', enabled: true }, { dn: 'x', enabled: false })).toEqual(['enabled: false', 'dn: x']);
  });

  it('never throws, stays within the limit, and keeps every line short, whatever the state', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 10 }), (state, limit) => {
        const { lines, more } = stateLines(state, limit);
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.length).toBeLessThanOrEqual(limit);
        expect(more).toBeGreaterThanOrEqual(0);
        // A path (60) plus ": " plus a value (80).
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(142);
      }),
    );
  });
});
