import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stampAlert } from '../alerts/alert-intake.ts';
import type { AlertSeverity } from '../alerts/alert-schema.ts';
import { applyAlertToIncident, incidentFromAlert } from './incident-from-alert.ts';
import { defaultSlaPolicy } from './sla.ts';

const now = '2026-02-01T12:00:00.0000000Z';
const time = fc.integer({ min: 0, max: 5 }).map((h) => `2026-02-01T0${h}:00:00.0000000Z`);
const word = fc.constantFrom('a', 'b', 'c');
const severity = fc.constantFrom<AlertSeverity>('unknown', 'informational', 'low', 'medium', 'high');
const alertOf = (over: Record<string, unknown>) => stampAlert({ title: 't', ...over } as never, { id: 'a2', now });

const fields = ['severity', 'firstActivityTimeUtc', 'lastActivityTimeUtc', 'relatedAnalyticRuleIds', 'tactics', 'alertProductNames'] as const;

describe('applyAlertToIncident', () => {
  it('reports exactly the fields whose JSON differs, with before and after (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.record({ first: time, last: time, rules: fc.array(word, { maxLength: 3 }), tactics: fc.array(word, { maxLength: 3 }), products: fc.array(word, { maxLength: 3 }), severity }),
        fc.record({ first: fc.option(time), last: fc.option(time), created: time, detector: fc.option(word), category: fc.option(word), source: fc.option(word), severity }),
        (i, a) => {
          const base = incidentFromAlert(alertOf({ severity: i.severity }), [], { id: 'i1', now }, defaultSlaPolicy);
          const incident = {
            ...base, number: 1, providerIncidentId: '1', firstActivityTimeUtc: i.first, lastActivityTimeUtc: i.last,
            relatedAnalyticRuleIds: i.rules, tactics: i.tactics, alertProductNames: i.products,
          };
          const alert = alertOf({
            severity: a.severity, firstActivityDateTime: a.first, lastActivityDateTime: a.last, createdDateTime: a.created,
            detectorId: a.detector, category: a.category, serviceSource: a.source,
          });
          const { incident: next, changes } = applyAlertToIncident(incident, alert, [], false, now);
          const expected = fields
            .filter((f) => JSON.stringify(incident[f]) !== JSON.stringify(next[f]))
            .map((f) => ({ field: f, before: incident[f], after: next[f] }));
          expect(changes).toEqual(expected);
          expect(next.lastModifiedTimeUtc).toBe(changes.length > 0 ? now : incident.lastModifiedTimeUtc);
        },
      ),
    );
  });
});
