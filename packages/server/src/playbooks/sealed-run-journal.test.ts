import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, WorkflowRuntime, type NewRun, type WorkflowDefinition } from '@riposte/engine';
import { encodedForms } from '../connectors/secrets/redactor.ts';
import { RevealedSecrets } from '../connectors/secrets/revealed-secrets.ts';
import { newSecretKey } from '../connectors/secrets/secret-key.ts';
import { SqliteRunStore } from '../store/run-store-sqlite.ts';
import { startTestWebhookReceiver, type TestWebhookReceiver } from '../testing/webhook-receiver.ts';
import { isSealed, ParameterSeal } from './parameter-seal.ts';
import { sealedRunJournal } from './sealed-run-journal.ts';
import { storedBytes } from '../testing/data-files.ts';

const CANARY = 'Run-Canary+c41d9e/0a=Key';
const DEFAULT_CANARY = 'Default-Pass-6f2b8e91d3';

function definitionFor(receiverUrl: string): WorkflowDefinition {
  return {
    parameters: {
      apiKey: { type: 'SecureString' },
      login: { type: 'SecureObject', defaultValue: { user: 'soc', password: DEFAULT_CANARY } },
      region: { type: 'String', defaultValue: 'eu' },
    },
    triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
    actions: {
      Call_vendor: {
        type: 'Http',
        runAfter: {},
        inputs: { method: 'POST', uri: `${receiverUrl}/lookup`, headers: { 'X-Api-Key': "@parameters('apiKey')" }, body: { echo: "@parameters('apiKey')", password: "@parameters('login')?['password']", region: "@parameters('region')" } },
      },
      Echo_key: { type: 'Compose', runAfter: { Call_vendor: ['Succeeded'] }, inputs: "key @{parameters('apiKey')} in @{parameters('region')}" },
    },
    outputs: { keyLength: { type: 'Int', value: "@length(parameters('apiKey'))" } },
  } as unknown as WorkflowDefinition;
}

/** Whether any stored byte of the run journal holds a canary, in any form the redactor knows. */
function leaks(dir: string): string[] {
  const raw = storedBytes(dir);
  return [...encodedForms(CANARY), ...encodedForms(DEFAULT_CANARY)].filter((form) => raw.includes(form));
}

describe('the sealed run journal', () => {
  const seal = new ParameterSeal({ key: newSecretKey(), previousKeys: [] });
  let receiver: TestWebhookReceiver;
  beforeAll(async () => {
    receiver = await startTestWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('runs with the clear values while runs.db holds them sealed, masked or redacted only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-journal-'));
    const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const runtime = new WorkflowRuntime({ store: sealedRunJournal(store, seal), owner: 'first' });
    const before = receiver.received.length;
    const result = await runtime.run({ definition: definitionFor(receiver.url), parameters: { apiKey: CANARY }, runId: 'run-1' });

    expect(result).toMatchObject({ status: 'Succeeded', outputs: { keyLength: CANARY.length } });
    const call = receiver.received[before]!;
    expect(call.headers['x-api-key']).toBe(CANARY);
    expect(call.body).toEqual({ echo: CANARY, password: DEFAULT_CANARY, region: 'eu' });

    await runtime.flush();
    const stored = (await store.getRun('run-1'))!;
    expect(isSealed(stored.parameters.apiKey)).toBe(true);
    expect(isSealed(stored.parameters.login)).toBe(true);
    expect(stored.parameters.region).toBe('eu');
    expect(stored.definition.parameters?.login?.defaultValue).toEqual(REDACTED);
    const actions = Object.fromEntries((await store.listActions('run-1')).map((a) => [a.name, a]));
    expect(actions.Call_vendor!.inputs).toMatchObject({ body: { echo: '***', password: '***', region: 'eu' } });
    expect(JSON.stringify(actions.Call_vendor)).not.toContain(CANARY);
    expect(actions.Echo_key!.outputs).toBe('key *** in eu');
    // History shows secure parameters redacted, the others as they are.
    expect((await runtime.history('run-1')).run.parameters).toMatchObject({ apiKey: REDACTED, login: REDACTED, region: 'eu' });
    // A finished run reads back without its key (retired after a rotation): its values stay sealed.
    const retired = new WorkflowRuntime({ store: sealedRunJournal(store, new ParameterSeal({ key: newSecretKey(), previousKeys: [] })), owner: 'later' });
    expect((await retired.history('run-1')).run).toMatchObject({ status: 'Succeeded', parameters: { apiKey: REDACTED, region: 'eu' } });
    await store.close();
    expect(leaks(dir)).toEqual([]);
  });

  it('gives a run resumed after a crash the clear values, also for a run journaled in clear before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-journal-'));
    const definition = definitionFor(receiver.url);
    const crashed = (id: string): NewRun => ({
      id,
      workflowName: 'resumed',
      definition,
      trigger: { name: 'manual', outputs: { headers: {}, body: null }, startTime: '2026-01-01T00:00:00.000Z' },
      parameters: { apiKey: CANARY, login: { user: 'soc', password: DEFAULT_CANARY }, region: 'eu' },
      startTime: '2026-01-01T00:00:00.000Z',
      leaseOwner: 'crashed-process',
      leaseUntil: '2026-01-01T00:01:00.000Z',
    });
    // The process that created these runs died before running any action.
    const first = new SqliteRunStore({ path: join(dir, 'runs.db') });
    await sealedRunJournal(first, seal).createRun(crashed('sealed-run'));
    await first.createRun(crashed('legacy-run'));
    expect(isSealed((await first.getRun('sealed-run'))!.parameters.apiKey)).toBe(true);
    expect((await first.getRun('legacy-run'))!.parameters.apiKey).toBe(CANARY);
    await first.close();

    const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const runtime = new WorkflowRuntime({ store: sealedRunJournal(store, seal), owner: 'restarted' });
    const before = receiver.received.length;
    const results = await runtime.resumeAll();
    expect(results.map((r) => [r.runId, r.status, r.outputs.keyLength]).sort()).toEqual([
      ['legacy-run', 'Succeeded', CANARY.length],
      ['sealed-run', 'Succeeded', CANARY.length],
    ]);
    const calls = receiver.received.slice(before);
    expect(calls.map((c) => c.headers['x-api-key'])).toEqual([CANARY, CANARY]);
    expect(calls.map((c) => (c.body as { password: string }).password)).toEqual([DEFAULT_CANARY, DEFAULT_CANARY]);
    await runtime.flush();
    const actions = await store.listActions('legacy-run');
    expect(JSON.stringify(actions)).not.toContain(CANARY);
    await store.close();
  });

  it('gives a run resumed after a crash the clear outputs of an action that was handed a secret (Get secret) and the variable set from it, masked everywhere else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-journal-'));
    const SECRET = 'Vault-Canary~5e0c+77/QZ=secret';
    const definition = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        // Stands for the key vault's Get secret: its entry below is journaled as finished, so it is not run again.
        Get_secret: { type: 'Compose', runAfter: {}, inputs: 'not run on resume' },
        Remember_secret: {
          type: 'InitializeVariable',
          runAfter: { Get_secret: ['Succeeded'] },
          inputs: { variables: [{ name: 'secret', type: 'string', value: "@outputs('Get_secret')?['body']?['value']" }] },
        },
        Authenticate: {
          type: 'Http',
          runAfter: { Remember_secret: ['Succeeded'] },
          inputs: { method: 'POST', uri: `${receiver.url}/token`, body: { client_secret: "@outputs('Get_secret')?['body']?['value']", from_variable: "@variables('secret')" } },
        },
      },
    } as unknown as WorkflowDefinition;
    const run: NewRun = {
      id: 'revealed-run',
      workflowName: 'resumed',
      definition,
      trigger: { name: 'manual', outputs: { headers: {}, body: null }, startTime: '2026-01-01T00:00:00.000Z' },
      parameters: {},
      startTime: '2026-01-01T00:00:00.000Z',
      leaseOwner: 'crashed-process',
      leaseUntil: '2026-01-01T00:01:00.000Z',
    };
    // The process that ran Get secret died before the next action: the connector had revealed the value to the run.
    const first = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const revealedThere = new RevealedSecrets();
    const crashedJournal = sealedRunJournal(first, seal, revealedThere);
    await crashedJournal.createRun(run);
    revealedThere.add(run.id, [SECRET]);
    const answer = { statusCode: 200, headers: {}, body: { value: SECRET, name: 'graph-client-secret' } };
    await crashedJournal.commit([
      {
        runId: run.id,
        actions: [
          { path: 'Get_secret', iteration: [], name: 'Get_secret', type: 'Compose', status: 'Succeeded', startTime: run.startTime, endTime: run.startTime, outputs: answer },
          // The variable the run set from it, as InitializeVariable journals it (its value in the outputs, its sequence in the state).
          {
            path: 'Remember_secret', iteration: [], name: 'Remember_secret', type: 'InitializeVariable', status: 'Succeeded', startTime: run.startTime, endTime: run.startTime,
            outputs: { variables: [{ name: 'secret', type: 'string', value: SECRET }] }, state: { variableSeq: 1 },
          },
        ],
      },
    ]);
    // Readers other than a resume see the masked answer and no seal.
    const seen = (await crashedJournal.listActions(run.id))[0]!;
    expect(seen.outputs).toMatchObject({ body: { value: '***' } });
    expect(seen.state).toBeUndefined();
    await first.close();
    expect(storedBytes(dir).includes(SECRET)).toBe(false);

    const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const revealedHere = new RevealedSecrets();
    const runtime = new WorkflowRuntime({ store: sealedRunJournal(store, seal, revealedHere), owner: 'restarted' });
    const before = receiver.received.length;
    const [result] = await runtime.resumeAll();
    expect(result).toMatchObject({ runId: run.id, status: 'Succeeded' });
    expect(receiver.received.slice(before).map((c) => c.body)).toEqual([{ client_secret: SECRET, from_variable: SECRET }]);
    await runtime.flush();
    const history = await runtime.history(run.id);
    const byName = Object.fromEntries(history.actions.map((a) => [a.name, a]));
    expect(byName.Get_secret!.outputs).toMatchObject({ body: { value: '***', name: 'graph-client-secret' } });
    expect(byName.Authenticate!.inputs).toMatchObject({ body: { client_secret: '***', from_variable: '***' } });
    expect(byName.Remember_secret!.outputs).toEqual({ variables: [{ name: 'secret', type: 'string', value: '***' }] });
    expect(byName.Remember_secret!.state).toEqual({ variableSeq: 1 });
    expect(JSON.stringify(history)).not.toContain('$sealedOutputs');
    expect(encodedForms(SECRET).filter((form) => storedBytes(dir).includes(form))).toEqual([]);
    await store.close();
  });

  it('refuses to resume from a sealed answer moved onto another entry, naming the entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-journal-'));
    const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const revealed = new RevealedSecrets();
    const journal = sealedRunJournal(store, seal, revealed);
    const run: NewRun = {
      id: 'moved-seal', workflowName: 'w', definition: { triggers: {}, actions: {} } as unknown as WorkflowDefinition,
      trigger: { name: 'manual', outputs: {}, startTime: '2026-01-01T00:00:00.000Z' }, parameters: {}, startTime: '2026-01-01T00:00:00.000Z',
    };
    await journal.createRun(run);
    revealed.add(run.id, ['Moved-Seal-Canary-91f3']);
    const entry = (path: string) => ({ path, iteration: [], name: path, type: 'Compose', status: 'Succeeded' as const, outputs: 'Moved-Seal-Canary-91f3' });
    await journal.commit([{ runId: run.id, actions: [entry('A'), entry('B')] }]);
    // The seal of A is bound to A: copied onto B, it does not open.
    const raw = await store.listActions(run.id);
    await store.commit([{ runId: run.id, actions: [{ ...raw[1]!, state: raw[0]!.state }] }]);
    await expect(journal.listActionsToResume!(run.id)).rejects.toThrow('run moved-seal /actions/B/outputs: does not decrypt');
    await store.close();
  });

  it('gives a resumed run the clear outputs of an action that finished before the crash with a secure value in them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-journal-'));
    const definition = {
      parameters: { apiKey: { type: 'SecureString' } },
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        Echo_key: { type: 'Compose', runAfter: {}, inputs: "key @{parameters('apiKey')}" },
        Send: { type: 'Http', runAfter: { Echo_key: ['Succeeded'] }, inputs: { method: 'POST', uri: `${receiver.url}/echo`, body: { echoed: "@outputs('Echo_key')" } } },
      },
    } as unknown as WorkflowDefinition;
    const run: NewRun = {
      id: 'secure-outputs', workflowName: 'resumed', definition, parameters: { apiKey: CANARY },
      trigger: { name: 'manual', outputs: { headers: {}, body: null }, startTime: '2026-01-01T00:00:00.000Z' },
      startTime: '2026-01-01T00:00:00.000Z', leaseOwner: 'crashed-process', leaseUntil: '2026-01-01T00:01:00.000Z',
    };
    const first = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const crashed = sealedRunJournal(first, seal);
    await crashed.createRun(run);
    await crashed.commit([{ runId: run.id, actions: [{ path: 'Echo_key', iteration: [], name: 'Echo_key', type: 'Compose', status: 'Succeeded', outputs: `key ${CANARY}` }] }]);
    await first.close();
    expect(leaks(dir)).toEqual([]);

    const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const runtime = new WorkflowRuntime({ store: sealedRunJournal(store, seal), owner: 'restarted' });
    const before = receiver.received.length;
    expect((await runtime.resumeAll()).map((r) => r.status)).toEqual(['Succeeded']);
    expect(receiver.received.slice(before).map((c) => c.body)).toEqual([{ echoed: `key ${CANARY}` }]);
    await runtime.flush();
    const history = await runtime.history(run.id);
    expect(history.actions.find((a) => a.name === 'Echo_key')!.outputs).toBe('key ***');
    expect(JSON.stringify(history)).not.toContain(CANARY);
    expect(leaks(dir)).toEqual([]);
    await store.close();
  });

  it('refuses to resume a run whose values were sealed with a key that is not loaded, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-journal-'));
    const store = new SqliteRunStore({ path: join(dir, 'runs.db') });
    const other = new ParameterSeal({ key: newSecretKey(), previousKeys: [] });
    await sealedRunJournal(store, other).createRun({
      id: 'other-key',
      workflowName: 'w',
      definition: definitionFor(receiver.url),
      trigger: { name: 'manual', outputs: { headers: {}, body: null }, startTime: '2026-01-01T00:00:00.000Z' },
      parameters: { apiKey: CANARY, region: 'eu' },
      startTime: '2026-01-01T00:00:00.000Z',
    });
    const runtime = new WorkflowRuntime({ store: sealedRunJournal(store, seal), owner: 'x' });
    await expect(runtime.resume('other-key')).rejects.toThrow(`run other-key /parameters/apiKey: sealed with key ${other.keyId}, which is not loaded`);
    await store.close();
  });
});
