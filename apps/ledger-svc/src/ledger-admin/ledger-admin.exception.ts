import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum LedgerAdminErrorCode {
  InvalidNote = 'invalid_argument',
  InvalidDays = 'invalid_days',
  InvalidRange = 'invalid_range',
  InvalidCursor = 'invalid_cursor',
  InvalidLimit = 'invalid_limit',
}

const KINDS: Record<LedgerAdminErrorCode, ErrorKind> = {
  [LedgerAdminErrorCode.InvalidNote]: 'invalid_argument',
  [LedgerAdminErrorCode.InvalidDays]: 'invalid_argument',
  [LedgerAdminErrorCode.InvalidRange]: 'invalid_argument',
  [LedgerAdminErrorCode.InvalidCursor]: 'invalid_argument',
  [LedgerAdminErrorCode.InvalidLimit]: 'invalid_argument',
};

export class LedgerAdminException extends DomainException {
  constructor(code: LedgerAdminErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
