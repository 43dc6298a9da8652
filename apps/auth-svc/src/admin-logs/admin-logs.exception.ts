import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum AdminLogsErrorCode {
  InvalidKind = 'invalid_kind',
  InvalidLimit = 'invalid_limit',
  InvalidLevel = 'invalid_level',
  InvalidRange = 'invalid_range',
  InvalidCursor = 'invalid_cursor',
}

const KINDS: Record<AdminLogsErrorCode, ErrorKind> = {
  [AdminLogsErrorCode.InvalidKind]: 'invalid_argument',
  [AdminLogsErrorCode.InvalidLimit]: 'invalid_argument',
  [AdminLogsErrorCode.InvalidLevel]: 'invalid_argument',
  [AdminLogsErrorCode.InvalidRange]: 'invalid_argument',
  [AdminLogsErrorCode.InvalidCursor]: 'invalid_argument',
};

export class AdminLogsException extends DomainException {
  constructor(code: AdminLogsErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
