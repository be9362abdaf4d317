/**
 * The typed failure of a connector operation. The SDK turns it into a non-2xx ConnectorResponse
 * ({ error: { code, message, field? } }), which the engine records as a Failed action.
 */
export type ConnectorErrorCode =
  | 'InvalidInput'
  | 'InvalidConnection'
  | 'EgressRefused'
  | 'NotFound'
  | 'Conflict'
  | 'Unauthorized'
  | 'UpstreamFailure'
  | 'Timeout'
  | 'ConnectorFailure';

const defaultStatus: Record<ConnectorErrorCode, number> = {
  InvalidInput: 400,
  InvalidConnection: 400,
  EgressRefused: 403,
  NotFound: 404,
  Conflict: 409,
  Unauthorized: 401,
  // 502/504 are retried by the default retry policy, as an unreachable upstream should be.
  UpstreamFailure: 502,
  Timeout: 504,
  ConnectorFailure: 500,
};

export interface ConnectorErrorBody {
  error: { code: ConnectorErrorCode; message: string; field?: string };
}

export class ConnectorError extends Error {
  override name = 'ConnectorError';
  readonly statusCode: number;
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options: { field?: string; statusCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.field = options.field;
    this.statusCode = options.statusCode ?? defaultStatus[code];
  }

  /** JSON pointer into the action's inputs, e.g. "/body/To". */
  readonly field: string | undefined;

  toBody(): ConnectorErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) } };
  }
}
