/**
 * How the OData compiler (domain/odata) reaches Graph tiIndicator properties in the `ti_indicators`
 * table: indexed columns for what clients filter and sort on, the JSON document for the rest of
 * Graph's tiIndicator. Stored timestamps are UTC with seven fractional digits (common/timestamp.ts).
 */
import type { EntitySqlSchema, PropertySql } from '../../domain/odata/index.ts';
import { formatTimestamp } from '../../common/timestamp.ts';

const text = (column: string): PropertySql => ({ column, type: 'string' });
const json = (path: string, type: 'string' | 'number' | 'boolean' | 'datetime' = 'string'): PropertySql => ({ json: path, type });
const strings = (path: string): PropertySql => ({ collection: path, items: 'scalar' });

const storedProperties: Record<string, PropertySql> = {
  // Columns (indicator-migrations.ts); each has an index.
  id: text('id'),
  action: text('action'),
  threatType: text('threat_type'),
  targetProduct: text('target_product'),
  tlpLevel: text('tlp_level'),
  expirationDateTime: { column: 'expiration_date_time', type: 'datetime' },
  ingestedDateTime: { column: 'ingested_date_time', type: 'datetime' },
  lastReportedDateTime: { column: 'last_reported_date_time', type: 'datetime' },
  severity: { column: 'severity', type: 'number' },
  confidence: { column: 'confidence', type: 'number' },
  externalId: text('external_id'),
  networkIPv4: text('network_ipv4'),
  networkDestinationIPv4: text('network_destination_ipv4'),
  networkSourceIPv4: text('network_source_ipv4'),
  networkIPv6: text('network_ipv6'),
  networkDestinationIPv6: text('network_destination_ipv6'),
  networkSourceIPv6: text('network_source_ipv6'),
  domainName: text('domain_name'),
  url: text('url'),
  fileHashType: text('file_hash_type'),
  fileHashValue: text('file_hash_value'),
  // The rest of Graph's tiIndicator, kept in the document as the client sent it.
  description: json('description'),
  createdBy: json('createdBy'),
  additionalInformation: json('additionalInformation'),
  azureTenantId: json('azureTenantId'),
  diamondModel: json('diamondModel'),
  emailEncoding: json('emailEncoding'),
  emailLanguage: json('emailLanguage'),
  emailRecipient: json('emailRecipient'),
  emailSenderAddress: json('emailSenderAddress'),
  emailSenderName: json('emailSenderName'),
  emailSourceDomain: json('emailSourceDomain'),
  emailSourceIpAddress: json('emailSourceIpAddress'),
  emailSubject: json('emailSubject'),
  emailXMailer: json('emailXMailer'),
  fileCompileDateTime: json('fileCompileDateTime', 'datetime'),
  fileCreatedDateTime: json('fileCreatedDateTime', 'datetime'),
  fileMutexName: json('fileMutexName'),
  fileName: json('fileName'),
  filePacker: json('filePacker'),
  filePath: json('filePath'),
  fileSize: json('fileSize', 'number'),
  fileType: json('fileType'),
  knownFalsePositives: json('knownFalsePositives'),
  networkCidrBlock: json('networkCidrBlock'),
  networkDestinationAsn: json('networkDestinationAsn', 'number'),
  networkDestinationCidrBlock: json('networkDestinationCidrBlock'),
  networkDestinationPort: json('networkDestinationPort', 'number'),
  networkPort: json('networkPort', 'number'),
  networkProtocol: json('networkProtocol', 'number'),
  networkSourceAsn: json('networkSourceAsn', 'number'),
  networkSourceCidrBlock: json('networkSourceCidrBlock'),
  networkSourcePort: json('networkSourcePort', 'number'),
  passiveOnly: json('passiveOnly', 'boolean'),
  userAgent: json('userAgent'),
  activityGroupNames: strings('activityGroupNames'),
  killChain: strings('killChain'),
  malwareFamilyNames: strings('malwareFamilyNames'),
  tags: strings('tags'),
};

const STORED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

/**
 * The schema as of `now`. `isActive` is what clients are shown: not deactivated and not yet expired
 * at that moment, so it is an expression over two columns rather than a stored value. The moment is
 * written into the SQL text (a fixed-form timestamp the server made, checked here), because a
 * schema column cannot carry parameters of its own.
 */
export function indicatorSqlSchema(now: Date): EntitySqlSchema {
  const at = formatTimestamp(now);
  if (!STORED_TIMESTAMP.test(at)) throw new Error(`indicatorSqlSchema: unexpected timestamp form '${at}'`);
  return {
    document: 'doc',
    properties: { ...storedProperties, isActive: { column: `(is_active = 1 AND expiration_date_time > '${at}')`, type: 'boolean' } },
  };
}

/** Every property of a tiIndicator as Graph spells it (for `$select`). */
export const indicatorPropertyNames: readonly string[] = [...Object.keys(storedProperties), 'isActive'];
