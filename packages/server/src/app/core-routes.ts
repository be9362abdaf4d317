import type { FastifyInstance } from 'fastify';
import { registerAlertRoutes } from '../alerts/alert-routes.ts';
import { registerAssessmentRoutes } from '../assessments/assessment-routes.ts';
import { registerAuditRoutes } from '../audit/audit-routes.ts';
import { registerKeyRoutes } from '../auth/key-routes.ts';
import { registerIncidentRoutes } from '../incidents/incident-routes.ts';
import { registerIncidentCreateRoute } from '../incidents/incident-create-route.ts';
import { registerSystemRoutes } from '../http/system-routes.ts';
import type { RiposteServices } from './build-app.ts';

/** The routes this package owns; other modules add theirs through BuildAppOptions.modules. */
export function registerCoreRoutes(_app: FastifyInstance, services: RiposteServices, version: string): void {
  registerSystemRoutes(services, version);
  registerAlertRoutes(services);
  registerIncidentRoutes(services);
  registerIncidentCreateRoute(services);
  registerAssessmentRoutes(services);
  registerAuditRoutes(services);
  registerKeyRoutes(services);
}
