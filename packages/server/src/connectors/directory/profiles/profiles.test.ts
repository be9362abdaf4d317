import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../sdk/index.ts';
import { activeDirectoryProfile as ad, encodeUnicodePwd, freeIpa389Profile as ipa, openLdapPpolicyProfile as ppolicy, PERMANENT_LOCK_TIME } from './index.ts';

// No Active Directory or 389/FreeIPA server runs in tests: these check the attribute changes each
// profile computes; the OpenLDAP profile is also exercised against a real slapd.
describe('Active Directory profile (userAccountControl)', () => {
  const enabledUser = { userAccountControl: ['66048'] }; // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD
  const disabledUser = { userAccountControl: ['66050'] };

  it('reads the ACCOUNTDISABLE bit', () => {
    expect(ad.isEnabled(enabledUser)).toBe(true);
    expect(ad.isEnabled(disabledUser)).toBe(false);
  });

  it('disables by setting only bit 0x2, as a compare-and-set of the value read', () => {
    expect(ad.disable(enabledUser)).toEqual([
      { operation: 'delete', type: 'userAccountControl', values: ['66048'] },
      { operation: 'add', type: 'userAccountControl', values: ['66050'] },
    ]);
    expect(ad.disable(disabledUser)).toEqual([]);
    expect(ad.enable(disabledUser)).toEqual([
      { operation: 'delete', type: 'userAccountControl', values: ['66050'] },
      { operation: 'add', type: 'userAccountControl', values: ['66048'] },
    ]);
  });

  it('restores only the disable bit, keeping flags changed since', () => {
    const now = { userAccountControl: [String(66050 | 0x10000 | 0x40000)] }; // disabled, smart card required since
    expect(ad.restore(now, enabledUser)).toEqual([
      { operation: 'delete', type: 'userAccountControl', values: [now.userAccountControl[0]] },
      { operation: 'add', type: 'userAccountControl', values: [String((66050 | 0x40000) & ~2)] },
    ]);
  });

  it('refuses an entry without userAccountControl with a typed error', () => {
    expect(() => ad.disable({ userAccountControl: null })).toThrow(ConnectorError);
  });

  it('resets with a quoted UTF-16LE unicodePwd and pwdLastSet=0 to force a change', () => {
    const reset = ad.resetPassword('Pässw0rd"x', true);
    expect(encodeUnicodePwd('ab')).toEqual(Buffer.from([0x22, 0, 0x61, 0, 0x62, 0, 0x22, 0]));
    expect(reset.changes).toEqual([
      { operation: 'replace', type: 'unicodePwd', values: [Buffer.from('"Pässw0rd"x"', 'utf16le')] },
      { operation: 'replace', type: 'pwdLastSet', values: ['0'] },
    ]);
    expect(reset.forceChangeApplied).toBe(true);
    expect(ad.resetPassword('x', false).changes.map((c) => c.type)).toEqual(['unicodePwd']);
  });
});

describe('389 / FreeIPA profile (nsAccountLock)', () => {
  it('locks with nsAccountLock TRUE and unlocks by removing it', () => {
    expect(ipa.isEnabled({ nsAccountLock: null })).toBe(true);
    expect(ipa.isEnabled({ nsAccountLock: ['true'] })).toBe(false);
    expect(ipa.isEnabled({ nsAccountLock: ['FALSE'] })).toBe(true);
    expect(ipa.disable({ nsAccountLock: null })).toEqual([{ operation: 'replace', type: 'nsAccountLock', values: ['TRUE'] }]);
    expect(ipa.disable({ nsAccountLock: ['TRUE'] })).toEqual([]);
    expect(ipa.enable({ nsAccountLock: ['TRUE'] })).toEqual([{ operation: 'delete', type: 'nsAccountLock', values: [] }]);
  });

  it('restores the previous value or its absence', () => {
    expect(ipa.restore({ nsAccountLock: ['TRUE'] }, { nsAccountLock: null })).toEqual([{ operation: 'delete', type: 'nsAccountLock', values: [] }]);
    expect(ipa.restore({ nsAccountLock: ['TRUE'] }, { nsAccountLock: ['FALSE'] })).toEqual([{ operation: 'replace', type: 'nsAccountLock', values: ['FALSE'] }]);
    expect(ipa.restore({ nsAccountLock: ['FALSE'] }, { nsAccountLock: ['FALSE'] })).toEqual([]);
  });

  it('says that it cannot force a change per user', () => {
    const reset = ipa.resetPassword('pw', true);
    expect(reset).toMatchObject({ forceChangeApplied: false, note: expect.stringContaining('passwordMustChange') });
    expect(reset.changes).toEqual([{ operation: 'replace', type: 'userPassword', values: ['pw'] }]);
  });
});

describe('OpenLDAP ppolicy profile (pwdAccountLockedTime)', () => {
  it('locks permanently and restores a previous temporary lock time exactly', () => {
    expect(ppolicy.disable({ pwdAccountLockedTime: null })).toEqual([{ operation: 'replace', type: 'pwdAccountLockedTime', values: [PERMANENT_LOCK_TIME] }]);
    expect(ppolicy.restore({ pwdAccountLockedTime: [PERMANENT_LOCK_TIME] }, { pwdAccountLockedTime: ['20261129031500Z'] })).toEqual([
      { operation: 'replace', type: 'pwdAccountLockedTime', values: ['20261129031500Z'] },
    ]);
    expect(ppolicy.resetPassword('pw', true).changes).toEqual([
      { operation: 'replace', type: 'userPassword', values: ['pw'] },
      { operation: 'replace', type: 'pwdReset', values: ['TRUE'] },
    ]);
  });
});

describe("each profile's unique id, answered as the Graph user id", () => {
  const guid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  const adBytes = Buffer.from([0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01]);

  it('Active Directory: objectGUID as bytes, searched as escaped bytes', () => {
    expect(ad.objectId).toMatchObject({ name: 'objectGUID', binary: true });
    expect(ad.objectId.toGuid(adBytes)).toBe(guid);
    expect(ad.objectId.toGuid('not bytes')).toBeUndefined();
    expect(ad.objectId.filterValue(guid)).toBe('\\e0\\04\\25\\3f\\89\\4f\\d3\\11\\9a\\0c\\03\\05\\e8\\2c\\33\\01');
  });

  it('389 / FreeIPA: nsUniqueId regrouped, searched in its own form', () => {
    expect(ipa.objectId).toMatchObject({ name: 'nsUniqueId', binary: false });
    expect(ipa.objectId.toGuid('3f2504e0-4f8911d3-9a0c0305-e82c3301')).toBe(guid);
    expect(ipa.objectId.toGuid(guid)).toBeUndefined();
    expect(ipa.objectId.filterValue(guid)).toBe('3f2504e0-4f8911d3-9a0c0305-e82c3301');
  });

  it('OpenLDAP: entryUUID as it is', () => {
    expect(ppolicy.objectId).toMatchObject({ name: 'entryUUID', binary: false });
    expect(ppolicy.objectId.toGuid(guid.toUpperCase())).toBe(guid);
    expect(ppolicy.objectId.filterValue(guid)).toBe(guid);
  });
});
