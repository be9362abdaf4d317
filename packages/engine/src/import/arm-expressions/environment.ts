/** Where an ARM template is pretended to be deployed; every field has a local default. */
export interface ArmDeploymentTarget {
  subscriptionId: string;
  tenantId: string;
  resourceGroup: string;
  location: string;
}

export const defaultDeploymentTarget: ArmDeploymentTarget = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  tenantId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'riposte',
  location: 'local',
};

/** What an ARM expression can read: template parameters and variables, and the deployment target. */
export interface ArmScope {
  target: ArmDeploymentTarget;
  /** Value of a template parameter; throws ArmExpressionError('ArmReference') when undeclared. */
  parameter(name: string): unknown;
  /** Value of a template variable (itself evaluated); throws ArmExpressionError when undeclared. */
  variable(name: string): unknown;
}
