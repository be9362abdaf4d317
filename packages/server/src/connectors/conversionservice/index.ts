import { defineConnector } from '../sdk/define-connector.ts';
import { htmlToTextOperation } from './html-to-text.ts';

export { CONVERSION_PERMISSION, htmlToTextOperation } from './html-to-text.ts';

/** `conversionservice` (Content Conversion): converts content inside Riposte; it needs no connection settings. */
export const conversionServiceConnector = defineConnector({
  api: 'conversionservice',
  displayName: 'Content Conversion',
  operations: [htmlToTextOperation],
});
