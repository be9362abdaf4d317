/**
 * Whether the action making a connector call has secured inputs (`runtimeConfiguration.secureData`
 * with "inputs"): then its request body is a secret like any other and the ledger shows none of it
 * (it keeps it only sealed, for recovery: sealed-request.ts).
 */
import type { WorkflowAction, WorkflowDefinition } from '@riposte/engine';

/** The action an idempotency-key path names ("Scope/For_each/Block_IP#2"), found by name (names are unique in a workflow). */
export function actionAt(definition: WorkflowDefinition | undefined, actionPath: string): WorkflowAction | undefined {
  const name = actionPath.replace(/#[\d,]*$/, '').split('/').pop() ?? '';
  return find(definition?.actions, name, 0);
}

function find(actions: Record<string, WorkflowAction> | undefined, name: string, depth: number): WorkflowAction | undefined {
  if (!actions || typeof actions !== 'object' || depth > 64) return undefined;
  if (Object.hasOwn(actions, name)) return actions[name];
  for (const action of Object.values(actions)) {
    if (!action || typeof action !== 'object') continue;
    const inner = [action.actions, action.else?.actions, action.default?.actions, ...Object.values(action.cases ?? {}).map((c) => c?.actions)];
    for (const group of inner) {
      const hit = find(group, name, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** True when the action secures its inputs. */
export function securesInputs(action: WorkflowAction | undefined): boolean {
  const props = action?.runtimeConfiguration?.secureData?.properties;
  return Array.isArray(props) && props.some((p) => String(p).toLowerCase() === 'inputs');
}
