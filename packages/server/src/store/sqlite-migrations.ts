/**
 * Schema of the security store on SQLite, as an ordered list of migrations. A migration is never
 * edited once released; a change is a new entry at the end. Timestamps are stored normalized
 * (UTC, seven fractional digits), so comparing them as text orders them in time.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const securityMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'alerts, incidents, comments, tasks, timeline',
    sql: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        provider_alert_id TEXT NOT NULL,
        incident_id TEXT,
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        classification TEXT,
        determination TEXT,
        service_source TEXT,
        detection_source TEXT,
        detector_id TEXT,
        title TEXT NOT NULL,
        category TEXT,
        assigned_to TEXT,
        created_date_time TEXT NOT NULL,
        last_update_date_time TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE UNIQUE INDEX alerts_provider_key ON alerts (provider, provider_alert_id);
      CREATE INDEX alerts_severity_status_created ON alerts (severity, status, created_date_time);
      CREATE INDEX alerts_status_created ON alerts (status, created_date_time);
      CREATE INDEX alerts_created ON alerts (created_date_time);
      CREATE INDEX alerts_updated ON alerts (last_update_date_time);
      CREATE INDEX alerts_incident ON alerts (incident_id);
      CREATE INDEX alerts_title ON alerts (title);
      CREATE INDEX alerts_category ON alerts (category);
      CREATE INDEX alerts_service_source ON alerts (service_source, created_date_time);
      CREATE INDEX alerts_assigned_to ON alerts (assigned_to);

      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE,
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        title TEXT NOT NULL,
        owner_assigned_to TEXT,
        owner_email TEXT,
        owner_upn TEXT,
        owner_object_id TEXT,
        created_time_utc TEXT NOT NULL,
        last_modified_time_utc TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX incidents_status_created ON incidents (status, created_time_utc);
      CREATE INDEX incidents_severity_created ON incidents (severity, created_time_utc);
      CREATE INDEX incidents_created ON incidents (created_time_utc);

      CREATE TABLE correlation_keys (
        key TEXT NOT NULL,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        last_seen TEXT NOT NULL,
        PRIMARY KEY (key, incident_id)
      ) WITHOUT ROWID;
      CREATE INDEX correlation_keys_seen ON correlation_keys (key, last_seen);

      CREATE TABLE incident_comments (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        created_time_utc TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX incident_comments_incident ON incident_comments (incident_id, created_time_utc);

      CREATE TABLE incident_tasks (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        created_time_utc TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX incident_tasks_incident ON incident_tasks (incident_id, created_time_utc);

      CREATE TABLE incident_timeline (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, seq);
    `,
  },
  {
    version: 2,
    name: 'assessments, api keys, audit log',
    sql: `
      CREATE TABLE assessments (
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        severity TEXT,
        created_date_time TEXT NOT NULL,
        last_update_date_time TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (kind, name)
      );
      CREATE INDEX assessments_state ON assessments (kind, state, last_update_date_time);

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT
      );
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);
    `,
  },
  {
    version: 3,
    name: 'alerts of an incident from the index alone',
    sql: `
      CREATE INDEX alerts_incident_created ON alerts (incident_id, created_date_time, id);
      DROP INDEX alerts_incident;
    `,
  },
  {
    version: 4,
    name: 'the highest number of a deleted incident, never given again',
    sql: `
      CREATE TABLE incident_number_floor (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
    `,
  },
];
