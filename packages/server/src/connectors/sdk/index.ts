// The connector SDK: typed builders for connectors and operations, input validation, the typed error.
export { ConnectorError, type ConnectorErrorBody, type ConnectorErrorCode } from './connector-error.ts';
export { defineConnection, secretValues, type ConnectionSpec } from './connection-spec.ts';
export {
  defineOperation,
  failureResponse,
  ok,
  toJsonSchema,
  type DescribedOperation,
  type OperationContext,
  type OperationEffect,
  type OperationSpec,
} from './define-operation.ts';
export { defineConnector, describeConnector, type ConnectorDescription, type ConnectorSpec, type DescribedConnector } from './define-connector.ts';
export { parseWith } from './validate-input.ts';
