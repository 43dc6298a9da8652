import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum AdminAuditErrorCode {
  InvalidFilter = 'invalid_filter',
}

const KINDS: Record<AdminAuditErrorCode, ErrorKind> = {
  [AdminAuditErrorCode.InvalidFilter]: 'invalid_argument',
};

export class AdminAuditException extends DomainException {
  constructor(code: AdminAuditErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
