/** Why an ARM template expression could not be read or evaluated. */
export type ArmExpressionErrorCode =
  | 'ArmSyntax'
  | 'ArmUnknownFunction'
  | 'ArmArgument'
  | 'ArmReference'
  | 'ArmTooDeep';

/** The only error the ARM expression scanner, parser and evaluator throw. */
export class ArmExpressionError extends Error {
  override name = 'ArmExpressionError';
  constructor(
    readonly code: ArmExpressionErrorCode,
    message: string,
    /** Character offset in the expression text (inside the brackets), when known. */
    readonly position?: number,
    /** The function involved, for ArmUnknownFunction / ArmArgument. */
    readonly functionName?: string,
  ) {
    super(message);
  }
}
