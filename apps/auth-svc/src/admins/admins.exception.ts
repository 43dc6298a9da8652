import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum AdminsErrorCode {
  AdminExists = 'admin_exists',
  AdminNotFound = 'admin_not_found',
  InvalidRole = 'invalid_role',
  EnvSuperadmin = 'env_superadmin',
}

const KINDS: Record<AdminsErrorCode, ErrorKind> = {
  [AdminsErrorCode.AdminExists]: 'already_exists',
  [AdminsErrorCode.AdminNotFound]: 'not_found',
  [AdminsErrorCode.InvalidRole]: 'invalid_argument',
  [AdminsErrorCode.EnvSuperadmin]: 'failed_precondition',
};

export class AdminsException extends DomainException {
  constructor(code: AdminsErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
