import { DomainException } from '@trafficshare/grpc';

export enum LedgerRequestCode {
  CallerMissing = 'caller_missing',
  Forbidden = 'forbidden',
  InvalidArgument = 'invalid_argument',
}

/** Request-level failures shared by every ledger feature. */
export class LedgerRequestException extends DomainException {
  constructor(code: LedgerRequestCode, message: string) {
    super(
      code === LedgerRequestCode.Forbidden
        ? 'permission_denied'
        : code === LedgerRequestCode.CallerMissing
          ? 'unauthenticated'
          : 'invalid_argument',
      code,
      message,
    );
  }
}
