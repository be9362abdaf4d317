/**
 * For tests: a connector over an in-memory key/value "resource" with state access, whose execute
 * and restore can be made to fail on demand (partial failure, retries and replays).
 */
import type { ConnectorResponse } from '@riposte/engine';
import { z } from 'zod';
import { ConnectorError, defineConnector, defineOperation, ok, type DescribedConnector } from '../connectors/sdk/index.ts';

export interface TestResources {
  values: Map<string, string | null>;
  /** Answers of the next execute calls (e.g. [502] makes the next call fail once). */
  nextStatuses: number[];
  failRestore: boolean;
  /** The next execute applies its change and then never answers (a process dying mid-call). */
  hangAfterApply: boolean;
  executeCalls: number;
  connector: DescribedConnector;
}

/** api "resources": POST /resources/{name} with { value } sets a value. */
export function testResources(initial: Record<string, string | null> = {}): TestResources {
  const t: TestResources = { values: new Map(Object.entries(initial)), nextStatuses: [], failRestore: false, hangAfterApply: false, executeCalls: 0, connector: undefined as unknown as DescribedConnector };
  const set = defineOperation({
    id: 'resources.set',
    summary: 'Set a value',
    method: 'post',
    path: '/resources/{name}',
    permission: 'resources.write',
    effect: 'change',
    body: z.object({ value: z.string().nullable(), password: z.string().optional() }),
    state: {
      resource: (req) => ({ kind: 'test-resource', id: req.pathParams.name ?? '' }),
      read: async (req) => ({ value: t.values.get(req.pathParams.name ?? '') ?? null }),
      restore: async (req, before) => {
        if (t.failRestore) throw new ConnectorError('UpstreamFailure', `resource '${req.pathParams.name}' is unreachable`);
        t.values.set(req.pathParams.name ?? '', (before as { value: string | null }).value);
      },
    },
    async execute({ body, pathParams }): Promise<ConnectorResponse> {
      t.executeCalls++;
      const status = t.nextStatuses.shift();
      if (status !== undefined && status >= 300) return { statusCode: status, body: { error: { code: 'UpstreamFailure', message: 'try again' } } };
      t.values.set(pathParams.name!, body.value);
      if (t.hangAfterApply) {
        t.hangAfterApply = false;
        return new Promise<never>(() => {});
      }
      return ok({ name: pathParams.name, value: body.value });
    },
  });
  t.connector = defineConnector({ api: 'resources', displayName: 'Test resources', operations: [set] });
  return t;
}
