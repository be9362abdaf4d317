import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import { chatConnection } from './connection.ts';
import { slackOperations } from './slack-operations.ts';
import { teamsOperations } from './teams-operations.ts';
import type { ChatTransport } from './webhook-post.ts';

export { chatConnection, type ChatSettings } from './connection.ts';
export { htmlToText } from '../html-text/html-text.ts';
export { adaptiveCardMessage, teamsTextMessage } from './teams-payload.ts';
export { CHAT_POST_PERMISSION } from './teams-operations.ts';
export type { ChatTransport } from './webhook-post.ts';

/** The `teams` and `slack` connectors, posting to incoming webhooks under `transport.egress`. */
export function createChatConnectors(transport: Partial<ChatTransport> = {}): { teams: DescribedConnector; slack: DescribedConnector } {
  const t: ChatTransport = { egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) };
  return {
    teams: defineConnector({ api: 'teams', displayName: 'Microsoft Teams (incoming webhooks)', connection: chatConnection, operations: teamsOperations(t) }),
    slack: defineConnector({ api: 'slack', displayName: 'Slack (incoming webhooks)', connection: chatConnection, operations: slackOperations(t) }),
  };
}

const defaults = createChatConnectors();
/** Teams with the default egress policy. */
export const teamsConnector = defaults.teams;
/** Slack with the default egress policy. */
export const slackConnector = defaults.slack;
