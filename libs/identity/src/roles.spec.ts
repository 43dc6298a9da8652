import { common } from '@trafficshare/contracts';

import { ROLE_NAMES, isRoleName, roleFromProto, roleToProto } from './roles';

describe('role names ⇄ common.Role', () => {
  it('round-trips every role', () => {
    expect(ROLE_NAMES).toEqual(['user', 'moderator', 'superadmin']);
    for (const name of ROLE_NAMES) expect(roleFromProto(roleToProto(name))).toBe(name);
    expect(roleToProto('superadmin')).toBe(common.Role.ROLE_SUPERADMIN);
  });

  it('has no name for UNSPECIFIED or unknown values', () => {
    expect(roleFromProto(common.Role.ROLE_UNSPECIFIED)).toBeUndefined();
    expect(roleFromProto(common.Role.UNRECOGNIZED)).toBeUndefined();
    expect(roleFromProto(42 as common.Role)).toBeUndefined();
  });

  it('recognises role names in text', () => {
    expect(isRoleName('moderator')).toBe(true);
    expect(isRoleName('admin')).toBe(false);
    expect(isRoleName('toString')).toBe(false);
  });
});
