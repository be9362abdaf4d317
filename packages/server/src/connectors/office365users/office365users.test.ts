import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry, MemoryRunStore, WorkflowRuntime, type ConnectorRequest } from '@riposte/engine';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { defaultTree, entryUuidOf, startTestDirectory, type TestDirectory } from '../../testing/slapd.ts';
import { ConnectionVault, MemoryConnectionStorage, newSecretKey, withVaultConnections } from '../secrets/index.ts';
import { office365UsersConnector } from './index.ts';

const registry = new ConnectorRegistry().register(office365UsersConnector);

/** Revoke-AADSignInSessions' own "Get manager (V2)" action. */
function corpusManagerAction(): Record<string, unknown> {
  const corpus = JSON.parse(readFileSync(pathToFileURL(`${corpusDir}/sentinel-playbooks/Revoke-AADSignInSessions__incident-trigger.json`), 'utf8')) as unknown;
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Get_manager_(V2)' && v && typeof v === 'object' && 'type' in v) found = v as Record<string, unknown>;
      walk(v);
    }
  };
  walk(corpus);
  if (!found) throw new Error('corpus action not found');
  return { ...found, runAfter: {} };
}

describe('office365users against a real OpenLDAP', () => {
  let dir: TestDirectory;
  let people: string;

  beforeAll(async () => {
    const tree = defaultTree();
    const base = tree[0]!.dn;
    people = `ou=people,${base}`;
    tree.push({
      dn: `uid=carol,${people}`,
      attributes: { objectClass: 'inetOrgPerson', uid: 'carol', cn: 'Carol Poe', displayName: 'Carol Poe (CISO)', givenName: 'Carol', sn: 'Poe', mail: 'carol@riposte.test', title: 'CISO', l: 'Lyon' },
    });
    tree.push({ dn: `uid=dave,${people}`, attributes: { objectClass: 'inetOrgPerson', uid: 'dave', cn: 'Dave', sn: 'Dave', manager: `uid=gone,${people}` } });
    const alice = tree.find((e) => e.dn.startsWith('uid=alice,'))!;
    alice.attributes.manager = `uid=carol,${people}`;
    dir = await startTestDirectory({ entries: tree });
  });
  afterAll(async () => {
    await dir?.stop();
  });

  const settings = () => ({ url: dir.url, bindDn: dir.adminDn, bindPassword: dir.adminPassword, baseDn: dir.baseDn, profile: 'openldap-ppolicy', userIdAttribute: 'uid' });

  async function call(path: string) {
    const found = registry.resolve('office365users', 'get', path);
    if (!found) throw new Error(`no operation for ${path}`);
    const req: ConnectorRequest = {
      connection: { name: 'office365users', api: 'office365users', settings: settings() },
      method: 'get',
      path,
      pathParams: found.pathParams,
      queries: {},
      headers: {},
      body: undefined,
      idempotencyKey: 'k',
      runId: 'run-1',
      actionName: 'Get_manager_(V2)',
      signal: new AbortController().signal,
    };
    return found.operation.execute(req);
  }

  it("answers the manager's entry in the Office 365 Users shape (id: its entryUUID, as Graph's object id), for the user named by mail, uid, DN or GUID", async () => {
    const carol = {
      id: await entryUuidOf(dir, `uid=carol,${people}`),
      displayName: 'Carol Poe (CISO)',
      mail: 'carol@riposte.test',
      userPrincipalName: 'carol@riposte.test',
      jobTitle: 'CISO',
      givenName: 'Carol',
      surname: 'Poe',
      mailNickname: 'carol',
      city: 'Lyon',
      accountEnabled: true,
    };
    for (const id of ['alice@riposte.test', 'alice', `uid=alice,${people}`, await entryUuidOf(dir, `uid=alice,${people}`)]) {
      const res = await call(`/codeless/v1.0/users/${encodeURIComponent(id)}/manager`);
      expect(res.statusCode, id).toBe(200);
      expect(res.body).toMatchObject(carol);
    }
  });

  it('answers 404 naming the user when it has no manager, when its manager is gone, and when the user is unknown', async () => {
    expect(await call('/codeless/v1.0/users/bob%40riposte.test/manager')).toEqual({
      statusCode: 404,
      body: { error: { code: 'NotFound', message: "user 'bob@riposte.test' has no manager in the directory", field: '/pathParams/id' } },
    });
    expect(await call('/codeless/v1.0/users/dave/manager')).toMatchObject({ statusCode: 404, body: { error: { message: `the manager of user 'dave' ('uid=gone,${people}') is not in the directory` } } });
    expect(await call('/codeless/v1.0/users/nobody%40riposte.test/manager')).toMatchObject({ statusCode: 404, body: { error: { code: 'NotFound', message: expect.stringContaining("'nobody@riposte.test'") } } });
  });

  it('Get user profile (V2) answers the user itself', async () => {
    const res = await call('/codeless/v1.0/users/alice%40riposte.test');
    expect(res).toMatchObject({ statusCode: 200, body: { id: await entryUuidOf(dir, `uid=alice,${people}`), onPremisesDistinguishedName: `uid=alice,${people}`, displayName: 'Alice Doe', mail: 'alice@riposte.test', mailNickname: 'alice', accountEnabled: true } });
  });

  it("runs Revoke-AADSignInSessions' Get manager (V2) for each account entity, and the mail goes to the manager", async () => {
    const vault = new ConnectionVault({ storage: new MemoryConnectionStorage(), key: newSecretKey(), specFor: (api) => (api === 'office365users' ? office365UsersConnector.connection : undefined) });
    await vault.put('office365users', { api: 'office365users', settings: settings() });
    const runtime = new WorkflowRuntime({ store: new MemoryRunStore(), connectors: withVaultConnections(registry, vault) });
    const definition = {
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
      actions: {
        For_each: {
          type: 'Foreach',
          foreach: "@triggerBody()?['accounts']",
          actions: {
            'Get_manager_(V2)': corpusManagerAction(),
            Mail_to: { runAfter: { 'Get_manager_(V2)': ['Succeeded'] }, type: 'Compose', inputs: "@{body('Get_manager_(V2)')?['displayName']} <@{body('Get_manager_(V2)')?['mail']}>" },
          },
        },
      },
    };
    const parameters = {
      $connections: { office365users: { connectionId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/connections/office365users', id: '/subscriptions/s/providers/Microsoft.Web/locations/x/managedApis/office365users' } },
    };
    const result = await runtime.run({ definition, parameters, triggerBody: { accounts: [{ Name: 'alice', UPNSuffix: 'riposte.test' }] } } as unknown as Parameters<WorkflowRuntime['run']>[0]);
    const history = await runtime.history(result.runId);
    expect(result.status).toBe('Succeeded');
    expect(history.actions.find((a) => a.name === 'Mail_to')).toMatchObject({ status: 'Succeeded', outputs: 'Carol Poe (CISO) <carol@riposte.test>' });
    expect(JSON.stringify(history)).not.toContain(dir.adminPassword);
  });
});
