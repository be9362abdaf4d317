import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { buildGraphTestApp } from './graph-fixture.test-support.ts';
import type { WebhookReceiver } from './subscriptions/webhook-receiver.test-support.ts';
import { startWebhookReceiver } from './subscriptions/webhook-receiver.test-support.ts';

// The real Graph client attaches the token and follows @odata.nextLink only for https hosts (its
// AuthenticationHandler and URL parser look for "https://"), so Riposte is served over TLS here,
// as it would be behind a TLS-terminating proxy, with a throwaway self-signed certificate.
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the real @microsoft/microsoft-graph-client against Riposte', () => {
  let t: GraphTestApp;
  let server: Server;
  let receiver: WebhookReceiver;
  let client: Client;
  let agent: Agent;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await buildGraphTestApp({ graph: { subscriptions: { delivery: { pollMs: 50 } } } });
    const tls = selfSignedCertificate();
    server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => t.app.routing(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    agent = new Agent({ connect: { ca: tls.cert } });
    client = Client.init({
      authProvider: (done) => done(null, t.keys.responder),
      baseUrl: `https://127.0.0.1:${port}/graph/`,
      defaultVersion: 'v1.0',
      customHosts: new Set(['127.0.0.1']),
      fetchOptions: { dispatcher: agent } as RequestInit,
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await agent.close();
    await t.close();
    await receiver.close();
  });

  it("lists alerts with .filter(\"severity eq 'high'\").top(), following every nextLink with PageIterator", async () => {
    const first = await client.api('/security/alerts_v2').filter("severity eq 'high'").top(2).get();
    expect(first.value).toHaveLength(2);
    expect(first['@odata.nextLink']).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graph\/v1\.0\/security\/alerts_v2\?/);
    const titles: string[] = [];
    await new PageIterator(client, first, (alert: { title: string }) => {
      titles.push(alert.title);
      return true;
    }).iterate();
    expect(titles).toEqual(['Ransomware behavior', 'Malware detected', 'Suspicious sign-in']);
  });

  it('updates an alert with .patch', async () => {
    const id = t.alerts[0]!.id;
    const updated = await client.api(`/security/alerts_v2/${id}`).patch({ status: 'resolved', classification: 'truePositive', determination: 'malware' });
    expect(updated).toMatchObject({ id, status: 'resolved', classification: 'truePositive' });
    expect((await client.api(`/security/alerts_v2/${id}`).select('status').get()).status).toBe('resolved');
  });

  it('surfaces Riposte errors as the client’s GraphError with code and status', async () => {
    const failure = await client.api('/security/alerts_v2').filter('nosuch eq 1').get().catch((e: unknown) => e);
    expect(failure).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect((failure as Error).message).toContain('nosuch');
  });

  it('subscribes with .post and receives the notification of a new alert', async () => {
    const subscription = await client.api('/subscriptions').post({
      changeType: 'created',
      notificationUrl: `${receiver.url}/notify`,
      resource: "security/alerts_v2?$filter=severity eq 'high'",
      expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(),
      clientState: 'from-graph-client',
    });
    expect(subscription.id).toBeTruthy();
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('responder'),
      payload: { title: 'Credential dumping', severity: 'high', providerAlertId: 'gc-1', serviceSource: 'microsoftDefenderForEndpoint' },
    });
    expect(posted.statusCode).toBe(201);
    for (let i = 0; i < 100 && receiver.received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body.value[0]).toMatchObject({
      subscriptionId: subscription.id,
      changeType: 'created',
      clientState: 'from-graph-client',
      resourceData: { id: posted.json().id },
    });
  });
});
