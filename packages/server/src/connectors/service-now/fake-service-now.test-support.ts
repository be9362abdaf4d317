/**
 * For tests: a ServiceNow instance's Table API on one table, played by `testing/fake-api.ts` (the
 * real service cannot run here). `POST /api/now/table/{table}` stores the record (a sys_id; a number unless the body gives one)
 * and answers 201 `{result}`; `GET /api/now/table/{table}?sysparm_query=correlation_id=…` answers
 * `{result: [record]}` for the records carrying that correlation_id (any other query: every
 * record, as an instance does with a condition it cannot apply). `loseAnswers` makes the next
 * creates store the record and then answer 504, as a proxy does when the instance was slow.
 */
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';

export interface FakeServiceNow {
  api: FakeApi;
  /** The records the table holds, in creation order. */
  records: Array<Record<string, unknown>>;
  /** How many of the next creates store the record and answer 504. */
  loseAnswers: number;
  stop(): Promise<void>;
}

export async function startFakeServiceNow(table = 'incident'): Promise<FakeServiceNow> {
  const api = await startFakeApi();
  const fake: FakeServiceNow = { api, records: [], loseAnswers: 0, stop: () => api.stop() };
  const path = `/api/now/table/${table}`;
  api.on('POST', path, (req) => {
    const n = fake.records.length + 1;
    const record: Record<string, unknown> = { number: `INC${String(10_000 + n).padStart(7, '0')}`, ...(req.body as object), sys_id: `sys${String(n).padStart(29, '0')}` };
    fake.records.push(record);
    if (fake.loseAnswers > 0) {
      fake.loseAnswers--;
      return { status: 504, body: '<html>Gateway Time-out</html>' };
    }
    return { status: 201, body: { result: record } };
  });
  api.on('GET', path, (req) => {
    const condition = /^correlation_id=(.*)$/.exec(req.query.get('sysparm_query') ?? '');
    const matching = condition ? fake.records.filter((r) => r.correlation_id === condition[1]) : fake.records;
    return { status: 200, body: { result: matching.slice(0, Number(req.query.get('sysparm_limit') ?? 10_000)) } };
  });
  return fake;
}
