/**
 * The typed builder for one connector operation: its description as data (path, permission, zod
 * schemas → JSON schema, effect, state access) beside its execute, wrapped so that every operation
 * validates its inputs and settings the same way and fails with the same error shape.
 */
import { z } from 'zod';
import type { ConnectorOperation, ConnectorRequest, ConnectorResponse, HttpMethod, ResourceStateAccess } from '@riposte/engine';
import { ApiError, type ApiErrorCode } from '../../common/errors.ts';
import { SecretRedactor } from '../secrets/redactor.ts';
import { ConnectorError, type ConnectorErrorCode } from './connector-error.ts';
import { secretValues, type ConnectionSpec } from './connection-spec.ts';
import { parseWith } from './validate-input.ts';

/** What an operation does outside: reads, notifies people (not reversible, nothing to restore), or changes a resource. */
export type OperationEffect = 'read' | 'notify' | 'change';

export interface OperationContext<B, Q, S> {
  /** req.body validated against the operation's body schema. */
  body: B;
  /** req.queries validated against the operation's queries schema. */
  queries: Q;
  /** The connection settings validated against the connector's connection schema (decrypted). */
  settings: S;
  pathParams: Record<string, string>;
  req: ConnectorRequest;
  signal: AbortSignal;
}

export interface OperationSpec<B extends z.ZodType, Q extends z.ZodType, S> {
  /** Stable id, "<api>.<name>", e.g. "office365.sendEmailV2". */
  id: string;
  summary: string;
  method: HttpMethod;
  /** Path template as playbooks address it, `{param}` segments allowed. */
  path: string;
  /** Permission a user needs to run it, e.g. "connectors.email.send". */
  permission: string;
  effect: OperationEffect;
  connection?: ConnectionSpec<S>;
  body?: B;
  queries?: Q;
  output?: z.ZodType;
  /** Required when effect is "change": how to identify, read and restore the resource. */
  state?: ResourceStateAccess;
  /**
   * For an operation whose answer hands the run a credential on purpose (a key vault's "Get secret"):
   * the secret values in a 2xx answer's body. The run gets them as they are; run history and logs
   * mask them (wiring/redacting-connectors.ts).
   */
  secretOutputs?: (body: unknown) => string[];
  execute(ctx: OperationContext<z.output<B>, z.output<Q>, S>): Promise<ConnectorResponse>;
}

/** A ConnectorOperation that also carries its description as data. */
export interface DescribedOperation extends ConnectorOperation {
  permission: string;
  effect: OperationEffect;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  secretOutputs?: (body: unknown) => string[];
}

/** Builds a ConnectorOperation whose execute validates inputs and maps failures to {error:{code,message}}. */
export function defineOperation<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, S = undefined>(
  spec: OperationSpec<B, Q, S>,
): DescribedOperation {
  if (spec.effect === 'change' && !spec.state) {
    throw new Error(`${spec.id}: an operation that changes an outside resource must declare how to read and restore its state`);
  }
  const operation: DescribedOperation = {
    id: spec.id,
    summary: spec.summary,
    method: spec.method,
    path: spec.path,
    permission: spec.permission,
    effect: spec.effect,
    inputSchema: inputsJsonSchema(spec.body, spec.queries),
    ...(spec.output ? { outputSchema: toJsonSchema(spec.output) } : {}),
    ...(spec.state ? { state: spec.state } : {}),
    ...(spec.secretOutputs ? { secretOutputs: spec.secretOutputs } : {}),
    async execute(req) {
      try {
        const settings = (spec.connection
          ? parseWith(spec.connection.schema, req.connection.settings ?? {}, '/connection/settings', 'InvalidConnection')
          : undefined) as S;
        const body = spec.body ? parseWith(spec.body, req.body, '/body') : req.body;
        const queries = spec.queries ? parseWith(spec.queries, req.queries ?? {}, '/queries') : req.queries;
        return await spec.execute({ body, queries, settings, pathParams: req.pathParams, req, signal: req.signal } as OperationContext<z.output<B>, z.output<Q>, S>);
      } catch (err) {
        return failureResponse(err, secretValues(spec.connection as ConnectionSpec | undefined, req.connection.settings));
      }
    },
  };
  return operation;
}

/** A 2xx response with a JSON body. */
export function ok(body?: unknown, statusCode = 200, headers?: Record<string, string>): ConnectorResponse {
  return { statusCode, ...(headers ? { headers } : {}), ...(body !== undefined ? { body } : {}) };
}

const connectorCodeOf: Partial<Record<ApiErrorCode, ConnectorErrorCode>> = {
  BadRequest: 'InvalidInput',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  Unauthorized: 'Unauthorized',
};

/** The error response for any failure; credential values never leave in a message. */
export function failureResponse(err: unknown, secrets: Iterable<string> = []): ConnectorResponse {
  const redactor = new SecretRedactor().addAll(secrets);
  if (err instanceof ConnectorError) {
    return { statusCode: err.statusCode, body: redactor.redactJson(err.toBody()) };
  }
  if (err instanceof ApiError) {
    // A rule of Riposte's own store refused the call (closing an incident without a classification,
    // say): the action's inputs are at fault, so it fails with the rule's 4xx, which the default
    // retry policy does not retry, rather than a 500 that it would retry four times.
    const code = connectorCodeOf[err.code] ?? 'ConnectorFailure';
    return { statusCode: err.status, body: { error: { code, message: redactor.redact(err.message) } } };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { statusCode: 500, body: { error: { code: 'ConnectorFailure', message: redactor.redact(message) } } };
}

/** JSON schema of a zod schema, as the inputs/outputs description shows it. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function inputsJsonSchema(body: z.ZodType | undefined, queries: z.ZodType | undefined): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  if (body) {
    properties.body = toJsonSchema(body);
    if (!body.safeParse(undefined).success) required.push('body');
  }
  if (queries) properties.queries = toJsonSchema(queries);
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}
