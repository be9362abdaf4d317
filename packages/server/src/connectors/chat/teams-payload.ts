/**
 * What Teams incoming webhooks accept: a message with an adaptive card attachment (Workflows and
 * classic connectors), or a legacy Office 365 connector MessageCard (classic connectors only).
 */
import { htmlToText } from '../html-text/html-text.ts';

export interface TeamsText {
  title?: string;
  /** HTML as playbooks write it. */
  html: string;
}

/** The webhook payload carrying one adaptive card. */
export function adaptiveCardMessage(card: Record<string, unknown>): Record<string, unknown> {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

/** A plain message in the connection's format. */
export function teamsTextMessage(format: 'adaptivecard' | 'messagecard', message: TeamsText): Record<string, unknown> {
  if (format === 'messagecard') {
    const text = message.html;
    return {
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: (message.title ?? htmlToText(text)).slice(0, 80) || 'Riposte',
      ...(message.title ? { title: message.title } : {}),
      text,
    };
  }
  const body: Array<Record<string, unknown>> = [];
  if (message.title) body.push({ type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true });
  body.push({ type: 'TextBlock', text: htmlToText(message.html), wrap: true });
  return adaptiveCardMessage({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.4', body });
}
