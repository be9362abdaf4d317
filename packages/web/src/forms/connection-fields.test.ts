import { describe, expect, it } from 'vitest';
import type { ConnectionSummary, JsonSchema } from '../api/types.ts';
import { connectionFormOf, initialValues, problemPlace, settingsFromForm } from './connection-fields.ts';

// As GET /api/connectors publishes Jira's and Teams' connection schemas (zod → JSON Schema, input side).
const egress: JsonSchema = { type: 'object', properties: { allowLoopback: { type: 'boolean' }, allow: { type: 'array', items: { type: 'string' } } } };
const jira: JsonSchema = {
  type: 'object',
  properties: {
    baseUrl: { type: 'string', format: 'uri' },
    user: { type: 'string', minLength: 1 },
    apiToken: { type: 'string', minLength: 1 },
    personalAccessToken: { type: 'string', minLength: 1 },
    egress,
    timeoutSeconds: { default: 30, type: 'number', exclusiveMinimum: 0, maximum: 300 },
  },
  required: ['baseUrl'],
};
const jiraSecrets = ['apiToken', 'personalAccessToken'];
const teams: JsonSchema = {
  type: 'object',
  properties: {
    webhookUrl: { type: 'string', format: 'uri' },
    channels: { type: 'object', additionalProperties: { type: 'string', format: 'uri' } },
    format: { default: 'adaptivecard', type: 'string', enum: ['adaptivecard', 'messagecard'] },
    secure: { default: true, type: 'boolean' },
    port: { default: 587, type: 'integer' },
  },
};

const stored = (settings: Record<string, unknown>, secretKeys: string[]): ConnectionSummary => ({
  name: 'jira',
  api: 'jira',
  settings,
  secretKeys,
  keyId: 'k1',
  createdAt: '2026-11-29T10:00:00Z',
  updatedAt: '2026-11-29T10:00:00Z',
});

describe('connection form from a settings schema', () => {
  it('gives each top-level scalar an input of its type, credentials as secret, nested settings as JSON', () => {
    const shape = connectionFormOf(jira, jiraSecrets);
    expect(shape.fields.map((f) => [f.name, f.kind, f.required, f.secret])).toEqual([
      ['baseUrl', 'string', true, false],
      ['user', 'string', false, false],
      ['apiToken', 'string', false, true],
      ['personalAccessToken', 'string', false, true],
      ['timeoutSeconds', 'number', false, false],
    ]);
    expect(shape.fields[0]!.hint).toBe('uri');
    expect(shape.fields[4]!.defaultValue).toBe('30');
    expect(shape.advanced).toEqual(['egress']);
    expect(shape.secretJson).toEqual([]);
  });

  it('reads enums, integers and booleans, and puts a nested credential in its own JSON box', () => {
    const shape = connectionFormOf(teams, ['webhookUrl', 'channels']);
    expect(shape.fields.map((f) => [f.name, f.kind, f.choices, f.defaultValue])).toEqual([
      ['webhookUrl', 'string', undefined, undefined],
      ['format', 'enum', ['adaptivecard', 'messagecard'], 'adaptivecard'],
      ['secure', 'boolean', undefined, 'true'],
      ['port', 'integer', undefined, '587'],
    ]);
    expect(shape.secretJson).toEqual(['channels']);
    expect(shape.advanced).toEqual([]);
  });

  it('takes a nullable string as a string, and a union of types as JSON', () => {
    const shape = connectionFormOf({ properties: { a: { type: ['string', 'null'] }, b: { type: ['string', 'number'] }, c: { anyOf: [] } } }, []);
    expect(shape.fields.map((f) => f.name)).toEqual(['a']);
    expect(shape.advanced).toEqual(['b', 'c']);
  });

  it('without a schema, gives only the credentials inputs and everything else as JSON', () => {
    const shape = connectionFormOf(undefined, ['token']);
    expect(shape.fields.map((f) => [f.name, f.secret])).toEqual([['token', true]]);
    const start = initialValues(shape, stored({ url: 'https://x.example', token: '***' }, ['token']));
    expect(start.values).toEqual({ token: '' });
    expect(JSON.parse(start.advanced)).toEqual({ url: 'https://x.example' });
  });
});

describe('starting values', () => {
  it('fills a stored connection back in except its credentials, which are never pre-filled', () => {
    const shape = connectionFormOf(jira, jiraSecrets);
    const start = initialValues(shape, stored({ baseUrl: 'https://acme.atlassian.net', user: 'soc@acme.com', apiToken: '***', egress: { allow: ['acme.atlassian.net'] }, timeoutSeconds: 30 }, ['apiToken']));
    expect(start.values).toEqual({ baseUrl: 'https://acme.atlassian.net', user: 'soc@acme.com', apiToken: '', personalAccessToken: '', timeoutSeconds: '30' });
    expect(JSON.parse(start.advanced)).toEqual({ egress: { allow: ['acme.atlassian.net'] } });
    expect(JSON.stringify(start)).not.toContain('***');
  });

  it('starts a new connection empty, checkboxes at their default', () => {
    const start = initialValues(connectionFormOf(teams, ['webhookUrl', 'channels']), undefined);
    expect(start).toEqual({ values: { webhookUrl: '', format: '', secure: true, port: '' }, advanced: '', secretJson: { channels: '' } });
  });
});

describe('the settings a save sends', () => {
  const shape = connectionFormOf(jira, jiraSecrets);
  const typed = (values: Record<string, string | boolean>, advanced = '') => settingsFromForm(shape, { values, advanced, secretJson: {} });

  it('leaves empty inputs out, so a credential left empty is not sent', () => {
    expect(typed({ baseUrl: 'https://acme.atlassian.net', user: 'soc@acme.com', apiToken: '', personalAccessToken: '', timeoutSeconds: '' })).toEqual({
      settings: { baseUrl: 'https://acme.atlassian.net', user: 'soc@acme.com' },
    });
  });

  it('sends numbers as numbers, and a number that does not parse as typed for the server to name', () => {
    expect(typed({ baseUrl: 'u', timeoutSeconds: '45' })).toEqual({ settings: { baseUrl: 'u', timeoutSeconds: 45 } });
    expect(typed({ baseUrl: 'u', timeoutSeconds: 'soon' })).toEqual({ settings: { baseUrl: 'u', timeoutSeconds: 'soon' } });
  });

  it('sends a password exactly as typed, spaces included', () => {
    expect(typed({ baseUrl: 'u', user: 'a', apiToken: ' tok en ' })).toEqual({ settings: { baseUrl: 'u', user: 'a', apiToken: ' tok en ' } });
  });

  it('merges the advanced JSON, and refuses JSON that is not an object or repeats an input', () => {
    expect(typed({ baseUrl: 'u' }, '{"egress": {"allowLoopback": true}}')).toEqual({ settings: { baseUrl: 'u', egress: { allowLoopback: true } } });
    expect(typed({ baseUrl: 'u' }, '{"egress": ')).toMatchObject({ problem: { at: 'advanced', message: expect.stringMatching(/^not JSON/) } });
    expect(typed({ baseUrl: 'u' }, '[1]')).toMatchObject({ problem: { at: 'advanced' } });
    expect(typed({ baseUrl: 'u' }, '{"baseUrl": "v"}')).toMatchObject({ problem: { at: 'advanced', message: expect.stringContaining("'baseUrl'") } });
  });

  it('sends a checkbox only when it differs from the default, and nested credentials from their JSON box', () => {
    const teamsShape = connectionFormOf(teams, ['webhookUrl', 'channels']);
    const base = { webhookUrl: '', format: '', port: '' };
    expect(settingsFromForm(teamsShape, { values: { ...base, secure: true }, advanced: '', secretJson: { channels: '' } })).toEqual({ settings: {} });
    expect(settingsFromForm(teamsShape, { values: { ...base, secure: false }, advanced: '', secretJson: { channels: '{"soc": "https://hook"}' } })).toEqual({
      settings: { secure: false, channels: { soc: 'https://hook' } },
    });
    expect(settingsFromForm(teamsShape, { values: base, advanced: '', secretJson: { channels: '{' } })).toMatchObject({ problem: { at: 'channels' } });
  });
});

describe('where the server’s field goes', () => {
  const shape = connectionFormOf(jira, jiraSecrets);
  it('puts a setting beside its input, nested settings beside the JSON, the rest on the form', () => {
    expect(problemPlace(shape, '/settings/baseUrl')).toBe('baseUrl');
    expect(problemPlace(shape, '/settings/apiToken')).toBe('apiToken');
    expect(problemPlace(shape, '/settings/egress/allow/0')).toBe('advanced');
    expect(problemPlace(shape, '/settings/somethingElse')).toBe('advanced');
    expect(problemPlace(shape, '/name')).toBe('name');
    expect(problemPlace(shape, '/settings')).toBeUndefined();
    expect(problemPlace(shape, '/api')).toBeUndefined();
    expect(problemPlace(shape, undefined)).toBeUndefined();
  });
});
