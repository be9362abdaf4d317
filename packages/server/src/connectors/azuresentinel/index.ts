export { azureSentinelConnector, azureSentinelOperations, type IncidentFieldsState, type SentinelConnectorServices } from './azuresentinel-connector.ts';
export { incidentOfAlert, incidentOfArmId } from './incident-ref.ts';
