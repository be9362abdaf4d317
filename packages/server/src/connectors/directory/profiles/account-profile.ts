/**
 * How a directory marks an account disabled and how it resets a password differs per product; each
 * product is a profile. Profiles are pure: they compute attribute changes from what was read, and
 * the LDAP session applies them.
 */

/** The raw values of the attributes a profile reads; `null` means the attribute is absent. */
export type LockState = Record<string, string[] | null>;

/** One LDAP modification, as plain data (values may be binary, e.g. AD's unicodePwd). */
export interface AttributeChange {
  operation: 'add' | 'delete' | 'replace';
  type: string;
  values: Array<string | Buffer>;
}

export type ProfileName = 'openldap-ppolicy' | 'active-directory' | '389-freeipa';

export interface PasswordReset {
  changes: AttributeChange[];
  /** Whether the change makes the user choose a new password at next logon. */
  forceChangeApplied: boolean;
  /** Why forcing was not applied, when it was asked for and this directory cannot do it per user. */
  note?: string;
}

/**
 * The directory's own stable unique id of an entry, answered as Graph's user `id` (a GUID) and
 * accepted wherever a user is named.
 */
export interface ObjectIdAttribute {
  /** The attribute; operational ones must be asked for by name. */
  name: string;
  /** Held as bytes: requested as a buffer and searched as escaped bytes. */
  binary: boolean;
  /** The canonical GUID a value read stands for; undefined when it has another form. */
  toGuid(value: string | Buffer): string | undefined;
  /** The escaped filter assertion value that finds the entry with this canonical GUID. */
  filterValue(guid: string): string;
}

export interface AccountProfile {
  name: ProfileName;
  objectId: ObjectIdAttribute;
  /** Attributes that carry the disabled mark (operational ones must be asked for by name). */
  lockAttributes: readonly string[];
  isEnabled(lock: LockState): boolean;
  /** Changes that disable the account; none when it is already disabled. */
  disable(lock: LockState): AttributeChange[];
  /** Changes that enable the account; none when it is already enabled. */
  enable(lock: LockState): AttributeChange[];
  /** Changes that put a recorded lock state back. */
  restore(current: LockState, before: LockState): AttributeChange[];
  resetPassword(password: string, forceChange: boolean): PasswordReset;
}

/** Changes that make each attribute's values equal the recorded ones (or absent again). */
export function restoreAttributes(current: LockState, before: LockState): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const [type, was] of Object.entries(before)) {
    const now = current[type] ?? null;
    if (was === null || was.length === 0) {
      if (now !== null && now.length > 0) changes.push({ operation: 'delete', type, values: [] });
    } else if (now === null || !sameValues(now, was)) {
      changes.push({ operation: 'replace', type, values: [...was] });
    }
  }
  return changes;
}

function sameValues(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((v, i) => v === sb[i]);
}

/** The first value of an attribute, if present. */
export function firstValue(lock: LockState, type: string): string | undefined {
  return lock[type]?.[0];
}
