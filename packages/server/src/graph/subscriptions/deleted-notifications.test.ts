import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphTestApp } from '../graph-fixture.test-support.ts';
import { buildGraphTestApp } from '../graph-fixture.test-support.ts';
import type { WebhookReceiver } from './webhook-receiver.test-support.ts';
import { startWebhookReceiver } from './webhook-receiver.test-support.ts';

const start = Date.parse('2026-03-01T12:00:00Z');
const user = (upn: string) => ({ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: upn, accountName: upn.split('@')[0] } });

describe('Graph "deleted" change notifications', () => {
  let receiver: WebhookReceiver;
  let t: GraphTestApp;
  let dir: string;
  const deliverer = () => t.app.graphNotifications!.deliverer;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-graph-deleted-'));
    receiver.received.length = 0;
    t = await buildGraphTestApp({
      seed: false,
      graph: { subscriptions: { clock: () => new Date(start), autoStart: false, validationTimeoutMs: 300, databasePath: join(dir, 'graph.db') } },
    });
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const subscribe = async (path: string, resource: string, changeType: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/graph/v1.0/subscriptions',
      headers: t.as('responder'),
      payload: { changeType, resource, notificationUrl: `${receiver.url}${path}`, expirationDateTime: new Date(start + 3_600_000).toISOString(), clientState: 'cs' },
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const post = (alerts: object[]) => t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: alerts });
  const receivedAt = (path: string) => receiver.received.filter((r) => r.path === path).flatMap((r) => r.body.value);

  it('announces an incident deleted over HTTP and each of its alerts, matching $filter on the item as it was', async () => {
    await subscribe('/incidents', 'security/incidents', 'deleted');
    await subscribe('/high-alerts', "security/alerts_v2?$filter=severity eq 'high'", 'created,deleted');
    await subscribe('/legacy', 'security/alerts', 'deleted');
    await subscribe('/no-deleted', 'security/alerts_v2', 'created,updated');
    const created = await post([
      { title: 'Impossible travel', severity: 'high', serviceSource: 's', providerAlertId: '1', detectorId: 'travel', evidence: [user('ann@contoso.com')] },
      { title: 'Mass download', severity: 'low', serviceSource: 's', providerAlertId: '2', detectorId: 'download', evidence: [user('ann@contoso.com')] },
      { title: 'Unrelated', severity: 'high', serviceSource: 's', providerAlertId: '3', detectorId: 'other', evidence: [user('bob@contoso.com')] },
    ]);
    const [high, low, other] = created.json() as { id: string; incidentId: string }[];
    expect(high!.incidentId).toBe(low!.incidentId);
    expect(other!.incidentId).not.toBe(high!.incidentId);
    await deliverer().tick();
    receiver.received.length = 0;

    const res = await t.app.inject({ method: 'DELETE', url: `/api/incidents/${high!.incidentId}`, headers: t.as('admin') });
    expect(res.statusCode, res.body).toBe(204);
    await t.app.riposte.events.idle();
    await deliverer().tick();

    const incidentPath = `security/incidents/${high!.incidentId}`;
    expect(receivedAt('/incidents')).toEqual([
      expect.objectContaining({
        changeType: 'deleted',
        clientState: 'cs',
        resource: incidentPath,
        resourceData: { '@odata.type': '#microsoft.graph.security.incident', '@odata.id': incidentPath, id: high!.incidentId },
      }),
    ]);
    // Only the high alert matched the filter before it was deleted; the notification carries its id alone.
    expect(receivedAt('/high-alerts')).toEqual([
      expect.objectContaining({
        changeType: 'deleted',
        resource: `security/alerts_v2/${high!.id}`,
        resourceData: { '@odata.type': '#microsoft.graph.security.alert', '@odata.id': `security/alerts_v2/${high!.id}`, id: high!.id },
      }),
    ]);
    expect(receivedAt('/legacy').map((n: { changeType: string; resourceData: { id: string } }) => [n.changeType, n.resourceData.id]).sort()).toEqual(
      [['deleted', high!.id], ['deleted', low!.id]].sort(),
    );
    expect(receivedAt('/legacy')[0].resource).toMatch(/^security\/alerts\//);
    // A subscription that did not ask for deleted hears nothing.
    expect(receivedAt('/no-deleted')).toEqual([]);
  });
});
