import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowRuntime } from '@riposte/engine';
import { smtpAndWebhookChannels } from '../stakeholders/notification-channels.ts';
import { approvalFixture, riposteApprovalAction, type ApprovalFixture } from './approval-fixture.test-support.ts';
import { ApprovalService } from './approval-service.ts';
import { runtimeCallbackDelivery } from './callback-delivery.ts';

describe('an approval outlives the process that asked', () => {
  let f: ApprovalFixture;
  beforeEach(async () => {
    f = await approvalFixture();
  });
  afterEach(() => f.close());

  it('after a restart the timeout fires from the database and the resumed run continues with the default outcome', async () => {
    const definition = {
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
      actions: {
        Ask: riposteApprovalAction({ to: 'lead@riposte.test', subject: 'Reset the service account password?', timeout: 'P3D', defaultOption: 'Reject' }),
        Answer: { type: 'Compose', inputs: "@body('Ask')?['SelectedOption']", runAfter: { Ask: ['Succeeded'] } },
      },
    };
    const first = await f.runtime.start({ definition, parameters: { $connections: { riposte: { connectionId: 'riposte', id: '/managedApis/riposte' } } } } as unknown as Parameters<WorkflowRuntime['start']>[0]);
    await f.smtp.waitForMessages(1);
    // The old process journals the action as Waiting once its subscription returned.
    for (let i = 0; i < 1000 && (await f.runStore.listActions(first.runId))[0]?.status !== 'Waiting'; i++) await new Promise((r) => setTimeout(r, 5));
    await f.runtime.flush();

    // "Restart": a new runtime and a new approval service over the same stores; the old ones are left idle.
    const runtime = new WorkflowRuntime({ store: f.runStore, connectors: f.registry, callbackBaseUrl: 'http://riposte.test/api', owner: 'riposte-test' });
    const approvals = new ApprovalService({ ctx: f.t.app.riposte, publicBaseUrl: 'http://riposte.test', channels: smtpAndWebhookChannels({})});
    approvals.bindDelivery(runtimeCallbackDelivery(runtime));
    f.advance(3 * 24 * 60 * 60 * 1000);
    expect(await approvals.fireDue()).toBe(1);
    const result = await runtime.resume(first.runId);
    expect(result.status).toBe('Succeeded');
    const history = await runtime.history(first.runId);
    expect(history.actions.find((a) => a.name === 'Answer')?.outputs).toBe('Reject');
    expect(f.smtp.messages).toHaveLength(1);
  });
});
