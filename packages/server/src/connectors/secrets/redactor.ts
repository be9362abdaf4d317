/**
 * Keeps secret values out of everything a person or a log can read. It knows every secret value
 * currently loaded (connection credentials, `secureData` values) and replaces each occurrence —
 * also in the encoded forms a secret takes on its way out (URL-encoding, JSON escaping, base64 as in
 * a Basic authorization header) — with a fixed mask.
 */
export const REDACTED = '***';

// Shorter values would mask ordinary words; credentials are never this short.
const MIN_SECRET_LENGTH = 4;
const MIN_ENCODED_LENGTH = 6;

export class SecretRedactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | null = null;
  #dirty = false;

  /**
   * Remembers a secret value (and its encoded forms); the strings inside an array or object (a map
   * of webhook URLs) count one by one. Short strings and other values are ignored.
   */
  add(value: unknown): this {
    if (typeof value === 'string') {
      if (value.length >= MIN_SECRET_LENGTH && !this.#secrets.has(value)) {
        this.#secrets.add(value);
        this.#dirty = true;
      }
    } else if (Array.isArray(value)) {
      for (const v of value) this.add(v);
    } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const v of Object.values(value)) this.add(v);
    }
    return this;
  }

  addAll(values: Iterable<unknown>): this {
    for (const v of values) this.add(v);
    return this;
  }

  /** Forgets a value, e.g. when a connection is deleted or its credential replaced. */
  forget(value: string): this {
    if (this.#secrets.delete(value)) this.#dirty = true;
    return this;
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** The values it masks (not their encoded forms), e.g. to seal them for a process that must mask them too. */
  values(): string[] {
    return [...this.#secrets];
  }

  /** The text with every known secret (and its encodings) replaced by "***". */
  redact(text: string): string {
    const pattern = this.#compiled();
    return pattern ? text.replace(pattern, REDACTED) : text;
  }

  /** A deep copy of a JSON-like value with secrets masked in every string, key included. */
  redactJson<T>(value: T): T {
    if (!this.#compiled()) return value;
    return this.#walk(value, new WeakSet()) as T;
  }

  /** A shape of an error fit for a log line or run history: name, code and masked message only. */
  redactError(err: unknown): { name: string; code?: string; message: string } {
    if (err instanceof Error) {
      const code = (err as { code?: unknown }).code;
      return { name: err.name, ...(typeof code === 'string' ? { code } : {}), message: this.redact(err.message) };
    }
    return { name: 'Error', message: this.redact(String(err)) };
  }

  #walk(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (Buffer.isBuffer(value)) return this.redact(value.toString('latin1'));
    if (Array.isArray(value)) return value.map((v) => this.#walk(v, seen));
    if (value instanceof Error) return this.redactError(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.#walk(v, seen);
    return out;
  }

  #compiled(): RegExp | null {
    if (this.#dirty) {
      const forms = new Set<string>();
      for (const s of this.#secrets) for (const f of encodedForms(s)) forms.add(f);
      const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.#pattern = sorted.length ? new RegExp(sorted.join('|'), 'g') : null;
      this.#dirty = false;
    }
    return this.#pattern;
  }
}

/** Every form of a secret the redactor looks for. */
export function encodedForms(secret: string): string[] {
  const forms = [secret];
  const add = (f: string, min = MIN_SECRET_LENGTH) => {
    if (f.length >= min) forms.push(f);
  };
  add(encodeURIComponent(secret));
  add(encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  add(jsonEscaped);
  add(JSON.stringify(jsonEscaped).slice(1, -1));
  const bytes = Buffer.from(secret, 'utf8');
  add(bytes.toString('base64'), MIN_ENCODED_LENGTH);
  add(bytes.toString('base64').replace(/=+$/, ''), MIN_ENCODED_LENGTH);
  add(bytes.toString('base64url'), MIN_ENCODED_LENGTH);
  // Inside a longer base64 text (a Basic header "user:secret", an attachment) the secret's encoding
  // depends on its byte offset modulo 3; the 4-character groups made only of secret bytes do not.
  for (const start of [1, 2]) {
    const whole = Math.floor((bytes.length - start) / 3) * 3;
    if (whole <= 0) continue;
    const core = bytes.subarray(start, start + whole);
    add(core.toString('base64'), MIN_ENCODED_LENGTH);
    add(core.toString('base64url'), MIN_ENCODED_LENGTH);
  }
  const whole0 = Math.floor(bytes.length / 3) * 3;
  if (whole0 > 0 && whole0 < bytes.length) {
    add(bytes.subarray(0, whole0).toString('base64'), MIN_ENCODED_LENGTH);
    add(bytes.subarray(0, whole0).toString('base64url'), MIN_ENCODED_LENGTH);
  }
  add(bytes.toString('hex'), MIN_ENCODED_LENGTH * 2);
  return forms;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
