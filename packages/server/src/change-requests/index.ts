export { changeRequestInputSchema, changeRequestStatuses, transitionTarget, type ChangeRequest, type ChangeRequestInput, type ChangeRequestStatus, type ChangeStep } from './change-request.ts';
export { ChangeRequestService } from './change-request-service.ts';
export { ChangeRequestStore } from './change-request-store.ts';
export { GatedConnectorRegistry, withChangeRequestGate, type ChangeGateOptions, type ChangeGatePolicy } from './change-gate.ts';
export { registerChangeRequestRoutes } from './change-request-routes.ts';
