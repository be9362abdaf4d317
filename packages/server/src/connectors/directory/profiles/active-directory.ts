import { ConnectorError } from '../../sdk/index.ts';
import type { AccountProfile, AttributeChange, LockState } from './account-profile.ts';
import { firstValue } from './account-profile.ts';
import { escapeFilterBytes } from '../ldap-escape.ts';
import { guidFromObjectGuidBytes, objectGuidBytesFromGuid } from '../object-guid.ts';

/** userAccountControl flag ACCOUNTDISABLE. */
export const ACCOUNTDISABLE = 0x2;

function accountControl(lock: LockState): number {
  const raw = firstValue(lock, 'userAccountControl');
  const value = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(value)) {
    throw new ConnectorError('UpstreamFailure', `the entry has no usable userAccountControl (${raw === undefined ? 'absent' : `'${raw}'`}); is this an Active Directory user?`);
  }
  return value;
}

function withDisabledBit(lock: LockState, disabled: boolean): number {
  const uac = accountControl(lock);
  return disabled ? uac | ACCOUNTDISABLE : uac & ~ACCOUNTDISABLE;
}

// Delete-old-then-add-new in one modify is a compare-and-set: AD refuses it if someone changed the
// flags between our read and our write, instead of silently overwriting their change.
function setAccountControl(lock: LockState, next: number): AttributeChange[] {
  const uac = accountControl(lock);
  if (next === uac) return [];
  return [
    { operation: 'delete', type: 'userAccountControl', values: [String(uac)] },
    { operation: 'add', type: 'userAccountControl', values: [String(next)] },
  ];
}

/** AD wants the new password as a quoted string in UTF-16LE, set by replace (an administrator reset). */
export function encodeUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/**
 * Active Directory: the ACCOUNTDISABLE bit of userAccountControl, changed by read-modify-write so the
 * other flags (password never expires, smart card required, …) stay as they are.
 */
export const activeDirectoryProfile: AccountProfile = {
  name: 'active-directory',
  // objectGUID is 16 bytes with no string syntax: read as a buffer, searched as escaped bytes.
  objectId: {
    name: 'objectGUID',
    binary: true,
    toGuid: (value) => (Buffer.isBuffer(value) && value.length === 16 ? guidFromObjectGuidBytes(value) : undefined),
    filterValue: (guid) => escapeFilterBytes(objectGuidBytesFromGuid(guid)),
  },
  lockAttributes: ['userAccountControl'],
  isEnabled: (lock) => (accountControl(lock) & ACCOUNTDISABLE) === 0,
  disable: (lock) => setAccountControl(lock, withDisabledBit(lock, true)),
  enable: (lock) => setAccountControl(lock, withDisabledBit(lock, false)),
  // Only the disable bit is put back: other flags may have been changed since for other reasons.
  restore: (current, before) => {
    const wasDisabled = (accountControl(before) & ACCOUNTDISABLE) !== 0;
    return setAccountControl(current, withDisabledBit(current, wasDisabled));
  },
  resetPassword: (password, forceChange) => ({
    changes: [
      { operation: 'replace', type: 'unicodePwd', values: [encodeUnicodePwd(password)] },
      // pwdLastSet=0 is how AD says "must change password at next logon".
      ...(forceChange ? [{ operation: 'replace' as const, type: 'pwdLastSet', values: ['0'] }] : []),
    ],
    forceChangeApplied: forceChange,
  }),
};
