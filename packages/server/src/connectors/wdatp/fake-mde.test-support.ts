/**
 * For tests: Defender for Endpoint as its API documents it, played by `testing/fake-api.ts` (the
 * real service cannot run here). The Microsoft token endpoint issues client-credentials tokens;
 * `/api/machines` lists the machines; isolate, unisolate, restrictCodeExecution and
 * unrestrictCodeExecution add a Pending machineAction (201) and refuse a second one of the same
 * type while it is pending (400 "Action is already in progress"); `/api/machineactions` lists them
 * by `$filter=machineId eq '…'`. Every API call needs a bearer token the endpoint issued and has not
 * revoked, else 401.
 */
import { startFakeApi, type FakeApi, type FakeApiRequest } from '../../testing/fake-api.ts';

export interface FakeMachine {
  id: string;
  computerDnsName: string;
  [field: string]: unknown;
}

export interface FakeMachineAction {
  id: string;
  type: string;
  scope: string | null;
  requestor: string;
  requestorComment: string;
  status: string;
  machineId: string;
  computerDnsName: string;
  creationDateTimeUtc: string;
  lastUpdateDateTimeUtc: string;
}

export interface FakeMde {
  api: FakeApi;
  tenant: string;
  clientId: string;
  clientSecret: string;
  machines: FakeMachine[];
  actions: FakeMachineAction[];
  /** Tokens issued so far. */
  issued: string[];
  /** Connection settings that reach this fake. */
  settings(): Record<string, unknown>;
  /** Every token issued so far stops working (as after a revoked grant). */
  revokeTokens(): void;
  /** Pending and in-progress actions succeed. */
  completeActions(): void;
  /** API requests (token requests left out). */
  calls(): FakeApiRequest[];
  stop(): Promise<void>;
}

const ACTIONS: Record<string, string> = {
  isolate: 'Isolate',
  unisolate: 'Unisolate',
  restrictCodeExecution: 'RestrictCodeExecution',
  unrestrictCodeExecution: 'UnrestrictCodeExecution',
};

export async function startFakeMde(machines: FakeMachine[]): Promise<FakeMde> {
  const api = await startFakeApi();
  const tenant = 'contoso.onmicrosoft.com';
  const clientId = 'riposte-mde-app';
  const clientSecret = 'mde-client-secret-canary-7731';
  const issued: string[] = [];
  const valid = new Set<string>();
  const actions: FakeMachineAction[] = [];
  let clock = Date.parse('2026-11-29T08:00:00Z');
  const tick = () => new Date((clock += 1000)).toISOString();

  api.on('POST', `/${tenant}/oauth2/v2.0/token`, (req) => {
    const form = req.body as Record<string, string>;
    if (form.client_id !== clientId || form.client_secret !== clientSecret) return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
    const token = `mde-token-${issued.length + 1}`;
    issued.push(token);
    valid.add(token);
    return { body: { token_type: 'Bearer', expires_in: 3599, access_token: token } };
  });

  const authorized = (req: FakeApiRequest) => valid.has(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
  const unauthorized = { status: 401, body: { error: { code: 'Unauthorized', message: 'Authorization token is invalid or expired' } } };

  api.on('GET', '/api/machines', (req) => (authorized(req) ? { body: { '@odata.context': `${api.url}/api/$metadata#Machines`, value: machines } } : unauthorized));

  api.on('GET', '/api/machineactions', (req) => {
    if (!authorized(req)) return unauthorized;
    const id = /machineId eq '([^']*)'/.exec(req.query.get('$filter') ?? '')?.[1];
    return { body: { '@odata.context': `${api.url}/api/$metadata#MachineActions`, value: actions.filter((a) => id === undefined || a.machineId === id) } };
  });

  api.on('POST', /^\/api\/machines\/[^/]+\/[A-Za-z]+$/, (req) => {
    if (!authorized(req)) return unauthorized;
    const [, , , rawId, verb] = req.path.split('/');
    const type = ACTIONS[verb!];
    if (!type) return undefined;
    const id = decodeURIComponent(rawId!);
    const machine = machines.find((m) => m.id === id);
    if (!machine) return { status: 404, body: { error: { code: 'ResourceNotFound', message: `Machine ${id} was not found` } } };
    const body = req.body as { Comment?: unknown; IsolationType?: unknown };
    if (typeof body?.Comment !== 'string' || body.Comment === '') return { status: 400, body: { error: { code: 'InvalidRequestBody', message: 'Comment is required' } } };
    if (actions.some((a) => a.machineId === id && a.type === type && (a.status === 'Pending' || a.status === 'InProgress'))) {
      return { status: 400, body: { error: { code: 'ActiveRequestAlreadyExists', message: 'Action is already in progress' } } };
    }
    const at = tick();
    const action: FakeMachineAction = {
      id: `ma-${actions.length + 1}`,
      type,
      scope: type === 'Isolate' ? String(body.IsolationType ?? 'Full') : null,
      requestor: clientId,
      requestorComment: body.Comment,
      status: 'Pending',
      machineId: id,
      computerDnsName: machine.computerDnsName,
      creationDateTimeUtc: at,
      lastUpdateDateTimeUtc: at,
    };
    actions.push(action);
    return { status: 201, body: { '@odata.context': `${api.url}/api/$metadata#MachineActions/$entity`, ...action } };
  });

  return {
    api,
    tenant,
    clientId,
    clientSecret,
    machines,
    actions,
    issued,
    settings: () => ({ baseUrl: api.url, authority: api.url, tenant, clientId, clientSecret }),
    revokeTokens: () => valid.clear(),
    completeActions() {
      for (const a of actions) {
        if (a.status === 'Pending' || a.status === 'InProgress') Object.assign(a, { status: 'Succeeded', lastUpdateDateTimeUtc: tick() });
      }
    },
    calls: () => api.requests.filter((r) => r.path.startsWith('/api/')),
    stop: () => api.stop(),
  };
}
