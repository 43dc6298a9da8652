import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum LedgerAdminErrorCode {
  InvalidNote = 'invalid_argument',
}

const KINDS: Record<LedgerAdminErrorCode, ErrorKind> = {
  [LedgerAdminErrorCode.InvalidNote]: 'invalid_argument',
};

export class LedgerAdminException extends DomainException {
  constructor(code: LedgerAdminErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
