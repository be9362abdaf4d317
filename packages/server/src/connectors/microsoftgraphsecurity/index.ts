export { graphSecurityAlertOperations, graphSecurityConnector, type AlertFieldsState, type GraphSecurityConnectorServices } from './graph-security-connector.ts';
