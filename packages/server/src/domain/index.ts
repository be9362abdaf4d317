/** The pure security-operations core: no I/O, no clock, no HTTP. See README.md. */
export * from './odata/index.ts';
export * from './automation-rules/index.ts';
export * from './workflow-automations/index.ts';
export * from './sentinel-payloads/index.ts';
export { DomainValidationError, type ValidationIssue } from './validation.ts';
