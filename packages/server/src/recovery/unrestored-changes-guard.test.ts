import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '@riposte/engine';
import { testResources, type TestResources } from '../ledger/test-resource-connector.ts';
import { call, connection, recoveryFixture, type RecoveryFixture } from './test-fixture.ts';

describe('deleting an incident whose containment is not restored', () => {
  let f: RecoveryFixture;
  let res: TestResources;

  beforeEach(async () => {
    res = testResources({ door: 'closed', window: 'open' });
    f = await recoveryFixture(() => new ConnectorRegistry().register(res.connector));
  });
  afterEach(() => f.close());

  const as = (role: 'responder' | 'admin') => f.t.as(role);
  const remove = (id: string) => f.t.app.inject({ method: 'DELETE', url: `/api/incidents/${id}`, headers: as('admin') });
  const post = (url: string) => f.t.app.inject({ method: 'POST', url, headers: as('responder'), payload: {} });

  it('is refused with 409 naming how many changes are open, deletes nothing, and is allowed once recovery restored them', async () => {
    const incident = await f.incident('ann@contoso.com', '198.51.100.20');
    const run = await f.runFor(
      incident.id,
      { Lock_door: call('resources', 'post', '/resources/door', { value: 'locked' }), Shut_window: call('resources', 'post', '/resources/window', { value: 'shut' }, ['Lock_door']) },
      { resources: connection('resources') },
    );
    expect(run.status).toBe('Succeeded');

    const refused = await remove(incident.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'Conflict' });
    expect(refused.json().error.message).toContain('2 containment changes made for it have not been restored');
    const still = await f.t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: as('admin') });
    expect(still.statusCode).toBe(200);
    expect(still.json().alerts).toHaveLength(1);
    expect(await f.ctx.store.listAudit({ entityType: 'incident', entityId: incident.id }).then((a) => a.filter((e) => e.action === 'delete'))).toEqual([]);

    const plan = await post(`/api/incidents/${incident.id}/recovery`);
    expect(plan.statusCode, plan.body).toBe(201);
    expect((await post(`/api/recovery/${plan.json().id}/approve`)).statusCode).toBe(200);
    // Approved but not yet run: the changes are still open.
    expect((await remove(incident.id)).statusCode).toBe(409);
    const ran = await post(`/api/recovery/${plan.json().id}/run`);
    expect(ran.json().status, ran.body).toBe('succeeded');
    expect(res.values.get('door')).toBe('closed');

    expect((await remove(incident.id)).statusCode).toBe(204);
    // The ledger stays as the history of what was changed and put back.
    expect(f.ledger.listForIncident(incident.id).map((e) => e.status)).toEqual(['applied', 'applied']);
  });

  it('counts a change made after the last recovery as open again', async () => {
    const incident = await f.incident('bob@contoso.com', '198.51.100.21');
    await f.runFor(incident.id, { Lock_door: call('resources', 'post', '/resources/door', { value: 'locked' }) }, { resources: connection('resources') });
    const plan = (await post(`/api/incidents/${incident.id}/recovery`)).json();
    await post(`/api/recovery/${plan.id}/approve`);
    expect((await post(`/api/recovery/${plan.id}/run`)).json().status).toBe('succeeded');
    await f.runFor(incident.id, { Shut_window: call('resources', 'post', '/resources/window', { value: 'shut' }) }, { resources: connection('resources') });
    const refused = await remove(incident.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('1 containment change made for it has not been restored');
  });
});
