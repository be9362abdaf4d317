export { graphSecurityAlertOperations, graphSecurityConnector, type AlertFieldsState, type GraphSecurityConnectorServices } from './graph-security-connector.ts';
export { graphSubscriptionOperations, type GraphCall } from './subscription-operations.ts';
