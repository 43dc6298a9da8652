import { common, enumNames, type NameOf } from '@trafficshare/contracts';

/** Roles by the names the HTTP API, tokens and rows use; `common.Role` on the wire. */
export const roleNames = enumNames(common.Role, {
  user: common.Role.ROLE_USER,
  moderator: common.Role.ROLE_MODERATOR,
  superadmin: common.Role.ROLE_SUPERADMIN,
});

export type RoleName = NameOf<typeof roleNames>;

export const ROLE_NAMES: readonly RoleName[] = roleNames.names;

/** The roles that may read any user's data and reach the admin routes their RPCs allow. */
export const ADMIN_ROLES: readonly RoleName[] = ['superadmin', 'moderator'];

export function roleToProto(role: RoleName): common.Role {
  return roleNames.toProto(role);
}

/** undefined for ROLE_UNSPECIFIED and values this build does not know. */
export function roleFromProto(role: common.Role): RoleName | undefined {
  return roleNames.toNameOr(role, undefined);
}

export function isRoleName(text: string): text is RoleName {
  return roleNames.isName(text);
}
