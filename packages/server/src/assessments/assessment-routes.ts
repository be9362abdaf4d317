import { z } from 'zod';
import type { RiposteServices } from '../app/build-app.ts';
import { NotFoundError } from '../common/errors.ts';
import { listResult, listResultSchema, pagingQuery } from '../http/list-query.ts';
import { assessmentInputSchema, assessmentKinds, assessmentSchema } from './assessment-schema.ts';
import { ingestAssessment } from './ingest-assessment.ts';

/** POST/GET /api/assessments: Defender recommendations and regulatory-compliance assessments. */
export function registerAssessmentRoutes(services: RiposteServices): void {
  services.route({
    method: 'POST',
    url: '/api/assessments',
    permission: 'assessments.write',
    summary: 'Ingest a security assessment (recommendation) or a regulatory-compliance assessment; same kind + name replaces',
    tags: ['assessments'],
    body: assessmentInputSchema,
    response: { status: 201, schema: assessmentSchema },
    handler: async ({ body, actor }) => (await ingestAssessment(services, body, actor)).assessment,
  });

  services.route({
    method: 'GET',
    url: '/api/assessments',
    permission: 'assessments.read',
    summary: 'List assessments, most recently updated first',
    tags: ['assessments'],
    query: z.object({
      kind: z.enum(assessmentKinds).optional(),
      state: z.string().max(40).optional().describe('Healthy/Unhealthy/NotApplicable or Passed/Failed/Skipped/Unsupported'),
      ...pagingQuery,
    }),
    response: { schema: listResultSchema(assessmentSchema) },
    handler: async ({ query, request }) => {
      const page = await services.store.listAssessments(query);
      return listResult(page.items, query, request.url, page.total);
    },
  });

  services.route({
    method: 'GET',
    url: '/api/assessments/:kind/:name',
    permission: 'assessments.read',
    summary: 'One assessment by kind and name',
    tags: ['assessments'],
    params: z.object({ kind: z.enum(assessmentKinds), name: z.string().min(1).max(256) }),
    response: { schema: assessmentSchema },
    handler: async ({ params }) => {
      const a = await services.store.getAssessment(params.kind, params.name);
      if (!a) throw new NotFoundError(params.kind, params.name);
      return a;
    },
  });
}
