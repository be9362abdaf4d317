export { ApprovalService, ApprovalNotSentError, type ApprovalCallbackBody, type ApprovalRequestInput, type ApprovalServiceOptions, type CallbackDelivery, type LinkAnswer } from './approval-service.ts';
export type { Approval, ApprovalAnswer, ApprovalStatus } from './approval-store.ts';
export { office365ApprovalOperations, riposteApprovalOperation, splitOptions, type IncidentOfRun } from './approval-operations.ts';
export { parseRuntimeCallbackUrl, runtimeCallbackDelivery } from './callback-delivery.ts';
export { registerApprovalRoutes } from './approval-routes.ts';
export { answerLink, linkSignatureValid, signLink, type LinkClaims } from './approval-link.ts';
export { migrateResponseTables, responseDatabaseOf } from './response-database.ts';
