import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum AdminsExceptionCode {
  AdminExists = 'admin_exists',
  AdminNotFound = 'admin_not_found',
  InvalidRole = 'invalid_role',
  EnvSuperadmin = 'env_superadmin',
}

const KINDS: Record<AdminsExceptionCode, ErrorKind> = {
  [AdminsExceptionCode.AdminExists]: 'already_exists',
  [AdminsExceptionCode.AdminNotFound]: 'not_found',
  [AdminsExceptionCode.InvalidRole]: 'invalid_argument',
  [AdminsExceptionCode.EnvSuperadmin]: 'failed_precondition',
};

export class AdminsException extends DomainException {
  constructor(code: AdminsExceptionCode, message: string) {
    super(KINDS[code], code, message);
  }
}
