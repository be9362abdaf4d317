/** Every action type the runtime runs, by lower-case type name (definitions compare types case-insensitively). */
import type { ActionHandler } from '../runtime/action-handler.ts';
import { apiConnectionAction } from './api-connection.ts';
import { apiConnectionWebhookAction } from './api-connection-webhook.ts';
import { composeAction } from './compose.ts';
import { joinAction, parseJsonAction, queryAction, selectAction, tableAction } from './data-actions.ts';
import { foreachAction } from './foreach.ts';
import { httpAction } from './http.ts';
import { ifAction } from './if.ts';
import { responseAction } from './response.ts';
import { scopeAction } from './scope.ts';
import { switchAction } from './switch.ts';
import { terminateAction } from './terminate.ts';
import { untilAction } from './until.ts';
import {
  appendToArrayVariableAction,
  appendToStringVariableAction,
  decrementVariableAction,
  incrementVariableAction,
  initializeVariableAction,
  setVariableAction,
} from './variable-actions.ts';
import { waitAction } from './wait.ts';
import { workflowAction } from './workflow.ts';

export const actionHandlers: ReadonlyMap<string, ActionHandler> = new Map<string, ActionHandler>([
  ['compose', composeAction],
  ['initializevariable', initializeVariableAction],
  ['setvariable', setVariableAction],
  ['incrementvariable', incrementVariableAction],
  ['decrementvariable', decrementVariableAction],
  ['appendtoarrayvariable', appendToArrayVariableAction],
  ['appendtostringvariable', appendToStringVariableAction],
  ['scope', scopeAction],
  ['if', ifAction],
  ['switch', switchAction],
  ['foreach', foreachAction],
  ['until', untilAction],
  ['terminate', terminateAction],
  ['wait', waitAction],
  ['response', responseAction],
  ['http', httpAction],
  ['apiconnection', apiConnectionAction],
  ['apiconnectionwebhook', apiConnectionWebhookAction],
  ['workflow', workflowAction],
  ['parsejson', parseJsonAction],
  ['query', queryAction],
  ['select', selectAction],
  ['join', joinAction],
  ['table', tableAction],
]);
