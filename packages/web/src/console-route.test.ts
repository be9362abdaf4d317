import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsoleRoute } from './console-route.ts';
import { parseRoute, routeHref } from './console-route.ts';

const segment = fc.string({ minLength: 1, maxLength: 20 });
const route: fc.Arbitrary<ConsoleRoute> = fc.oneof(
  fc.constant({ page: 'incidents' as const }),
  segment.map((id) => ({ page: 'incident' as const, id })),
  fc.constant({ page: 'alerts' as const }),
  fc.record({ page: fc.constant('alerts' as const), alertId: segment }),
  fc.constant({ page: 'approvals' as const }),
  fc.constant({ page: 'automations' as const }),
  fc.constant({ page: 'automation-rules' as const }),
  fc.constant({ page: 'playbooks' as const }),
  fc.record({ page: fc.constant('playbooks' as const), playbookId: segment }),
  fc.record({ page: fc.constant('playbooks' as const), playbookId: segment, runId: segment }),
  fc.constant({ page: 'connections' as const }),
  fc.record({ page: fc.constant('connections' as const), api: segment }),
);

describe('console routes', () => {
  it('reads the views an analyst links to', () => {
    expect(parseRoute('')).toEqual({ page: 'incidents' });
    expect(parseRoute('#/incidents/12')).toEqual({ page: 'incident', id: '12' });
    expect(parseRoute('#/alerts')).toEqual({ page: 'alerts' });
    expect(parseRoute('#/alerts/a-1')).toEqual({ page: 'alerts', alertId: 'a-1' });
    expect(routeHref({ page: 'alerts', alertId: 'a/1' })).toBe('#/alerts/a%2F1');
    expect(parseRoute('#/approvals')).toEqual({ page: 'approvals' });
    expect(routeHref({ page: 'approvals' })).toBe('#/approvals');
    expect(parseRoute('#/automations')).toEqual({ page: 'automations' });
    expect(parseRoute('#/automation-rules')).toEqual({ page: 'automation-rules' });
    expect(routeHref({ page: 'automation-rules' })).toBe('#/automation-rules');
    expect(parseRoute('#/playbooks/p1/runs/r1')).toEqual({ page: 'playbooks', playbookId: 'p1', runId: 'r1' });
    expect(parseRoute('#/connections/jira')).toEqual({ page: 'connections', api: 'jira' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'incidents' });
  });

  it('keeps a malformed escape as typed instead of failing', () => {
    expect(parseRoute('#/incidents/50%')).toEqual({ page: 'incident', id: '50%' });
  });

  it('reads back every link it writes, ids with slashes and percent signs included', () => {
    fc.assert(
      fc.property(route, (r) => {
        const parsed = parseRoute(routeHref(r));
        expect(parsed).toEqual(JSON.parse(JSON.stringify(r)));
      }),
    );
  });

  it('never throws on any fragment', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (hash) => void parseRoute(hash)));
  });
});
