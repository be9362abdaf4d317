import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecurityContext } from '../app/security-context.ts';
import { securityContext } from '../app/security-context.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { patchIncident } from '../incidents/incident-patch.ts';
import type { AlertInput } from './alert-schema.ts';
import { parseAlertInput } from './alert-intake.ts';
import { ingestAlerts } from './ingest-alerts.ts';

const at = (h: number, m = 0) => `2026-02-01T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
const host = (name: string) => ({ '@odata.type': '#microsoft.graph.security.deviceEvidence', hostName: name });
let n = 0;
const a = (over: Record<string, unknown>): AlertInput => parseAlertInput({ title: `alert ${++n}`, serviceSource: 's', providerAlertId: `p${n}`, ...over }, '');

describe('ingest correlates each alert into exactly one incident', () => {
  let ctx: SecurityContext;
  beforeEach(() => {
    let id = 0;
    ctx = securityContext({
      store: openSqliteSecurityStore({ path: ':memory:' }),
      clock: () => new Date('2026-02-01T12:00:00Z'),
      newId: () => `id-${++id}`,
      correlation: {
        rules: [
          { kind: 'sameDetector', windowMinutes: 60 },
          { kind: 'sharedEntity', windowMinutes: 30, entityKinds: ['Host'] },
        ],
      },
    });
  });
  afterEach(() => ctx.store.close());

  const incidentsOf = async (inputs: AlertInput[]) => (await ingestAlerts(ctx, inputs, 'test')).alerts.map((x) => x.incidentId);

  it('joins alerts of one detector within the window and splits them outside it', async () => {
    const ids = await incidentsOf([
      a({ detectorId: 'd1', createdDateTime: at(10) }),
      a({ detectorId: 'd1', createdDateTime: at(10, 50) }),
      a({ detectorId: 'd1', createdDateTime: at(12, 0) }),
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('joins alerts that share a host within the entity window', async () => {
    const ids = await incidentsOf([
      a({ createdDateTime: at(10), evidence: [host('WS1')] }),
      a({ createdDateTime: at(10, 20), evidence: [host('ws1')] }),
      a({ createdDateTime: at(10, 20), evidence: [host('ws2')] }),
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('never joins a closed incident', async () => {
    const [first] = await incidentsOf([a({ detectorId: 'd2', createdDateTime: at(10) })]);
    await ctx.store.transaction(async (tx) => {
      const incident = (await tx.getIncident(first!))!;
      await tx.updateIncident(patchIncident(incident, { status: 'Closed', classification: 'FalsePositive' }, '2026-02-01T12:00:00.0000000Z').incident);
    });
    const [second] = await incidentsOf([a({ detectorId: 'd2', createdDateTime: at(10, 5) })]);
    expect(second).not.toBe(first);
  });

  it('gives the same grouping for the same input, whatever the ids', async () => {
    const inputs = () => {
      n = 0;
      return [
        a({ detectorId: 'x', createdDateTime: at(9) }),
        a({ createdDateTime: at(9, 10), evidence: [host('h')] }),
        a({ detectorId: 'x', createdDateTime: at(9, 20), evidence: [host('h')] }),
      ];
    };
    const numbersOf = async () => {
      const alerts = (await ingestAlerts(ctx, inputs(), 't')).alerts;
      const numbers = await Promise.all(alerts.map(async (x) => (await ctx.store.getIncident(x.incidentId!))!.number));
      return numbers.map((num) => num - Math.min(...numbers));
    };
    const first = await numbersOf();
    await ctx.store.close();
    ctx = { ...ctx, store: openSqliteSecurityStore({ path: ':memory:' }) };
    expect(await numbersOf()).toEqual(first);
    expect(first).toEqual([0, 1, 0]);
  });
});

describe('ingest in one batch or one alert at a time', () => {
  const detectors = ['d1', 'd2', null];
  const hosts = ['h1', 'h2', 'h3'];
  const open = () => {
    let id = 0;
    return securityContext({
      store: openSqliteSecurityStore({ path: ':memory:' }),
      clock: () => new Date('2026-02-01T12:00:00Z'),
      newId: () => `id-${++id}`,
      correlation: { rules: [{ kind: 'sameDetector', windowMinutes: 60 }, { kind: 'sharedEntity', windowMinutes: 30, entityKinds: ['Host'] }] },
    });
  };
  // Which alerts share an incident, as a list of groups of alert positions.
  const partition = (incidentIds: (string | null)[]) => {
    const groups = new Map<string, number[]>();
    incidentIds.forEach((id, i) => groups.set(id!, [...(groups.get(id!) ?? []), i]));
    return [...groups.values()];
  };

  it('groups alerts the same way', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ detector: fc.constantFrom(...detectors), host: fc.constantFrom(...hosts, null), minute: fc.integer({ min: 0, max: 180 }) }), { minLength: 1, maxLength: 12 }),
        // Batches after the first meet incidents already stored, so later rules' keys are read mid-batch.
        fc.nat({ max: 12 }),
        async (specs, split) => {
          const inputs = specs.map((s, i) =>
            parseAlertInput({ title: `t${i}`, serviceSource: 's', providerAlertId: `p${i}`, detectorId: s.detector, createdDateTime: at(9 + Math.floor(s.minute / 60), s.minute % 60), evidence: s.host ? [host(s.host)] : [] }, ''),
          );
          const batched = open();
          const together: (string | null)[] = [];
          for (const part of [inputs.slice(0, split), inputs.slice(split)]) {
            if (part.length > 0) together.push(...(await ingestAlerts(batched, part, 't')).alerts.map((x) => x.incidentId));
          }
          const single = open();
          const apart: (string | null)[] = [];
          for (const input of inputs) apart.push((await ingestAlerts(single, [input], 't')).alerts[0]!.incidentId);
          await batched.store.close();
          await single.store.close();
          expect(partition(together)).toEqual(partition(apart));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('an alert joined through its detector still lends its entities to the next alerts of the batch', async () => {
    // The first rule (same detector) decides for the first alert, so the host rule's keys are read
    // for the batch only when the second alert needs them: that read must include the first alert's host.
    const ctx = open();
    const post = async (specs: { detector: string | null; host: string; minute: number }[]) =>
      (
        await ingestAlerts(
          ctx,
          specs.map((s) => parseAlertInput({ title: `t${++n}`, serviceSource: 's', providerAlertId: `p${n}`, detectorId: s.detector, createdDateTime: at(10, s.minute), evidence: [host(s.host)] }, '')),
          't',
        )
      ).alerts.map((x) => x.incidentId);
    const [first] = await post([{ detector: 'd1', host: 'h1', minute: 0 }]);
    const [joined, byHost] = await post([
      { detector: 'd1', host: 'h9', minute: 5 },
      { detector: null, host: 'h9', minute: 6 },
    ]);
    expect(joined).toBe(first);
    expect(byHost).toBe(first);
    await ctx.store.close();
  });

  it('audits the created alerts of a request in one entry naming each alert and its incident', async () => {
    const ctx = open();
    const { alerts } = await ingestAlerts(ctx, [a({ detectorId: 'd1' }), a({ detectorId: 'd1' })], 'key:k1 (ingest)');
    const [entry] = await ctx.store.listAudit({ entityType: 'alertIngest' });
    expect(entry).toMatchObject({ actor: 'key:k1 (ingest)', action: 'create', before: null });
    expect(entry!.after).toEqual({ created: alerts.map((x) => ({ id: x.id, providerAlertId: x.providerAlertId, incidentId: x.incidentId })) });
    await ctx.store.close();
  });
});
