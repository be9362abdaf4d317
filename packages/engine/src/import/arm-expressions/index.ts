export { ArmExpressionError, type ArmExpressionErrorCode } from './errors.ts';
export { parseArmExpression, type ArmNode } from './parser.ts';
export { evaluateArmNode, evaluateArmString, isArmExpression } from './evaluator.ts';
export { defaultDeploymentTarget, type ArmDeploymentTarget, type ArmScope } from './environment.ts';
export { armFunctions } from './functions.ts';
