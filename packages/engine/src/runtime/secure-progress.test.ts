import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRunStore } from '../store/memory-run-store.ts';
import type { RunChanges } from '../store/run-store.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { runDefinition } from './test-support.ts';

/** A store that remembers every change it was asked to commit, as the journal's bytes would hold them. */
class RecordingStore extends MemoryRunStore {
  readonly written: string[] = [];
  override async commit(changes: RunChanges[]): Promise<void> {
    this.written.push(JSON.stringify(changes));
    return super.commit(changes);
  }
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('secured inputs while an action is still running', () => {
  it('are journaled redacted on every write, also the Running entries of a retried call, and still reach the server', async () => {
    server = await startTestServer(() => ({ status: 500, body: 'down' }));
    const store = new RecordingStore();
    const { byName } = await runDefinition(
      {
        actions: {
          // The secret is computed (split in the definition) so only the run could write it whole.
          Key: { type: 'Compose', inputs: "@concat('canary', '-', '4711')", runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } } },
          Call: {
            runAfter: { Key: ['Succeeded'] },
            type: 'Http',
            inputs: { method: 'POST', uri: `${server.url}/lookup?key=qs-@{outputs('Key')}`, body: { apiKey: "body-@{outputs('Key')}" }, retryPolicy: { type: 'fixed', count: 2, interval: 'PT5S' } },
            runtimeConfiguration: { secureData: { properties: ['inputs'] } },
          },
        },
      },
      {},
      { store },
    );
    expect(byName.Call!.status, JSON.stringify(byName.Call)).toBe('Failed');
    expect(byName.Call!.attempts, JSON.stringify(byName.Call)).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(JSON.parse(server.requests[2]!.body)).toEqual({ apiKey: 'body-canary-4711' });
    expect(store.written.length).toBeGreaterThan(0);
    expect(store.written.join('\n')).not.toContain('canary-4711');
  });
});
