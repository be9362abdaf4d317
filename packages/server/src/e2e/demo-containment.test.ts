import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.ts';
import { demoContainmentPlaybookName, seedDemoContainment } from '../demo/demo-containment.ts';
import { adminKey, listeningServer } from './response-fixture.ts';

describe('the demo (npm start) includes a containment and a recovery, with no outside service', () => {
  let env: Awaited<ReturnType<typeof listeningServer>>;
  beforeAll(async () => {
    env = await listeningServer();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('blocks the C2 incident\'s IP through a playbook (in the ledger), and the lead-approved recovery lifted it; seeding again changes nothing', async () => {
    await seedDemo(env.server.app);
    await seedDemoContainment(env.server.app);
    await seedDemoContainment(env.server.app);
    const { call } = env;
    const incidents = (await call(adminKey, 'GET', '/api/incidents')).json.value as Array<{ id: string; title: string; roles: { lead: string | null } }>;
    const c2 = incidents.find((i) => i.roles.lead === 'demo')!;
    expect(c2).toBeDefined();

    const ledger = (await call(adminKey, 'GET', `/api/incidents/${c2.id}/ledger`)).json.value as Array<{ resource: { kind: string; id: string }; status: string; beforeState: unknown }>;
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ resource: { kind: 'indicator', id: 'ipv4:203.0.113.66' }, status: 'applied' });

    const plans = (await call(adminKey, 'GET', `/api/incidents/${c2.id}/recovery`)).json.value as Array<{ status: string; approvedBy: string; report: { counts: Record<string, number> } }>;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ status: 'succeeded', report: { counts: { restored: 1 } } });
    expect(plans[0]!.approvedBy).toMatch(/lead/);
    expect((await call(adminKey, 'GET', '/api/indicators/export/ipv4.txt')).text).not.toContain('203.0.113.66');

    const playbooks = (await call(adminKey, 'GET', '/api/playbooks')).json.value as Array<{ id: string; name: string }>;
    const playbook = playbooks.find((p) => p.name === demoContainmentPlaybookName)!;
    const runs = (await call(adminKey, 'GET', `/api/playbooks/${playbook.id}/runs`)).json.value as Array<{ status: string }>;
    expect(runs.map((r) => r.status)).toEqual(['Succeeded']);
  });
});
