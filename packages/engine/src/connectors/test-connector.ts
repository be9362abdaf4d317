import type { Connector } from './types.ts';

/**
 * A connector for the engine's own tests: "riposte-test" echoes what it is sent, or fails on
 * request. It talks to nothing outside the process.
 */
export const testConnector: Connector = {
  api: 'riposte-test',
  displayName: 'Riposte test connector',
  operations: [
    {
      id: 'riposte-test.echo',
      summary: 'Returns the request body, queries and path parameters',
      method: 'post',
      path: '/echo',
      async execute(req) {
        return { statusCode: 200, body: { body: req.body, queries: req.queries, pathParams: req.pathParams } };
      },
    },
    {
      id: 'riposte-test.echoItem',
      summary: 'Returns the item id taken from the path',
      method: 'get',
      path: '/items/{id}',
      async execute(req) {
        return { statusCode: 200, body: { id: req.pathParams.id } };
      },
    },
    {
      id: 'riposte-test.fail',
      summary: 'Always answers with the status code given in the body (default 500)',
      method: 'post',
      path: '/fail',
      async execute(req) {
        const status = typeof (req.body as { statusCode?: unknown })?.statusCode === 'number' ? (req.body as { statusCode: number }).statusCode : 500;
        return { statusCode: status, body: { error: { code: 'TestFailure', message: 'the test connector was asked to fail' } } };
      },
    },
  ],
  webhooks: [
    {
      id: 'riposte-test.subscribe',
      summary: 'Accepts a subscription and never calls back by itself',
      method: 'post',
      path: '/subscribe',
      async subscribe() {
        return { subscriptionId: 'riposte-test-subscription' };
      },
    },
  ],
};
