import { useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ConsoleApiError } from '../api/client.ts';
import type { ConnectionPut, ConnectionSummary, ConnectorInfo } from '../api/types.ts';
import type { FormProblem, SettingField } from '../forms/connection-fields.ts';
import { connectionFormOf, initialValues, problemPlace, settingsFromForm } from '../forms/connection-fields.ts';
import { asApiError } from '../use-load.tsx';
import { ErrorBanner } from './error-banner.tsx';

/**
 * Adds or replaces a connection of one connector: its name (the api name by default, which serves
 * every playbook without a connection of its own), one input per setting of the connector's schema,
 * nested settings as JSON. A PUT replaces the whole connection, and stored credentials never come
 * back to the console, so every credential is typed again on each save. The server judges the
 * settings; a 400 naming a setting is shown beside it.
 */
export function ConnectionForm({
  connector,
  stored,
  onSave,
}: {
  connector: ConnectorInfo;
  /** The stored connection being edited, if any (credentials masked). */
  stored: ConnectionSummary | undefined;
  onSave: (name: string, body: ConnectionPut) => Promise<ConnectionSummary>;
}) {
  const shape = useMemo(
    () => connectionFormOf(connector.connection?.schema, [...(connector.connection?.secrets ?? []), ...(stored?.secretKeys ?? [])]),
    [connector, stored],
  );
  const start = useMemo(() => initialValues(shape, stored), [shape, stored]);
  const [name, setName] = useState(stored?.name ?? connector.api);
  const [values, setValues] = useState(start.values);
  const [advanced, setAdvanced] = useState(start.advanced);
  const [secretJson, setSecretJson] = useState(start.secretJson);
  const [problem, setProblem] = useState<FormProblem & { status?: number }>();
  const [error, setError] = useState<ConsoleApiError>();
  const [saving, setSaving] = useState(false);

  const replacing = connector.connections.includes(name.trim());
  const storedSecrets = new Set(stored?.secretKeys ?? []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setError(undefined);
    const built = settingsFromForm(shape, { values, advanced, secretJson });
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setSaving(true);
    try {
      await onSave(name.trim(), { api: connector.api, settings: built.settings });
      // Typed credentials are not kept in the page once the vault has them.
      setValues((v) => ({ ...v, ...Object.fromEntries(shape.fields.filter((f) => f.secret).map((f) => [f.name, ''])) }));
      setSecretJson((s) => Object.fromEntries(Object.keys(s).map((k) => [k, ''])));
    } catch (err) {
      const apiError = asApiError(err);
      const at = problemPlace(shape, apiError.field);
      if (at) setProblem({ at, message: `${apiError.code}: ${apiError.message}`, status: apiError.status });
      else setError(apiError);
    }
    setSaving(false);
  };

  const problemAt = (at: string): ReactNode =>
    problem?.at === at ? (
      <span className="field-error" role="alert">
        {problem.status ? `${problem.status} ` : ''}
        {problem.message}
      </span>
    ) : null;

  return (
    <form className="card connection-form" onSubmit={submit} noValidate>
      <h3>{stored ? `Edit connection '${stored.name}'` : `New ${connector.displayName} connection`}</h3>
      <label className="connection-name">
        Connection name
        <input name="connectionName" value={name} onChange={(e) => setName(e.target.value)} />
        <span className="muted">
          Named <code>{connector.api}</code>, it serves every playbook whose <code>$connections</code> entry for {connector.api} has no connection of its own name.
        </span>
        {problemAt('name')}
      </label>
      {replacing && (
        <p className="notice-warn">
          Saving replaces the stored connection '{name.trim()}' as a whole. Its credentials are never shown back here: type each one again. A credential left empty is
          removed from the connection, and the server refuses the save when the connector needs it.
        </p>
      )}
      {!connector.connection && (
        <p className="muted">
          No settings schema is known for {connector.displayName}: type its settings as JSON (credentials it already has get their own inputs).
        </p>
      )}
      <div className="grid connection-fields">
        {shape.fields.map((field) => (
          <SettingInput
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            storedSecret={field.secret && storedSecrets.has(field.name)}
            onChange={(v) => setValues((s) => ({ ...s, [field.name]: v }))}
          >
            {problemAt(field.name)}
          </SettingInput>
        ))}
      </div>
      {shape.secretJson.map((secret) => (
        <label key={secret} className="connection-json">
          <span>
            {secret} <span className="badge">credential, JSON</span>
          </span>
          <textarea
            name={secret}
            rows={3}
            spellCheck={false}
            autoComplete="off"
            placeholder={storedSecrets.has(secret) ? 'stored; not shown. Type it again to keep it.' : ''}
            value={secretJson[secret] ?? ''}
            onChange={(e) => setSecretJson((s) => ({ ...s, [secret]: e.target.value }))}
          />
          {problemAt(secret)}
        </label>
      ))}
      {(shape.advanced.length > 0 || !shape.described) && (
        <label className="connection-json">
          <span>
            {shape.described ? 'Advanced settings (JSON)' : 'Settings (JSON)'}
            {shape.advanced.length > 0 && (
              <span className="muted">
                {' '}
                — {shape.advanced.join(', ')}
              </span>
            )}
          </span>
          <textarea
            name="advancedSettings"
            rows={4}
            spellCheck={false}
            placeholder={shape.advanced.includes('egress') ? '{"egress": {"allow": ["jira.example.com"]}}' : '{}'}
            value={advanced}
            onChange={(e) => setAdvanced(e.target.value)}
          />
          {problemAt('advanced')}
        </label>
      )}
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" disabled={saving || !name.trim()}>
          {replacing ? 'Replace connection' : 'Create connection'}
        </button>
      </div>
    </form>
  );
}

/** One setting's input, by its schema type; a credential is a password input that starts empty. */
function SettingInput({
  field,
  value,
  storedSecret,
  onChange,
  children,
}: {
  field: SettingField;
  value: string | boolean;
  storedSecret: boolean;
  onChange: (value: string | boolean) => void;
  children: ReactNode;
}) {
  const title = (
    <span>
      {field.name}
      {field.required && (
        <abbr className="required" title="required">
          {' '}
          *
        </abbr>
      )}
      {field.secret && <span className="badge">credential</span>}
    </span>
  );
  if (field.kind === 'boolean' && !field.secret) {
    return (
      <label className="inline setting-boolean">
        <input type="checkbox" name={field.name} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {title}
        {children}
      </label>
    );
  }
  const text = typeof value === 'string' ? value : '';
  let input: ReactNode;
  if (field.secret) {
    input = (
      <input
        type="password"
        name={field.name}
        autoComplete="new-password"
        aria-required={field.required}
        placeholder={storedSecret ? 'stored; type it again to keep it' : ''}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else if (field.kind === 'enum') {
    input = (
      <select name={field.name} aria-required={field.required} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">{field.defaultValue !== undefined ? `(default: ${field.defaultValue})` : '(not set)'}</option>
        {field.choices?.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    );
  } else {
    const numeric = field.kind === 'number' || field.kind === 'integer';
    input = (
      <input
        name={field.name}
        inputMode={numeric ? (field.kind === 'integer' ? 'numeric' : 'decimal') : undefined}
        aria-required={field.required}
        placeholder={field.defaultValue !== undefined ? `default: ${field.defaultValue}` : field.hint ?? (numeric ? field.kind : '')}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <label className={`setting-${field.kind}`} title={field.description}>
      {title}
      {input}
      {children}
    </label>
  );
}
