import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum TwoFactorErrorCode {
  AlreadyEnabled = 'two_factor_already_enabled',
  NotEnrolled = 'two_factor_not_enrolled',
  NotEnabled = 'two_factor_not_enabled',
  CodeRequired = 'two_factor_required',
  InvalidCode = 'invalid_two_factor_code',
  TooManyAttempts = 'too_many_two_factor_attempts',
}

const KINDS: Record<TwoFactorErrorCode, ErrorKind> = {
  [TwoFactorErrorCode.AlreadyEnabled]: 'conflict',
  [TwoFactorErrorCode.NotEnrolled]: 'failed_precondition',
  [TwoFactorErrorCode.NotEnabled]: 'failed_precondition',
  [TwoFactorErrorCode.CodeRequired]: 'permission_denied',
  [TwoFactorErrorCode.InvalidCode]: 'permission_denied',
  [TwoFactorErrorCode.TooManyAttempts]: 'rate_limited',
};

export class TwoFactorException extends DomainException {
  constructor(code: TwoFactorErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
