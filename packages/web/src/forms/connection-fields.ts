// A connection's settings form, derived from the connector's JSON Schema: one input per top-level
// scalar property, credentials as password inputs that start empty, and everything nested (egress,
// channel maps, …) in JSON boxes. The server validates; this only shapes what is typed into a body.
import type { ConnectionSummary, JsonSchema } from '../api/types.ts';

export type SettingKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum';

/** One input of the form, for a top-level scalar setting. */
export interface SettingField {
  name: string;
  kind: SettingKind;
  required: boolean;
  /** A credential: a password input, never filled from the stored connection. */
  secret: boolean;
  choices?: string[];
  /** The server's default when the setting is left out, as the input shows it. */
  defaultValue?: string;
  /** What the value must look like (the schema's format or pattern), for the placeholder. */
  hint?: string;
  description?: string;
}

/** The form for one connector: its inputs and the settings that are typed as JSON. */
export interface ConnectionFormShape {
  fields: SettingField[];
  /** Nested settings that are not credentials: one JSON object box, filled from the stored connection. */
  advanced: string[];
  /** Nested settings that are credentials: one JSON box each, never filled. */
  secretJson: string[];
  /** Whether the connector published a schema; without one every setting but the credentials is typed as JSON. */
  described: boolean;
}

/** What the analyst typed: input values by setting name, the advanced JSON, the JSON of nested credentials. */
export interface ConnectionFormValues {
  values: Record<string, string | boolean>;
  advanced: string;
  secretJson: Record<string, string>;
}

/** A problem found before sending, or the server's refusal, placed at one part of the form. */
export interface FormProblem {
  /** A setting name, 'advanced', 'name', or undefined for the form as a whole. */
  at: string | undefined;
  message: string;
}

/**
 * The form for a settings schema. `secrets` are the connector's credential settings (plus, for a
 * stored connection, the ones the vault masked); without a schema only they get inputs.
 */
export function connectionFormOf(schema: JsonSchema | undefined, secrets: readonly string[]): ConnectionFormShape {
  const secret = new Set(secrets);
  const properties = schema?.properties;
  if (!properties) {
    return { fields: [...secret].sort().map((name) => ({ name, kind: 'string', required: false, secret: true })), advanced: [], secretJson: [], described: false };
  }
  const required = new Set(schema.required ?? []);
  const shape: ConnectionFormShape = { fields: [], advanced: [], secretJson: [], described: true };
  for (const [name, property] of Object.entries(properties)) {
    const field = scalarField(name, property, required.has(name), secret.has(name));
    if (field) shape.fields.push(field);
    else if (secret.has(name)) shape.secretJson.push(name);
    else shape.advanced.push(name);
  }
  return shape;
}

function scalarField(name: string, property: JsonSchema, required: boolean, secret: boolean): SettingField | undefined {
  const choices = enumChoices(property);
  const kind: SettingKind | undefined = choices ? 'enum' : scalarKind(property.type);
  if (!kind) return undefined;
  const field: SettingField = { name, kind, required, secret };
  if (choices) field.choices = choices;
  if (property.default !== undefined && isScalar(property.default)) field.defaultValue = String(property.default);
  const hint = property.format ?? property.pattern;
  if (hint) field.hint = hint;
  if (property.description) field.description = property.description;
  return field;
}

function enumChoices(property: JsonSchema): string[] | undefined {
  const values = property.enum ?? (property.const !== undefined ? [property.const] : undefined);
  if (!values || values.length === 0 || !values.every((v) => typeof v === 'string')) return undefined;
  return values as string[];
}

function scalarKind(type: JsonSchema['type']): SettingKind | undefined {
  // ["string", "null"] is a string that may be null: the input leaves it out when empty.
  const types = (Array.isArray(type) ? type : [type]).filter((t) => t !== 'null');
  if (types.length !== 1) return undefined;
  const [only] = types;
  return only === 'string' || only === 'number' || only === 'integer' || only === 'boolean' ? only : undefined;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The form's starting values: empty for a new connection; for a stored one, its settings except the
 * credentials (the vault shows those as "***", and they are never put back into an input).
 */
export function initialValues(shape: ConnectionFormShape, stored: ConnectionSummary | undefined): ConnectionFormValues {
  const settings = stored?.settings ?? {};
  const masked = new Set(stored?.secretKeys ?? []);
  const values: Record<string, string | boolean> = {};
  for (const field of shape.fields) {
    const value = field.secret || masked.has(field.name) ? undefined : settings[field.name];
    if (field.kind === 'boolean') values[field.name] = typeof value === 'boolean' ? value : field.defaultValue === 'true';
    else values[field.name] = isScalar(value) ? String(value) : '';
  }
  const formNames = new Set([...shape.fields.map((f) => f.name), ...shape.secretJson]);
  const advanced: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (formNames.has(name) || masked.has(name)) continue;
    // Known nested settings, or (without a schema) anything that is not a credential.
    if (shape.advanced.includes(name) || !shape.described) advanced[name] = value;
  }
  const secretJson = Object.fromEntries(shape.secretJson.map((name) => [name, '']));
  return { values, advanced: Object.keys(advanced).length ? JSON.stringify(advanced, null, 2) : '', secretJson };
}

/**
 * The settings object a PUT sends. Empty inputs are left out (the server applies its default, or
 * refuses a required setting naming it); a checkbox is sent only when it differs from the default.
 * Numbers that do not parse are sent as typed, so the server names the field.
 */
export function settingsFromForm(shape: ConnectionFormShape, form: ConnectionFormValues): { settings: Record<string, unknown> } | { problem: FormProblem } {
  const settings: Record<string, unknown> = {};
  for (const field of shape.fields) {
    const value = form.values[field.name];
    if (field.kind === 'boolean') {
      const checked = value === true;
      if (checked !== (field.defaultValue === 'true')) settings[field.name] = checked;
      continue;
    }
    if (typeof value !== 'string' || value === '') continue;
    if (field.kind === 'number' || field.kind === 'integer') {
      const n = Number(value.trim());
      settings[field.name] = value.trim() !== '' && Number.isFinite(n) ? n : value;
    } else {
      settings[field.name] = value;
    }
  }
  for (const name of shape.secretJson) {
    const text = form.secretJson[name]?.trim() ?? '';
    if (!text) continue;
    const parsed = parseJson(text, name);
    if ('problem' in parsed) return parsed;
    settings[name] = parsed.value;
  }
  const advancedText = form.advanced.trim();
  if (advancedText) {
    const parsed = parseJson(advancedText, 'advanced');
    if ('problem' in parsed) return parsed;
    if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      return { problem: { at: 'advanced', message: 'expected a JSON object of settings, e.g. {"egress": {"allow": ["jira.example.com"]}}' } };
    }
    for (const [name, value] of Object.entries(parsed.value)) {
      if (name in settings) return { problem: { at: 'advanced', message: `'${name}' has its own input above: set it there, not in the JSON` } };
      settings[name] = value;
    }
  }
  return { settings };
}

function parseJson(text: string, at: string): { value: unknown } | { problem: FormProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { problem: { at, message: `not JSON: ${(err as Error).message}` } };
  }
}

/**
 * Where in the form a server's field pointer belongs: "/settings/baseUrl" beside baseUrl,
 * "/settings/egress/allow/0" beside the advanced JSON, "/name" beside the name; anything else
 * (the settings as a whole, the api) on the form itself.
 */
export function problemPlace(shape: ConnectionFormShape, pointer: string | undefined): string | undefined {
  if (!pointer) return undefined;
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments[0] === 'name' && segments.length === 1) return 'name';
  if (segments[0] !== 'settings' || segments.length < 2) return undefined;
  const setting = segments[1]!;
  if (shape.fields.some((f) => f.name === setting) || shape.secretJson.includes(setting)) return setting;
  return 'advanced';
}
